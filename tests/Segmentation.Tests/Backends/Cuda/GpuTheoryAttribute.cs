using DicomSegNode.Segmentation.Backends.Cuda;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>A theory that needs a GPU; skipped visibly, with the probe's reason, where there is none.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GpuTheoryAttribute : TheoryAttribute
{
    public GpuTheoryAttribute()
    {
        var probe = CudaProbe.Probe();
        if (!probe.IsAvailable)
        {
            Skip = "needs a GPU: " + probe.Reason;
        }
    }
}
