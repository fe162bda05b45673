namespace DicomSegNode.Node.Series;

/// <summary>An input left out of the volume (a duplicate, a localizer, an instance of a smaller stack...), and why.</summary>
public sealed record ExcludedInstance(string Source, SeriesRejectionReason? Reason, string Detail);
