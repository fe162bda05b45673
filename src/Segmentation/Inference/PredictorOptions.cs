using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Backends.Cpu;

namespace DicomSegNode.Segmentation.Inference;

/// <summary>How a <see cref="SegmentationPredictor"/> runs.</summary>
public sealed record PredictorOptions
{
    /// <summary>auto | cpu | cuda (auto resolves to the CPU until a CUDA backend exists).</summary>
    public Device Device { get; init; } = Device.Auto;

    /// <summary>Worker threads; 0 = all cores.</summary>
    public int Threads { get; init; }

    /// <summary>CPU kernel ISA; Auto picks the widest the machine accelerates.</summary>
    public CpuIsa CpuIsa { get; init; } = CpuIsa.Auto;
}
