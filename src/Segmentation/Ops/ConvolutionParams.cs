using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Ops;

/// <summary>
/// A 3D convolution (2D is depth 1): weight [K, C, kD, kH, kW], optional bias [K].
/// x: [N, C, D, H, W] -> y: [N, K, oD, oH, oW], o = (i + 2 p - dil (k - 1) - 1) / s + 1 (as PyTorch's Conv3d).
/// </summary>
public sealed record ConvolutionParams(int InChannels, int OutChannels, Int3 Kernel, Int3 Stride, Int3 Padding, Int3 Dilation)
{
    /// <summary>A stride-1 convolution with the given kernel and padding.</summary>
    public static ConvolutionParams Same(int inChannels, int outChannels, Int3 kernel, Int3 padding)
        => new(inChannels, outChannels, kernel, Int3.All(1), padding, Int3.All(1));

    /// <summary>Number of weights: K * C * kD * kH * kW.</summary>
    public int WeightLength => OutChannels * InChannels * Kernel.Volume;

    /// <summary>Checks the parameters themselves (not an input shape).</summary>
    public void Validate()
    {
        if (InChannels < 1 || OutChannels < 1)
        {
            throw new ArgumentException($"convolution channels must be positive (in {InChannels}, out {OutChannels})");
        }

        if (Kernel.D < 1 || Kernel.H < 1 || Kernel.W < 1 || Stride.D < 1 || Stride.H < 1 || Stride.W < 1
            || Dilation.D < 1 || Dilation.H < 1 || Dilation.W < 1)
        {
            throw new ArgumentException($"convolution kernel {Kernel}, stride {Stride} and dilation {Dilation} must be positive");
        }

        if (Padding.D < 0 || Padding.H < 0 || Padding.W < 0)
        {
            throw new ArgumentException($"convolution padding {Padding} must not be negative");
        }
    }

    /// <summary>The output shape for input <paramref name="x"/>, or an exception naming the mismatch.</summary>
    public TensorShape OutputShape(TensorShape x)
    {
        if (x.C != InChannels)
        {
            throw new ArgumentException($"convolution expects {InChannels} input channels, the input {x} has {x.C}");
        }

        return new TensorShape(x.N, OutChannels, Out(x.D, 0), Out(x.H, 1), Out(x.W, 2));
    }

    private int Out(int size, int axis)
    {
        var (k, s, p, d) = axis switch
        {
            0 => (Kernel.D, Stride.D, Padding.D, Dilation.D),
            1 => (Kernel.H, Stride.H, Padding.H, Dilation.H),
            _ => (Kernel.W, Stride.W, Padding.W, Dilation.W),
        };
        int span = (d * (k - 1)) + 1;
        if (size + (2 * p) < span)
        {
            throw new ArgumentException($"input extent {size} with padding {p} is smaller than the dilated kernel extent {span} (axis {axis})");
        }

        return ((size + (2 * p) - span) / s) + 1;
    }
}
