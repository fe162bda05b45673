using DicomSegNode.Segmentation.Backends.Cuda;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>
/// A fact that needs a GPU: where the CUDA probe finds none, the test is reported as skipped with the probe's own
/// reason (which library or device is missing), so a run without a GPU says exactly what it did not check.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GpuFactAttribute : FactAttribute
{
    public GpuFactAttribute()
    {
        var probe = CudaProbe.Probe();
        if (!probe.IsAvailable)
        {
            Skip = "needs a GPU: " + probe.Reason;
        }
    }
}
