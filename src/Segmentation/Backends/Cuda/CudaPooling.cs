using System.Globalization;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// Max pooling through cudnnPoolingForward (CUDNN_POOLING_MAX, NaN propagated as PyTorch does), 4D descriptors for
/// depth-1 problems and 5D otherwise. cuDNN's pooling descriptor has no dilation: dilated pooling runs on the CPU.
/// </summary>
internal static unsafe class CudaPooling
{
    // x: [N, C, D, H, W] -> y: [N, C, oD, oH, oW]
    public static void MaxPool(CudaBackend b, MaxPoolParams p, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(p);
        var expected = p.OutputShape(x.Shape);
        if (y.Shape != expected)
        {
            throw new ArgumentException($"max-pool output {y.Shape} should be {expected}");
        }

        if (p.Dilation != Int3.All(1))
        {
            b.ToHostForFallback(x);
            b.Cpu.MaxPool(p, x, y);
            b.HostWrote(y);
            return;
        }

        bool planar = x.Shape.D == 1 && p.Kernel.D == 1 && p.Stride.D == 1 && p.Padding.D == 0;
        int rank = planar ? 4 : 5;
        int[] window = planar ? [p.Kernel.H, p.Kernel.W] : [p.Kernel.D, p.Kernel.H, p.Kernel.W];
        int[] padding = planar ? [p.Padding.H, p.Padding.W] : [p.Padding.D, p.Padding.H, p.Padding.W];
        int[] stride = planar ? [p.Stride.H, p.Stride.W] : [p.Stride.D, p.Stride.H, p.Stride.W];
        string key = string.Create(CultureInfo.InvariantCulture, $"pool|{string.Join(',', window)}|{string.Join(',', padding)}|{string.Join(',', stride)}");
        IntPtr pool = b.Descriptors.Cached(key, () => b.Descriptors.MaxPooling(window, padding, stride));
        IntPtr xDesc = b.Descriptors.Tensor(CudnnConvolutionGeometry.TensorDims(x.Shape, rank));
        IntPtr yDesc = b.Descriptors.Tensor(CudnnConvolutionGeometry.TensorDims(y.Shape, rank));
        IntPtr xp = b.In(x);
        var output = b.OutFresh(y, x);
        float one = 1f, zero = 0f;
        b.Cudnn.Check(b.Cudnn.PoolingForward(b.CudnnHandle, pool, &one, xDesc, xp, &zero, yDesc, output.Pointer), "cudnnPoolingForward");
        b.Commit(output);
    }
}
