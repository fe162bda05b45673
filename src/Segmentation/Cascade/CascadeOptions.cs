namespace DicomSegNode.Segmentation.Cascade;

/// <summary>Post-processing settings of the cascade (DESIGN.md "The cascade").</summary>
public sealed record CascadeOptions
{
    /// <summary>Margin (mm) added on every side of the liver's bounding box to make the vessel stage's ROI.</summary>
    public double RoiMarginMm { get; init; } = 10;

    /// <summary>Vessels are kept within the liver dilated by this much (mm), so vessels at the liver's surface survive.</summary>
    public double LiverDilationMm { get; init; } = 3;

    /// <summary>A liver smaller than this (mL) after post-processing counts as "no liver found".</summary>
    public double MinLiverMillilitres { get; init; } = 5;
}
