using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Backends.Cuda;
using DicomSegNode.Segmentation.Ops;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>
/// The CUDA backend end to end on the CPU simulator of the CUDA libraries (<see cref="CudaSimulator"/>): the same
/// checks as the GPU tests, run everywhere. They prove the plumbing (loading, signatures, descriptors, residency,
/// staging, pool, algorithm cache, fused/unfused and cuBLAS/cuDNN choices, CPU fallbacks) against our reading of
/// the API; the GPU tests prove it against NVIDIA's libraries.
/// </summary>
public sealed class CudaSimulatorTests : IClassFixture<CudaSimulator>, IDisposable
{
    private readonly CudaSimulator _simulator;
    private readonly CpuBackend _cpu = new(threads: 2);
    private readonly CudaBackend _gpu;

    public CudaSimulatorTests(CudaSimulator simulator)
    {
        _simulator = simulator;
        _gpu = new CudaBackend(simulator.Options);
    }

    public static TheoryData<int, Activation, bool> ConvMatrix() => CudaParityChecks.ConvMatrix();

    public static TheoryData<int> TransposedCases() => [0, 1, 2, 3];

    public static TheoryData<string> NetworkCases() => ["net2d", "net3d"];

    [Fact]
    public void Probe_SimulatorFolder_ReportsTheDeviceAndWhereEachLibraryCameFrom()
    {
        var probe = CudaProbe.Probe(_simulator.Options);

        Assert.True(probe.IsAvailable, probe.Reason);
        Assert.Equal("CUDA simulator (CPU)", probe.DeviceName);
        Assert.Contains("cudnn=" + Path.Combine(_simulator.Options.LibraryFolders[0], "libcudnn.so.9"), probe.Libraries, StringComparison.Ordinal);
        Assert.Equal("8.9", _gpu.ComputeCapability);
        Assert.Equal(90100, _gpu.CudnnVersion);
    }

    [Theory]
    [MemberData(nameof(ConvMatrix))]
    public void Convolution_FusedAndUnfusedEpilogues_MatchCpuBackend(int caseIndex, Activation act, bool withResidual) =>
        CudaParityChecks.Convolution(_cpu, _gpu, caseIndex, act, withResidual);

    [Fact]
    public void Convolution_StrictFloat32_SkipsTheTf32AlgorithmAndCachesTheChoice()
    {
        CudaParityChecks.Convolution(_cpu, _gpu, 0, Activation.Relu, true);
        int searches = _gpu.Algorithms.Searches;
        CudaParityChecks.Convolution(_cpu, _gpu, 0, Activation.None, false);

        // The simulator lists algorithm 6 (TF32, fastest) before algorithm 1 (FMA); strict float32 takes 1.
        var (xs, p) = CudaParityChecks.ConvCases[0];
        Assert.Equal(4096, _gpu.ConvolutionWorkspaceBytes(p, xs));
        Assert.Equal(searches, _gpu.Algorithms.Searches);
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(5, false)]
    public void Convolution_PointwiseOnCublasOrCudnn_MatchesCpuBackend(int caseIndex, bool onCublas)
    {
        using var gpu = new CudaBackend(_simulator.Options with { PointwiseOnCublas = onCublas });
        foreach (var act in new[] { Activation.None, Activation.Relu, Activation.Sigmoid })
        {
            CudaParityChecks.Convolution(_cpu, gpu, caseIndex, act, withResidual: act != Activation.Relu);
        }
    }

    [Theory]
    [MemberData(nameof(TransposedCases))]
    public void TransposedConvolution_BackwardDataAndFallback_MatchCpuBackend(int caseIndex) =>
        CudaParityChecks.TransposedConvolution(_cpu, _gpu, caseIndex);

    [Fact]
    public void MaxPool_PlainPaddedAndDilated_MatchCpuBackendExactly() => CudaParityChecks.MaxPool(_cpu, _gpu);

    [Fact]
    public void SoftmaxReluSigmoid_InPlace_MatchCpuBackend() => CudaParityChecks.ActivationsInPlace(_cpu, _gpu);

    [Fact]
    public void AddMultiply_AllBroadcastArrangements_MatchCpuBackend() => CudaParityChecks.Broadcasting(_cpu, _gpu);

    [Fact]
    public void Concat_BatchOneAndTwo_EqualsCpuBackend() => CudaParityChecks.Concat(_cpu, _gpu);

    [Fact]
    public void ToHost_HostOverwritesAnOpOutput_NextOpReadsTheHostValues() => CudaParityChecks.ToHostThenHostWrite(_gpu);

    [Theory]
    [MemberData(nameof(NetworkCases))]
    public void Forward_ParityFixture_MatchesCpuBackendAndPyTorch(string caseName) => CudaParityChecks.Network(caseName, _gpu);

    [Fact]
    public void Predict_VolumeLargerThanPatch_CudaEqualsCpu() => CudaParityChecks.Predictor(_simulator.Options);

    [Fact]
    public void Create_CudaOnSimulator_IsTheCudaBackendWithoutFallback()
    {
        using var backend = ComputeBackends.Create(Device.Auto, 1, CpuIsa.Auto, _simulator.Options, out string? reason);

        Assert.IsType<CudaBackend>(backend);
        Assert.Null(reason);
    }

    [Fact]
    public void MeasureStage_OnSimulator_RecordsAndReportsMemory()
    {
        using (_gpu.MeasureStage("sim"))
        {
            CudaParityChecks.ToHostThenHostWrite(_gpu);
        }

        Assert.True(_gpu.MemoryReservedBytes >= _gpu.MemoryInUseBytes);
        Assert.True(_gpu.MemoryPeakBytes > 0);
    }

    public void Dispose()
    {
        _gpu.Dispose();
        _cpu.Dispose();
    }
}
