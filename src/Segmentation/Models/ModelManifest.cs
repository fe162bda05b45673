namespace DicomSegNode.Segmentation.Models;

/// <summary>A parsed, validated model.json (format in docs/engine.md, "Model package").</summary>
/// <param name="FormatVersion">Package format version; this engine reads <see cref="ModelManifestReader.SupportedFormatVersion"/>.</param>
/// <param name="Name">Model name (e.g. "liver").</param>
/// <param name="Version">Model version (part of derived SEG UIDs).</param>
/// <param name="Architecture">The network.</param>
/// <param name="Input">Spacing and intensity normalisation.</param>
/// <param name="Inference">Sliding-window settings.</param>
/// <param name="Provenance">Training provenance.</param>
/// <param name="Weights">Weights file and checksum.</param>
public sealed record ModelManifest(
    int FormatVersion,
    string Name,
    string Version,
    ModelArchitecture Architecture,
    ModelInputSpec Input,
    SlidingWindowSpec Inference,
    ModelProvenance Provenance,
    WeightsSpec Weights);
