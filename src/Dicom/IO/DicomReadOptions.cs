namespace DicomSegNode.Dicom.IO;

/// <summary>Limits that bound what a reader will allocate for hostile input.</summary>
public sealed record DicomReadOptions
{
    /// <summary>The defaults: 64 levels of nesting, 2 GiB inflated deflate data, 1 GiB Part 10 file.</summary>
    public static DicomReadOptions Default { get; } = new();

    /// <summary>Deepest allowed sequence nesting; deeper input is rejected (PS3.5 7.5 sets no limit, real data stays under 10).</summary>
    public int MaxSequenceDepth { get; init; } = 64;

    /// <summary>Most bytes a deflated data set may inflate to (stops zip bombs).</summary>
    public long MaxInflatedLength { get; init; } = int.MaxValue - 64;

    /// <summary>Largest file or stream the reader will load.</summary>
    public long MaxFileLength { get; init; } = int.MaxValue - 64;

    /// <summary>Stop at this tag (exclusive) at the top level, e.g. (7FE0,0010) to read headers only.</summary>
    public Data.DicomTag? StopBeforeTag { get; init; }
}
