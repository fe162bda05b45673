using System.Runtime.InteropServices;
using System.Text;

namespace DicomSegNode.Segmentation.Backends.Cuda.Native;

/// <summary>
/// Finds and loads the CUDA libraries by their versioned names (see <see cref="NativeLibrarySpec"/>) from the
/// folders of <see cref="CudaLibrarySearch"/> and then from the system loader path. A file that exists but is not
/// a loadable ELF shared library is reported with its path and the loader's error; in a configured folder that
/// ends discovery (the operator pointed at it), elsewhere the search goes on and the note is kept for the reason.
/// </summary>
internal static class CudaLibraryLoader
{
    private static ReadOnlySpan<byte> ElfMagic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>Loads every library or returns null with the precise reason in <paramref name="failure"/>.</summary>
    public static CudaLibrarySet? TryLoad(IReadOnlyList<SearchFolder> folders, bool trySystemLoader, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var notes = new List<string>();
        int chosenMajor = NativeLibrarySpec.CudaMajors[0];
        LoadedLibrary? cudart = null;
        foreach (int major in NativeLibrarySpec.CudaMajors)
        {
            var spec = NativeLibrarySpec.ForCudaMajor(major).Single(s => s.Key == "cudart");
            var attempt = LoadOne(spec, folders, trySystemLoader, notes, out string? fatal);
            if (fatal is not null)
            {
                failure = fatal;
                return null;
            }

            if (attempt is not null)
            {
                cudart = attempt;
                chosenMajor = major;
                break;
            }
        }

        var loaded = new Dictionary<string, LoadedLibrary>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var spec in NativeLibrarySpec.ForCudaMajor(chosenMajor))
        {
            if (spec.Key == "cudart")
            {
                if (cudart is null)
                {
                    missing.Add($"{string.Join(" or ", NativeLibrarySpec.CudaMajors.Select(m => $"libcudart.so.{m}"))} ({spec.Purpose})");
                }
                else
                {
                    loaded[spec.Key] = cudart;
                }

                continue;
            }

            var library = LoadOne(spec, folders, trySystemLoader, notes, out string? fatal);
            if (fatal is not null)
            {
                failure = fatal;
                return null;
            }

            if (library is not null)
            {
                loaded[spec.Key] = library;
            }
            else if (spec.Required)
            {
                missing.Add($"{string.Join(" or ", spec.FileNames)} ({spec.Purpose})");
            }
        }

        if (missing.Count > 0)
        {
            failure = DescribeMissing(missing, folders, trySystemLoader, notes);
            return null;
        }

        failure = null;
        return new CudaLibrarySet(chosenMajor, loaded);
    }

    /// <summary>Why <paramref name="path"/> cannot be a shared library, or null when it looks like an ELF file.</summary>
    public static string? CheckElfHeader(string path)
    {
        Span<byte> head = stackalloc byte[4];
        try
        {
            using var stream = File.OpenRead(path);
            int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (read < head.Length)
            {
                return $"{path} is {read} bytes long, too short to be a shared library";
            }
        }
        catch (IOException e)
        {
            return $"{path} cannot be read: {e.Message}";
        }
        catch (UnauthorizedAccessException e)
        {
            return $"{path} cannot be read: {e.Message}";
        }

        return head.SequenceEqual(ElfMagic)
            ? null
            : $"{path} is not an ELF shared library (it starts with bytes {Convert.ToHexString(head)}, not 7F454C46)";
    }

    private static LoadedLibrary? LoadOne(NativeLibrarySpec spec, IReadOnlyList<SearchFolder> folders, bool trySystemLoader, List<string> notes, out string? fatal)
    {
        fatal = null;
        foreach (string fileName in spec.FileNames)
        {
            foreach (var folder in folders)
            {
                string path = Path.Combine(folder.Path, fileName);
                if (!File.Exists(path))
                {
                    continue;
                }

                string? problem = CheckElfHeader(path);
                if (problem is null)
                {
                    try
                    {
                        return new LoadedLibrary(spec.Key, path, NativeLibrary.Load(path));
                    }
                    catch (DllNotFoundException e)
                    {
                        problem = $"{path} could not be loaded: {e.Message}";
                    }
                    catch (BadImageFormatException e)
                    {
                        problem = $"{path} could not be loaded: {e.Message}";
                    }
                }

                if (folder.Configured && spec.Required)
                {
                    fatal = $"CUDA library {fileName} ({spec.Purpose}) in the configured folder {folder.Path} is not usable: {problem}";
                    return null;
                }

                notes.Add(problem);
            }

            if (trySystemLoader && NativeLibrary.TryLoad(fileName, out IntPtr handle))
            {
                return new LoadedLibrary(spec.Key, fileName, handle);
            }
        }

        return null;
    }

    private static string DescribeMissing(List<string> missing, IReadOnlyList<SearchFolder> folders, bool trySystemLoader, List<string> notes)
    {
        const int MaxFolders = 12;
        var text = new StringBuilder("CUDA libraries not found: ").AppendJoin("; ", missing).Append(". Searched ");
        if (folders.Count == 0)
        {
            text.Append("no existing folder");
        }
        else
        {
            text.AppendJoin(", ", folders.Take(MaxFolders).Select(f => f.Path));
            if (folders.Count > MaxFolders)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $" and {folders.Count - MaxFolders} more");
            }
        }

        if (trySystemLoader)
        {
            text.Append(" and the system loader path (ld.so.cache)");
        }

        if (notes.Count > 0)
        {
            text.Append(". Found but unusable: ").AppendJoin("; ", notes);
        }

        return text.Append(". Configure the folder that holds them (CudaOptions.LibraryFolders) or install the CUDA 12 runtime, cuBLAS and cuDNN 9.").ToString();
    }
}
