using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Backends.Cuda;

namespace DicomSegNode.Segmentation.Inference;

/// <summary>How a <see cref="SegmentationPredictor"/> runs.</summary>
public sealed record PredictorOptions
{
    /// <summary>auto | cpu | cuda (auto takes the GPU when its libraries and a device are usable, else the CPU).</summary>
    public Device Device { get; init; } = Device.Auto;

    /// <summary>Worker threads; 0 = all cores.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Keep the network's intermediate buffers between <c>Predict</c> calls (faster for many small volumes) instead of
    /// releasing them after each call (the default: an idle node holds no inference memory).
    /// </summary>
    public bool KeepBuffersBetweenCalls { get; init; }

    /// <summary>CPU kernel ISA; Auto picks the widest the machine accelerates.</summary>
    public CpuIsa CpuIsa { get; init; } = CpuIsa.Auto;

    /// <summary>How the CUDA backend finds its libraries and uses the GPU (null = defaults).</summary>
    public CudaOptions? Cuda { get; init; }
}
