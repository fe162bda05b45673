namespace DicomSegNode.Node.Series;

/// <summary>Identity of a CT series written by <see cref="CtSeriesWriter"/>; UIDs left null are derived from <see cref="UidSeed"/>.</summary>
public sealed record CtSeriesOptions
{
    /// <summary>Makes the derived UIDs deterministic (same seed, same UIDs: a re-run replaces, not duplicates, at a PACS).</summary>
    public required string UidSeed { get; init; }

    public string PatientName { get; init; } = "Phantom^Abdomen";

    public string PatientId { get; init; } = "PHANTOM";

    public string? StudyInstanceUid { get; init; }

    public string? SeriesInstanceUid { get; init; }

    public string? FrameOfReferenceUid { get; init; }

    public int SeriesNumber { get; init; } = 1;

    public string SeriesDescription { get; init; } = "Synthetic abdominal CT (DicomSegNode phantom)";

    public DateOnly StudyDate { get; init; } = new(2026, 1, 1);

    public TimeOnly StudyTime { get; init; } = new(9, 0);
}
