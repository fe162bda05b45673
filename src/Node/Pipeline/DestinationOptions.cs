namespace DicomSegNode.Node.Pipeline;

/// <summary>One PACS (or other SCP) the SEG objects are stored to.</summary>
public sealed class DestinationOptions
{
    /// <summary>Short name for logs, metrics and the outbox folder (letters, digits, '-', '_').</summary>
    public string Name { get; set; } = "";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 104;

    /// <summary>The destination's AE title (our Called AE).</summary>
    public string AeTitle { get; set; } = "";

    /// <summary>Our AE title towards it; empty = <c>Dicom:AeTitle</c>.</summary>
    public string CallingAeTitle { get; set; } = "";
}
