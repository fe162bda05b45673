using DicomSegNode.Segmentation.Backends.Cuda;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>
/// The whole network and the predictor on a real GPU against the CPU backend and PyTorch (the engine's parity
/// fixtures); skipped visibly where there is no GPU. Bound: 1e-4 max absolute and 1e-5 normalised L2 error.
/// </summary>
public sealed class CudaNetworkParityTests
{
    public static TheoryData<string> Cases() => ["net2d", "net3d"];

    [GpuTheory]
    [MemberData(nameof(Cases))]
    public void Forward_ParityFixture_MatchesCpuBackendAndPyTorch(string caseName)
    {
        using var gpu = new CudaBackend();
        CudaParityChecks.Network(caseName, gpu);
    }

    [GpuFact]
    public void Predict_VolumeLargerThanPatch_CudaEqualsCpu() => CudaParityChecks.Predictor(null);
}
