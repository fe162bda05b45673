namespace DicomSegNode.Segmentation.Backends.Cuda.Native;

/// <summary>
/// The folders searched for the CUDA libraries, in order: the configured folders (each also expanded to its
/// <c>nvidia/*/lib</c> and <c>torch/lib</c> sub-folders, so a Python site-packages folder can be configured
/// directly), <c>LD_LIBRARY_PATH</c>, <c>CUDA_HOME</c> / <c>CUDA_PATH</c>, the usual install prefixes, and the
/// <c>nvidia/*/lib</c> folders of pip-installed PyTorch CUDA wheels under the Python prefixes. After these the
/// loader also tries each soname on the system loader path (ld.so.cache).
/// </summary>
internal static class CudaLibrarySearch
{
    private static readonly string[] SystemFolders =
    [
        "/usr/local/cuda/lib64",
        "/usr/local/cuda/targets/x86_64-linux/lib",
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib64",
        "/usr/lib/wsl/lib",
    ];

    private static readonly string[] PythonPrefixes = ["/usr/local/lib", "/usr/lib", "/opt/conda/lib"];

    /// <summary>Existing folders to search, configured ones first; <paramref name="wellKnownFolders"/> false keeps only the configured folders and the environment's (for tests).</summary>
    public static IReadOnlyList<SearchFolder> Folders(IEnumerable<string> configuredFolders, Func<string, string?> environment, bool wellKnownFolders = true)
    {
        ArgumentNullException.ThrowIfNull(configuredFolders);
        ArgumentNullException.ThrowIfNull(environment);
        var result = new List<SearchFolder>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Add(string folder, bool configured)
        {
            if (string.IsNullOrWhiteSpace(folder))
            {
                return;
            }

            string full = Path.GetFullPath(folder);
            if (Directory.Exists(full) && seen.Add(full))
            {
                result.Add(new SearchFolder(full, configured));
            }
        }

        foreach (string folder in configuredFolders)
        {
            Add(folder, configured: true);
            foreach (string sub in PipLibraryFolders(folder))
            {
                Add(sub, configured: true);
            }
        }

        foreach (string part in (environment("LD_LIBRARY_PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            Add(part, configured: false);
        }

        foreach (string variable in new[] { "CUDA_HOME", "CUDA_PATH" })
        {
            string? home = environment(variable);
            if (!string.IsNullOrEmpty(home))
            {
                Add(Path.Combine(home, "lib64"), configured: false);
                Add(Path.Combine(home, "lib"), configured: false);
            }
        }

        if (!wellKnownFolders)
        {
            return result;
        }

        foreach (string folder in SystemFolders)
        {
            Add(folder, configured: false);
        }

        var prefixes = new List<string>(PythonPrefixes);
        foreach (string variable in new[] { "VIRTUAL_ENV", "CONDA_PREFIX" })
        {
            string? env = environment(variable);
            if (!string.IsNullOrEmpty(env))
            {
                prefixes.Insert(0, Path.Combine(env, "lib"));
            }
        }

        string? home2 = environment("HOME");
        if (!string.IsNullOrEmpty(home2))
        {
            prefixes.Add(Path.Combine(home2, ".local", "lib"));
        }

        foreach (string prefix in prefixes)
        {
            foreach (string sitePackages in SitePackages(prefix))
            {
                foreach (string sub in PipLibraryFolders(sitePackages))
                {
                    Add(sub, configured: false);
                }
            }
        }

        return result;
    }

    /// <summary>The <c>nvidia/*/lib</c> folders (pip CUDA wheels: nvidia-cudnn-cu12, nvidia-cublas-cu12, ...) and <c>torch/lib</c> under <paramref name="sitePackages"/>.</summary>
    public static IEnumerable<string> PipLibraryFolders(string sitePackages)
    {
        string nvidia = Path.Combine(sitePackages, "nvidia");
        if (Directory.Exists(nvidia))
        {
            foreach (string package in Directory.EnumerateDirectories(nvidia).Order(StringComparer.Ordinal))
            {
                yield return Path.Combine(package, "lib");
            }
        }

        yield return Path.Combine(sitePackages, "torch", "lib");
    }

    private static IEnumerable<string> SitePackages(string prefix)
    {
        if (!Directory.Exists(prefix))
        {
            yield break;
        }

        foreach (string python in Directory.EnumerateDirectories(prefix, "python3*").Order(StringComparer.Ordinal))
        {
            yield return Path.Combine(python, "site-packages");
            yield return Path.Combine(python, "dist-packages");
        }
    }
}
