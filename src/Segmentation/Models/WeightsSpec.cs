namespace DicomSegNode.Segmentation.Models;

/// <summary>model.json "weights": the weights file (a plain file name inside the package folder) and its SHA-256.</summary>
public sealed record WeightsSpec(string File, string Sha256);
