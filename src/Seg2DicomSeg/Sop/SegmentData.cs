using DicomSegNode.Seg2DicomSeg.Content;

namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>
/// One segment to encode: its description and its mask on the source grid, one byte per voxel (non-zero =
/// inside), laid out [slice, row, column] with slices in the order the source instances are given.
/// Segments may overlap (the liver contains its tumour and vessels).
/// </summary>
/// <param name="Description">What the segment is (Segment Sequence item).</param>
/// <param name="Mask">slices * rows * columns bytes.</param>
public sealed record SegmentData(SegmentDescription Description, ReadOnlyMemory<byte> Mask);
