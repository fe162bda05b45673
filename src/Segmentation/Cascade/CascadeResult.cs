using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Cascade;

/// <summary>
/// The cascade's result on the source grid: three possibly overlapping segments (Liver including tumour, Liver
/// tumour, Hepatic vessels) with their volumes, the liver ROI the vessel stage saw, per-step timings and the models
/// used. No liver found is a result (<see cref="LiverFound"/> false, empty masks, <see cref="Message"/> says why).
/// </summary>
public sealed record CascadeResult(
    bool LiverFound,
    string Message,
    SegmentMask Liver,
    SegmentMask Tumour,
    SegmentMask Vessels,
    Box3? LiverRoi,
    IReadOnlyList<CascadeStageTiming> Timings,
    IReadOnlyList<StageModelInfo> Models)
{
    public const string LiverName = "Liver";
    public const string TumourName = "Liver tumour";
    public const string VesselsName = "Hepatic vessels";

    public IReadOnlyList<SegmentMask> Segments => [Liver, Tumour, Vessels];

    public TimeSpan Total => Timings.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Duration);

    /// <summary>
    /// One label map in the phantom's and the Decathlon's numbering: 1 liver, 2 tumour, 3 hepatic vessel. Where
    /// segments overlap, tumour wins over vessel, vessel over liver.
    /// </summary>
    public LabelMap ToLabelMap()
    {
        var geometry = Liver.Mask.Geometry;
        var labels = new byte[geometry.Size.VoxelCount];
        var liver = Liver.Mask.Labels;
        var tumour = Tumour.Mask.Labels;
        var vessels = Vessels.Mask.Labels;
        Parallel.For(0, geometry.Size.Z, k =>
        {
            int start = k * geometry.Size.SliceVoxels, end = start + geometry.Size.SliceVoxels;
            for (int v = start; v < end; v++)
            {
                labels[v] = tumour[v] != 0 ? (byte)2 : vessels[v] != 0 ? (byte)3 : liver[v] != 0 ? (byte)1 : (byte)0;
            }
        });
        return new LabelMap(geometry, labels);
    }
}
