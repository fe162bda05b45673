using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Ops;

/// <summary>
/// A 3D transposed convolution (2D is depth 1): weight [C, K, kD, kH, kW] (PyTorch's ConvTranspose layout), optional bias [K].
/// x: [N, C, D, H, W] -> y: [N, K, oD, oH, oW], o = (i - 1) s - 2 p + dil (k - 1) + outputPadding + 1.
/// </summary>
public sealed record TransposedConvolutionParams(int InChannels, int OutChannels, Int3 Kernel, Int3 Stride, Int3 Padding, Int3 Dilation, Int3 OutputPadding)
{
    /// <summary>Number of weights: C * K * kD * kH * kW.</summary>
    public int WeightLength => InChannels * OutChannels * Kernel.Volume;

    /// <summary>Checks the parameters themselves.</summary>
    public void Validate()
    {
        new ConvolutionParams(InChannels, OutChannels, Kernel, Stride, Padding, Dilation).Validate();
        if (OutputPadding.D < 0 || OutputPadding.H < 0 || OutputPadding.W < 0
            || OutputPadding.D >= Math.Max(Stride.D, Dilation.D) || OutputPadding.H >= Math.Max(Stride.H, Dilation.H)
            || OutputPadding.W >= Math.Max(Stride.W, Dilation.W))
        {
            throw new ArgumentException($"output padding {OutputPadding} must be non-negative and smaller than the stride or dilation");
        }
    }

    /// <summary>The output shape for input <paramref name="x"/>.</summary>
    public TensorShape OutputShape(TensorShape x)
    {
        if (x.C != InChannels)
        {
            throw new ArgumentException($"transposed convolution expects {InChannels} input channels, the input {x} has {x.C}");
        }

        int od = Out(x.D, Kernel.D, Stride.D, Padding.D, Dilation.D, OutputPadding.D);
        int oh = Out(x.H, Kernel.H, Stride.H, Padding.H, Dilation.H, OutputPadding.H);
        int ow = Out(x.W, Kernel.W, Stride.W, Padding.W, Dilation.W, OutputPadding.W);
        if (od < 1 || oh < 1 || ow < 1)
        {
            throw new ArgumentException($"transposed convolution of {x} with padding {Padding} has an empty output");
        }

        return new TensorShape(x.N, OutChannels, od, oh, ow);
    }

    private static int Out(int i, int k, int s, int p, int d, int op) => ((i - 1) * s) - (2 * p) + (d * (k - 1)) + op + 1;
}
