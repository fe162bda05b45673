namespace DicomSegNode.Segmentation.Models;

/// <summary>model.json "provenance": where the weights came from.</summary>
/// <param name="Data">Training data description.</param>
/// <param name="Epochs">Training epochs.</param>
/// <param name="ValidationDice">Validation Dice per class name.</param>
/// <param name="Date">When the package was written (ISO 8601).</param>
public sealed record ModelProvenance(string Data, int Epochs, IReadOnlyDictionary<string, double> ValidationDice, string Date);
