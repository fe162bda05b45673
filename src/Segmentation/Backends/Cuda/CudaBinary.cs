using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>Broadcasting add and multiply through cudnnOpTensor, arranged by <see cref="BinaryOpPlanner"/>.</summary>
internal static unsafe class CudaBinary
{
    // a: broadcastable to y, b: broadcastable to y -> y = a (op) b
    public static void Run(CudaBackend backend, Tensor a, Tensor b, Tensor y, int op)
    {
        var strategy = BinaryOpPlanner.Choose(a.Shape, b.Shape, y.Shape);
        var d = backend.Descriptors;
        IntPtr ap = backend.In(a);
        IntPtr bp = backend.In(b);
        var output = backend.OutFresh(y, a, b);
        IntPtr yDesc = d.Tensor(y.Shape);
        IntPtr opDesc = d.OpTensorFor(op);
        float one = 1f, zero = 0f;
        var cudnn = backend.Cudnn;
        switch (strategy)
        {
            case BinaryOpStrategy.Direct:
                cudnn.Check(cudnn.OpTensor(backend.CudnnHandle, opDesc, &one, d.Tensor(a.Shape), ap, &one, d.Tensor(b.Shape), bp, &zero, yDesc, output.Pointer), "cudnnOpTensor");
                break;
            case BinaryOpStrategy.Swapped:
                cudnn.Check(cudnn.OpTensor(backend.CudnnHandle, opDesc, &one, d.Tensor(b.Shape), bp, &one, d.Tensor(a.Shape), ap, &zero, yDesc, output.Pointer), "cudnnOpTensor");
                break;
            default:
                var expanded = backend.Memory.Rent((long)y.Shape.Length * sizeof(float));
                try
                {
                    cudnn.Check(cudnn.AddTensor(backend.CudnnHandle, &one, d.Tensor(a.Shape), ap, &zero, yDesc, expanded.Pointer), "cudnnAddTensor(broadcast)");
                    cudnn.Check(cudnn.OpTensor(backend.CudnnHandle, opDesc, &one, yDesc, expanded.Pointer, &one, d.Tensor(b.Shape), bp, &zero, yDesc, output.Pointer), "cudnnOpTensor");
                }
                finally
                {
                    // Stream order keeps the block intact until the op above has read it.
                    backend.Memory.Return(expanded);
                }

                break;
        }

        backend.Commit(output);
    }
}
