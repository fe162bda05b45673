namespace DicomSegNode.Segmentation.Phantom;

/// <summary>What was drawn for one phantom (for logs, file names and tests).</summary>
public sealed record PhantomDescription(
    int Seed,
    double PixelSpacingMm,
    double SliceSpacingMm,
    int Slices,
    int Tumours,
    int VesselSegments,
    double NoiseHu,
    double LiverHu);
