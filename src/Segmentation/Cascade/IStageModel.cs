using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Cascade;

/// <summary>One network of the cascade: what grid it wants and its per-class probabilities on that grid.</summary>
public interface IStageModel : IDisposable
{
    /// <summary>Name, version, spacing and classes (from the model package's model.json).</summary>
    StageModelInfo Info { get; }

    /// <summary>
    /// Probabilities [classes, Z, Y, X] (X fastest) for a HU volume already on the model's spacing. Progress is the
    /// fraction of the work done.
    /// </summary>
    float[] Predict(float[] hu, GridSize size, IProgress<double>? progress, CancellationToken cancellationToken);
}
