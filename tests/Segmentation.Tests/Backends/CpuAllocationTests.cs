using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Tests.Backends;

/// <summary>Runs alone (see <see cref="CpuAllocationTestsCollection"/>): the allocation counter is process-wide.</summary>
[Collection(nameof(CpuAllocationTests))]
public sealed class CpuAllocationTests
{
    [Fact]
    public void Convolution_SteadyState_AllocatesNoTensorSizedMemory()
    {
        using var backend = new CpuBackend(threads: 2);
        var p = ConvolutionParams.Same(8, 8, Int3.All(3), Int3.All(1));
        var xs = new TensorShape(1, 8, 24, 32, 40);
        var conv = backend.PrepareConvolution(p, NaiveReference.Random(p.WeightLength, 1), []);
        var x = new Tensor(xs, NaiveReference.Random(xs.Length, 2));
        var y = new Tensor(xs);
        backend.Convolution(conv, x, y, null, Activation.Relu);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 5; i++)
        {
            backend.Convolution(conv, x, y, null, Activation.Relu);
        }

        long perCall = (GC.GetTotalAllocatedBytes(precise: true) - before) / 5;

        // Only the parallel loop's bookkeeping (closures, task objects): far below one padded input (1 MB here).
        Assert.True(perCall < 32 * 1024, $"{perCall} bytes allocated per convolution");
    }
}
