using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Phantom;

/// <summary>A synthetic abdominal CT and its ground truth on the same grid (labels: <see cref="PhantomLabels"/>).</summary>
public sealed record Phantom(Volume Ct, LabelMap Labels, PhantomDescription Description);
