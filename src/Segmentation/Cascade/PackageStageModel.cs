using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Inference;
using DicomSegNode.Segmentation.Models;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Cascade;

/// <summary>A stage backed by a model package run by the inference engine (<see cref="SegmentationPredictor"/>).</summary>
public sealed class PackageStageModel : IStageModel
{
    private readonly SegmentationPredictor _predictor;

    public PackageStageModel(ModelPackage package, PredictorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        _predictor = new SegmentationPredictor(package, options);
        var m = package.Manifest;
        var s = m.Input.SpacingMm;

        // model.json gives spacing as (z, y, x).
        Info = new StageModelInfo(m.Name, m.Version, new Vec3(s[2], s[1], s[0]), m.Architecture.ClassNames);
    }

    public StageModelInfo Info { get; }

    /// <summary>The backend the engine runs on (and why, when it fell back from the one asked for).</summary>
    public string Backend => _predictor.FallbackReason is { } why ? $"{_predictor.BackendName} ({why})" : _predictor.BackendName;

    /// <summary>Loads the package in <paramref name="folder"/>.</summary>
    public static PackageStageModel Load(string folder, Device device = Device.Auto) =>
        new(ModelPackage.Load(folder), new PredictorOptions { Device = device });

    public float[] Predict(float[] hu, GridSize size, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var relay = progress is null ? null : new SynchronousProgress(p => progress.Report(p.PatchesTotal == 0 ? 1 : (double)p.PatchesDone / p.PatchesTotal));
        return _predictor.Predict(hu, size.Z, size.Y, size.X, relay, cancellationToken).Data;
    }

    public void Dispose() => _predictor.Dispose();

    // Progress<T> posts to the thread pool; the cascade wants reports in order, as they happen.
    private sealed class SynchronousProgress(Action<InferenceProgress> report) : IProgress<InferenceProgress>
    {
        public void Report(InferenceProgress value) => report(value);
    }
}
