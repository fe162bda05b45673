namespace DicomSegNode.Segmentation.Models;

/// <summary>
/// Folds an inference-mode batch norm into the convolution before it:
/// BN(conv(x) + b) = conv'(x) + b' with s = gamma / sqrt(var + eps), W' = W * s (per output channel),
/// b' = (b - mean) * s + beta. Computed in double so folding adds no error beyond float rounding of the result.
/// </summary>
internal static class BatchNormFolding
{
    /// <summary>PyTorch's BatchNorm default epsilon; the exporter does not change it.</summary>
    public const double Epsilon = 1e-5;

    public static (float[] Weight, float[] Bias) Fold(
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> variance)
    {
        int channels = gamma.Length;
        int perChannel = weight.Length / channels;
        var w = new float[weight.Length];
        var b = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double scale = gamma[c] / Math.Sqrt(variance[c] + Epsilon);
            for (int i = 0; i < perChannel; i++)
            {
                w[(c * perChannel) + i] = (float)(weight[(c * perChannel) + i] * scale);
            }

            double b0 = bias.IsEmpty ? 0 : bias[c];
            b[c] = (float)(((b0 - mean[c]) * scale) + beta[c]);
        }

        return (w, b);
    }
}
