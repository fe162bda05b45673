using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Cascade;

/// <summary>One result segment on the source grid: a 0/1 mask, its name and its volume.</summary>
public sealed record SegmentMask(string Name, LabelMap Mask, double Millilitres);
