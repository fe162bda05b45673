namespace DicomSegNode.Node.Series;

/// <summary>A series that did not become a volume: the reason code and a sentence a person can act on.</summary>
public sealed record SeriesRejection(SeriesRejectionReason Reason, string Message)
{
    public override string ToString() => $"{Reason.Code()}: {Message}";
}
