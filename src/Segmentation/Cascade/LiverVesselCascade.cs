using System.Diagnostics;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Cascade;

/// <summary>
/// The liver-then-vessel cascade (DESIGN.md "The cascade"):
/// 1. liver stage: the volume resampled (trilinear) to the liver model's spacing, probabilities resampled back to the
///    source grid and arg-maxed there; the largest 26-connected component of liver+tumour, holes filled; tumour only
///    inside it;
/// 2. ROI: the liver's bounding box plus <see cref="CascadeOptions.RoiMarginMm"/>;
/// 3. vessel stage: the ROI resampled to the vessel model's spacing, probabilities back onto the ROI at source
///    spacing; vessels kept inside the liver dilated by <see cref="CascadeOptions.LiverDilationMm"/>, tumour inside
///    the liver; pasted back into the source grid;
/// 4. result: Liver (liver + tumour), Liver tumour (liver stage's and vessel stage's, inside the liver), Hepatic
///    vessels, with volumes in mL.
/// </summary>
public sealed class LiverVesselCascade
{
    private readonly IStageModel _liverModel;
    private readonly IStageModel _vesselModel;
    private readonly CascadeOptions _options;
    private readonly int _liverClass, _liverTumourClass, _vesselClass, _vesselTumourClass;

    public LiverVesselCascade(IStageModel liverModel, IStageModel vesselModel, CascadeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(liverModel);
        ArgumentNullException.ThrowIfNull(vesselModel);
        _liverModel = liverModel;
        _vesselModel = vesselModel;
        _options = options ?? new CascadeOptions();
        _liverClass = liverModel.Info.ClassIndex("liver");
        _liverTumourClass = liverModel.Info.ClassIndex("tumour", "tumor", "lesion");
        _vesselClass = vesselModel.Info.ClassIndex("vessel");
        _vesselTumourClass = vesselModel.Info.ClassIndex("tumour", "tumor", "lesion");
        if (_liverClass < 0)
        {
            throw new ArgumentException($"The liver model '{liverModel.Info.Name}' has no liver class (classes: {string.Join(", ", liverModel.Info.ClassNames)}).", nameof(liverModel));
        }

        if (_vesselClass < 0)
        {
            throw new ArgumentException($"The vessel model '{vesselModel.Info.Name}' has no vessel class (classes: {string.Join(", ", vesselModel.Info.ClassNames)}).", nameof(vesselModel));
        }
    }

    public CascadeResult Run(Volume volume, IProgress<CascadeProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var timings = new List<CascadeStageTiming>();
        var g = volume.Geometry;
        var size = g.Size;
        var clock = Stopwatch.StartNew();
        void Lap(string stage)
        {
            timings.Add(new CascadeStageTiming(stage, clock.Elapsed));
            clock.Restart();
        }

        // 1. Liver stage.
        progress?.Report(new CascadeProgress("liver: resample", 0));
        var liverGrid = _liverModel.Info.GridFor(g);
        var liverInput = Resampler.Trilinear(volume.Voxels, g, liverGrid, -1024f);
        Lap("liver: resample");
        var liverProbabilities = _liverModel.Predict(liverInput, liverGrid.Size,
            progress is null ? null : new Relay(f => progress.Report(new CascadeProgress("liver: inference", f))), cancellationToken);
        Lap("liver: inference");
        progress?.Report(new CascadeProgress("liver: post-processing", 0));
        var liverLabels = Resampler.ArgMaxTrilinear(liverProbabilities, _liverModel.Info.ClassNames.Count, liverGrid, g);
        liverProbabilities = null;
        var organ = Select(liverLabels, c => c == _liverClass || (c == _liverTumourClass && _liverTumourClass > 0));
        organ = HoleFilling.Fill(ConnectedComponents.KeepLargest(organ, size, Connectivity.TwentySix), size);
        var tumour = _liverTumourClass > 0 ? And(Select(liverLabels, c => c == _liverTumourClass), organ) : new byte[organ.Length];
        Lap("liver: post-processing");

        double liverMl = VolumeMeasure.Millilitres(organ, 1, g);
        var bounds = Cropper.BoundingBox(organ, size);
        if (bounds is null || liverMl < _options.MinLiverMillilitres)
        {
            string message = bounds is null
                ? "no liver found: the liver model found no liver voxels"
                : FormattableString.Invariant($"no liver found: the largest liver component is {liverMl:0.0} mL, below the {_options.MinLiverMillilitres:0.#} mL minimum");
            var empty = new byte[size.VoxelCount];
            return Result(false, message, g, empty, empty, empty, null, timings);
        }

        // 2. ROI: bounding box plus margin, per axis in voxels of the source grid.
        var margin = Morphology.RadiusInVoxels(g, _options.RoiMarginMm);
        var roi = bounds.Value.Expand(margin.X, margin.Y, margin.Z, size);
        var roiGrid = g.Crop(roi);

        // 3. Vessel stage on the ROI.
        progress?.Report(new CascadeProgress("vessels: resample", 0));
        var vesselGrid = _vesselModel.Info.GridFor(roiGrid);
        var vesselInput = Resampler.Trilinear(volume.Voxels, g, vesselGrid, -1024f);
        Lap("vessels: resample");
        var vesselProbabilities = _vesselModel.Predict(vesselInput, vesselGrid.Size,
            progress is null ? null : new Relay(f => progress.Report(new CascadeProgress("vessels: inference", f))), cancellationToken);
        Lap("vessels: inference");
        progress?.Report(new CascadeProgress("vessels: post-processing", 0));
        var roiLabels = Resampler.ArgMaxTrilinear(vesselProbabilities, _vesselModel.Info.ClassNames.Count, vesselGrid, roiGrid);
        var roiOrgan = Cropper.Crop(organ, size, roi);
        var dilation = Morphology.RadiusInVoxels(g, _options.LiverDilationMm);
        var roiDilated = Morphology.Dilate(roiOrgan, roi.Size, dilation.X, dilation.Y, dilation.Z);
        var roiVessels = And(Select(roiLabels, c => c == _vesselClass), roiDilated);
        var vessels = new byte[size.VoxelCount];
        Cropper.Paste(vessels, size, roiVessels, roi);
        if (_vesselTumourClass > 0)
        {
            var roiTumour = And(Select(roiLabels, c => c == _vesselTumourClass), roiOrgan);
            var fromVessels = new byte[size.VoxelCount];
            Cropper.Paste(fromVessels, size, roiTumour, roi);
            tumour = Or(tumour, fromVessels);
        }

        Lap("vessels: post-processing");
        return Result(true, FormattableString.Invariant($"liver found: {liverMl:0.0} mL"), g, organ, tumour, vessels, roi, timings);
    }

    private CascadeResult Result(bool found, string message, VolumeGeometry g, byte[] liver, byte[] tumour, byte[] vessels, Box3? roi, List<CascadeStageTiming> timings)
    {
        SegmentMask Mask(string name, byte[] mask) => new(name, new LabelMap(g, mask), VolumeMeasure.Millilitres(mask, 1, g));
        return new CascadeResult(found, message, Mask(CascadeResult.LiverName, liver), Mask(CascadeResult.TumourName, tumour),
            Mask(CascadeResult.VesselsName, vessels), roi, timings, [_liverModel.Info, _vesselModel.Info]);
    }

    private static byte[] Select(byte[] labels, Func<int, bool> keep)
    {
        Span<bool> table = stackalloc bool[256];
        for (int c = 0; c < 256; c++)
        {
            table[c] = keep(c);
        }

        var lookup = table.ToArray();
        var mask = new byte[labels.Length];
        Parallel.For(0, (labels.Length + 65535) / 65536, b =>
        {
            int end = Math.Min(labels.Length, (b + 1) * 65536);
            for (int v = b * 65536; v < end; v++)
            {
                mask[v] = lookup[labels[v]] ? (byte)1 : (byte)0;
            }
        });
        return mask;
    }

    private static byte[] And(byte[] a, byte[] b) => Combine(a, b, (x, y) => (byte)(x & y));

    private static byte[] Or(byte[] a, byte[] b) => Combine(a, b, (x, y) => (byte)(x | y));

    private static byte[] Combine(byte[] a, byte[] b, Func<byte, byte, byte> op)
    {
        var output = new byte[a.Length];
        Parallel.For(0, (a.Length + 65535) / 65536, block =>
        {
            int end = Math.Min(a.Length, (block + 1) * 65536);
            for (int v = block * 65536; v < end; v++)
            {
                output[v] = op(a[v], b[v]);
            }
        });
        return output;
    }

    private sealed class Relay(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
