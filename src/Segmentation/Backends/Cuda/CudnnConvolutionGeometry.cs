using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// The numbers that go into cuDNN's tensor, filter and convolution descriptors for one convolution, computed
/// without a GPU so that they can be tested. Depth-1 problems with no depth extent in the kernel use 4D (NCHW)
/// descriptors, where cuDNN has its fastest 2D kernels; everything else is 5D (NCDHW). Tensors are packed.
/// For a transposed convolution cuDNN runs the backward-data pass of the forward convolution it is the adjoint
/// of: that convolution maps y (the transposed op's output, "dx") to x (its input, "dy") with the filter
/// [C_in, C_out, k...], which is exactly PyTorch's ConvTranspose weight layout, so the weights go up unchanged.
/// </summary>
/// <param name="Rank">4 or 5.</param>
/// <param name="InputDims">Forward convolution input ("x"; for a transposed convolution, its output "dx").</param>
/// <param name="FilterDims">[K, C, (kD,) kH, kW] of the forward convolution.</param>
/// <param name="OutputDims">Forward convolution output ("y"; for a transposed convolution, its input "dy").</param>
/// <param name="Pads">Per spatial axis.</param>
/// <param name="Strides">Per spatial axis.</param>
/// <param name="Dilations">Per spatial axis.</param>
internal sealed record CudnnConvolutionGeometry(int Rank, int[] InputDims, int[] FilterDims, int[] OutputDims, int[] Pads, int[] Strides, int[] Dilations)
{
    /// <summary>Descriptors for y = conv(x).</summary>
    public static CudnnConvolutionGeometry Forward(ConvolutionParams p, TensorShape x)
    {
        ArgumentNullException.ThrowIfNull(p);
        p.Validate();
        var y = p.OutputShape(x);
        bool planar = x.D == 1 && y.D == 1 && p.Kernel.D == 1 && p.Padding.D == 0 && p.Stride.D == 1 && p.Dilation.D == 1;
        return Build(planar, x, y, p.OutChannels, p.InChannels, p.Kernel, p.Padding, p.Stride, p.Dilation);
    }

    /// <summary>
    /// Descriptors for y = conv_transpose(x) as backward data, or null with <paramref name="unsupported"/> saying why
    /// cuDNN cannot express it (an output padding of a stride or more, which only dilation allows, leaves the forward
    /// convolution of y shorter than x).
    /// </summary>
    public static CudnnConvolutionGeometry? TransposedAsBackwardData(TransposedConvolutionParams p, TensorShape x, out string? unsupported)
    {
        ArgumentNullException.ThrowIfNull(p);
        p.Validate();
        var y = p.OutputShape(x);
        var forward = new ConvolutionParams(p.OutChannels, p.InChannels, p.Kernel, p.Stride, p.Padding, p.Dilation);
        var back = forward.OutputShape(y);
        if (back.D != x.D || back.H != x.H || back.W != x.W)
        {
            unsupported = $"output padding {p.OutputPadding} with stride {p.Stride}: the adjoint convolution of {y} gives {back}, not {x}";
            return null;
        }

        unsupported = null;
        bool planar = x.D == 1 && y.D == 1 && p.Kernel.D == 1 && p.Padding.D == 0 && p.Stride.D == 1 && p.Dilation.D == 1;

        // The forward convolution: input y (K = OutChannels channels) -> output x (InChannels channels), filter [InChannels, OutChannels, k].
        return Build(planar, y, x, p.InChannels, p.OutChannels, p.Kernel, p.Padding, p.Stride, p.Dilation);
    }

    /// <summary>Packed strides for <paramref name="dims"/> (the last axis fastest).</summary>
    public static int[] PackedStrides(int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        var strides = new int[dims.Length];
        long stride = 1;
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            strides[i] = checked((int)stride);
            stride *= dims[i];
        }

        return strides;
    }

    /// <summary>The dims of a tensor descriptor for <paramref name="shape"/> at <paramref name="rank"/> (4 drops D, which must be 1).</summary>
    public static int[] TensorDims(TensorShape shape, int rank)
    {
        if (rank == 4)
        {
            if (shape.D != 1)
            {
                throw new ArgumentException($"a 4D descriptor needs depth 1, got {shape}");
            }

            return [shape.N, shape.C, shape.H, shape.W];
        }

        return [shape.N, shape.C, shape.D, shape.H, shape.W];
    }

    private static CudnnConvolutionGeometry Build(bool planar, TensorShape input, TensorShape output, int k, int c, Int3 kernel, Int3 pad, Int3 stride, Int3 dilation)
    {
        int rank = planar ? 4 : 5;
        int[] Spatial(Int3 v) => planar ? [v.H, v.W] : [v.D, v.H, v.W];
        int[] filter = planar ? [k, c, kernel.H, kernel.W] : [k, c, kernel.D, kernel.H, kernel.W];
        return new CudnnConvolutionGeometry(rank, TensorDims(input, rank), filter, TensorDims(output, rank), Spatial(pad), Spatial(stride), Spatial(dilation));
    }
}
