using DicomSegNode.Segmentation.Backends.Cuda.Native;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// Softmax over channels at every position through cudnnSoftmaxForward (CUDNN_SOFTMAX_ACCURATE: the maximum is
/// subtracted first, as the CPU kernel does; CUDNN_SOFTMAX_MODE_CHANNEL), on the 4D view [N, C, D*H, W]; y may be x.
/// </summary>
internal static unsafe class CudaSoftmax
{
    // x: [N, C, D, H, W] -> y: same shape, sum over C = 1
    public static void Run(CudaBackend b, Tensor x, Tensor y)
    {
        if (x.Shape != y.Shape)
        {
            throw new ArgumentException($"softmax output {y.Shape} should be {x.Shape}");
        }

        var s = x.Shape;
        IntPtr desc = b.Descriptors.Tensor([s.N, s.C, s.D * s.H, s.W]);
        IntPtr xp = b.In(x);
        var output = b.OutFresh(y, x);
        float one = 1f, zero = 0f;
        b.Cudnn.Check(b.Cudnn.SoftmaxForward(b.CudnnHandle, NativeConstants.CudnnSoftmaxAccurate, NativeConstants.CudnnSoftmaxModeChannel, &one, desc, xp, &zero, desc, output.Pointer),
            "cudnnSoftmaxForward");
        b.Commit(output);
    }
}
