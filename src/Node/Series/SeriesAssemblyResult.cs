namespace DicomSegNode.Node.Series;

/// <summary>The outcome of assembling a series: a volume or a rejection, and the inputs that were left out either way.</summary>
public sealed record SeriesAssemblyResult(AssembledSeries? Series, SeriesRejection? Rejection, IReadOnlyList<ExcludedInstance> Excluded)
{
    public bool IsAccepted => Series is not null;
}
