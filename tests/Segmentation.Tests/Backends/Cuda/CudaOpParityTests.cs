using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Backends.Cuda;
using DicomSegNode.Segmentation.Ops;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>
/// Every op of the CUDA backend against the CPU backend on a real GPU (strict float32: TF32 off,
/// CUDNN_FMA_MATH, cuBLAS pedantic math); skipped visibly, with the probe's reason, where there is none.
/// Tolerances in <see cref="CudaParityChecks"/>.
/// </summary>
public sealed class CudaOpParityTests : IDisposable
{
    private readonly CpuBackend _cpu = new(threads: 2);
    private readonly CudaBackend? _gpu = CudaProbe.Probe().IsAvailable ? new CudaBackend() : null;

    private CudaBackend Gpu => _gpu ?? throw new InvalidOperationException("no GPU");

    public static TheoryData<int, Activation, bool> ConvMatrix() => CudaParityChecks.ConvMatrix();

    public static TheoryData<int> TransposedCases() => [0, 1, 2, 3];

    [GpuTheory]
    [MemberData(nameof(ConvMatrix))]
    public void Convolution_FusedAndUnfusedEpilogues_MatchCpuBackend(int caseIndex, Activation act, bool withResidual) =>
        CudaParityChecks.Convolution(_cpu, Gpu, caseIndex, act, withResidual);

    [GpuTheory]
    [MemberData(nameof(TransposedCases))]
    public void TransposedConvolution_BackwardDataAndFallback_MatchCpuBackend(int caseIndex) =>
        CudaParityChecks.TransposedConvolution(_cpu, Gpu, caseIndex);

    [GpuFact]
    public void MaxPool_PlainPaddedAndDilated_MatchCpuBackendExactly() => CudaParityChecks.MaxPool(_cpu, Gpu);

    [GpuFact]
    public void SoftmaxReluSigmoid_InPlace_MatchCpuBackend() => CudaParityChecks.ActivationsInPlace(_cpu, Gpu);

    [GpuFact]
    public void AddMultiply_AllBroadcastArrangements_MatchCpuBackend() => CudaParityChecks.Broadcasting(_cpu, Gpu);

    [GpuFact]
    public void Concat_BatchOneAndTwo_EqualsCpuBackend() => CudaParityChecks.Concat(_cpu, Gpu);

    [GpuFact]
    public void ToHost_HostOverwritesAnOpOutput_NextOpReadsTheHostValues() => CudaParityChecks.ToHostThenHostWrite(Gpu);

    public void Dispose()
    {
        _gpu?.Dispose();
        _cpu.Dispose();
    }
}
