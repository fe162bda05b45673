namespace DicomSegNode.Node.Series;

/// <summary>Tolerances of series assembly.</summary>
public sealed record SeriesAssemblyOptions
{
    /// <summary>A stack with fewer slices is rejected (a handful of slices cannot hold a liver).</summary>
    public int MinSlices { get; init; } = 8;

    /// <summary>A step larger than this many times the typical step is a gap (missing slices).</summary>
    public double GapFactor { get; init; } = 1.5;

    /// <summary>Steps may differ from the typical step by this fraction (rounding in ImagePositionPatient).</summary>
    public double SpacingTolerance { get; init; } = 0.1;

    /// <summary>Slice positions may stray this far (mm) from the straight line through the stack.</summary>
    public double PositionToleranceMm { get; init; } = 0.5;

    /// <summary>Direction cosines within this of each other are one orientation.</summary>
    public double OrientationTolerance { get; init; } = 1e-3;

    /// <summary>Positions along the slice normal closer than this (mm) are the same slice position.</summary>
    public double SamePositionMm { get; init; } = 0.01;
}
