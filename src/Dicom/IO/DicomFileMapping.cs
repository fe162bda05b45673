namespace DicomSegNode.Dicom.IO;

/// <summary>
/// A Part 10 file read through a read-only memory mapping: values (a 500 MB multi-frame Pixel Data) are slices of the
/// mapping, read from the page cache when used and never copied onto the managed heap. Everything taken from
/// <see cref="File"/> is valid only until <see cref="Dispose"/>; clone what must outlive it.
/// </summary>
public sealed class DicomFileMapping : IDisposable
{
    private readonly MappedFileMemory _memory;

    private DicomFileMapping(MappedFileMemory memory, DicomFile file)
    {
        _memory = memory;
        File = file;
    }

    /// <summary>The file, parsed from the mapping.</summary>
    public DicomFile File { get; }

    /// <summary>Maps and parses a file (PS3.10 7.1). Malformed content raises <see cref="Data.DicomFormatException"/>.</summary>
    public static DicomFileMapping Open(string path, DicomReadOptions? options = null)
    {
        options ??= DicomReadOptions.Default;
        var length = new FileInfo(path).Length;
        if (length == 0 || length > Math.Min(options.MaxFileLength, int.MaxValue))
        {
            throw new Data.DicomFormatException($"{path} is {length} bytes: empty or over the limit of {options.MaxFileLength} bytes.");
        }

        var memory = new MappedFileMemory(path, length);
        try
        {
            return new DicomFileMapping(memory, DicomFile.Parse(memory.Memory, options));
        }
        catch
        {
            ((IDisposable)memory).Dispose();
            throw;
        }
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose() => ((IDisposable)_memory).Dispose();
}
