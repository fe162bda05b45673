namespace DicomSegNode.Node.Configuration;

/// <summary>Configuration section <c>Storage</c>: where the node keeps its spool, journal and outputs.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Data directory; relative paths are taken from the working directory. Created at start when missing.</summary>
    public string DataDir { get; set; } = "data";
}
