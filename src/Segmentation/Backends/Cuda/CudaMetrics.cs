using System.Diagnostics.Metrics;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// GPU facts for /metrics, published on the node's meter (<see cref="MeterName"/>) through System.Diagnostics.Metrics;
/// the node's OpenTelemetry pipeline picks them up with <c>AddMeter("DicomSegNode")</c>. Observable instruments
/// sum over the live CUDA backends of each device (one per loaded model).
/// </summary>
public static class CudaMetrics
{
    /// <summary>The node's meter name.</summary>
    public const string MeterName = "DicomSegNode";

    /// <summary>Gauge, bytes, tag <c>device</c>: device memory held by tensors and workspaces now.</summary>
    public const string MemoryInUse = "dicomsegnode.gpu.memory.in_use";

    /// <summary>Gauge, bytes, tag <c>device</c>: device memory the backends' pools hold (in use + cached).</summary>
    public const string MemoryReserved = "dicomsegnode.gpu.memory.reserved";

    /// <summary>Gauge, bytes, tag <c>device</c>: the device's total memory.</summary>
    public const string MemoryTotal = "dicomsegnode.gpu.memory.total";

    /// <summary>Gauge, always 1, tags <c>device</c>, <c>compute_capability</c>, <c>cuda_runtime</c>, <c>cudnn</c>: which GPU and libraries run inference.</summary>
    public const string DeviceInfo = "dicomsegnode.gpu.device.info";

    /// <summary>Histogram, seconds, tags <c>stage</c> and <c>device</c>: wall time of an inference stage, GPU work included.</summary>
    public const string StageDuration = "dicomsegnode.inference.stage.duration";

    private static readonly Meter Meter = new(MeterName);
    private static readonly List<CudaBackend> Live = [];
    private static readonly Lock Gate = new();
    private static readonly Histogram<double> Stages = Meter.CreateHistogram<double>(StageDuration, "s", "Wall time of an inference stage on the GPU");

    static CudaMetrics()
    {
        Meter.CreateObservableGauge(MemoryInUse, () => PerDevice(b => b.MemoryInUseBytes), "By", "GPU memory in use by inference");
        Meter.CreateObservableGauge(MemoryReserved, () => PerDevice(b => b.MemoryReservedBytes), "By", "GPU memory held by the inference pools");
        Meter.CreateObservableGauge(MemoryTotal, () => PerDevice(b => b.DeviceMemoryBytes, sum: false), "By", "GPU total memory");
        Meter.CreateObservableGauge(DeviceInfo, Info, description: "The GPU and library versions inference runs on");
    }

    /// <summary>Records one stage's duration (the CUDA backend's <c>MeasureStage</c> calls this).</summary>
    internal static void RecordStage(string stage, string device, double seconds) =>
        Stages.Record(seconds, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("device", device));

    internal static void Register(CudaBackend backend)
    {
        lock (Gate)
        {
            Live.Add(backend);
        }
    }

    internal static void Unregister(CudaBackend backend)
    {
        lock (Gate)
        {
            Live.Remove(backend);
        }
    }

    private static List<Measurement<long>> PerDevice(Func<CudaBackend, long> value, bool sum = true)
    {
        lock (Gate)
        {
            return Live.GroupBy(b => b.DeviceName, StringComparer.Ordinal)
                .Select(g => new Measurement<long>(sum ? g.Sum(value) : value(g.First()), new KeyValuePair<string, object?>("device", g.Key)))
                .ToList();
        }
    }

    private static List<Measurement<long>> Info()
    {
        lock (Gate)
        {
            return Live.GroupBy(b => b.DeviceName, StringComparer.Ordinal)
                .Select(g => g.First())
                .Select(b => new Measurement<long>(1,
                    new KeyValuePair<string, object?>("device", b.DeviceName),
                    new KeyValuePair<string, object?>("compute_capability", b.ComputeCapability),
                    new KeyValuePair<string, object?>("cuda_runtime", b.RuntimeVersion),
                    new KeyValuePair<string, object?>("cudnn", b.CudnnVersion)))
                .ToList();
        }
    }
}
