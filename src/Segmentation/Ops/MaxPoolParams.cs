using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Ops;

/// <summary>
/// Max pooling (padding counts as minus infinity, floor mode, as PyTorch's MaxPool3d).
/// x: [N, C, D, H, W] -> y: [N, C, oD, oH, oW], o = (i + 2 p - dil (k - 1) - 1) / s + 1.
/// </summary>
public sealed record MaxPoolParams(Int3 Kernel, Int3 Stride, Int3 Padding, Int3 Dilation)
{
    /// <summary>The U-Net's pooling: kernel 2, stride 2 (in-plane only for 2D).</summary>
    public static MaxPoolParams Halve(bool is3D) => is3D
        ? new(Int3.All(2), Int3.All(2), Int3.All(0), Int3.All(1))
        : new(Int3.Plane(2), Int3.Plane(2), Int3.All(0), Int3.All(1));

    /// <summary>The output shape for input <paramref name="x"/>.</summary>
    public TensorShape OutputShape(TensorShape x)
    {
        if (Padding.D * 2 > Kernel.D || Padding.H * 2 > Kernel.H || Padding.W * 2 > Kernel.W)
        {
            throw new ArgumentException($"max-pool padding {Padding} must be at most half the kernel {Kernel}");
        }

        var conv = new ConvolutionParams(x.C, x.C, Kernel, Stride, Padding, Dilation);
        conv.Validate();
        return conv.OutputShape(x);
    }
}
