using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>Element-wise ReLU and sigmoid through cudnnActivationForward; y may be x.</summary>
internal static unsafe class CudaActivation
{
    // x: [N, C, D, H, W] -> y: same shape
    public static void Run(CudaBackend b, Tensor x, Tensor y, int mode)
    {
        if (x.Shape != y.Shape)
        {
            throw new ArgumentException($"activation output {y.Shape} should be {x.Shape}");
        }

        IntPtr desc = b.Descriptors.Tensor(x.Shape);
        IntPtr xp = b.In(x);
        var output = b.OutFresh(y, x);
        float one = 1f, zero = 0f;
        b.Cudnn.Check(b.Cudnn.ActivationForward(b.CudnnHandle, b.Descriptors.ActivationFor(mode), &one, desc, xp, &zero, desc, output.Pointer), "cudnnActivationForward");
        b.Commit(output);
    }
}
