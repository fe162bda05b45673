namespace DicomSegNode.Segmentation.Models;

/// <summary>model.json "input": the grid and intensities the network was trained on.</summary>
/// <param name="SpacingMm">Voxel spacing in mm as (z, y, x) = (depth, height, width); 0 on an axis keeps the source spacing.</param>
/// <param name="HuWindowLow">Lower HU clip.</param>
/// <param name="HuWindowHigh">Upper HU clip.</param>
/// <param name="NormalizationMean">Subtracted after clipping.</param>
/// <param name="NormalizationStd">Divides after subtracting the mean.</param>
public sealed record ModelInputSpec(IReadOnlyList<double> SpacingMm, double HuWindowLow, double HuWindowHigh, double NormalizationMean, double NormalizationStd)
{
    /// <summary>The network input for one HU value: (clip(hu, low, high) - mean) / std.</summary>
    public float Normalize(float hu)
    {
        double v = Math.Clamp(hu, HuWindowLow, HuWindowHigh);
        return (float)((v - NormalizationMean) / NormalizationStd);
    }
}
