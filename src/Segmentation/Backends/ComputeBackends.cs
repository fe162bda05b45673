using DicomSegNode.Segmentation.Backends.Cpu;

namespace DicomSegNode.Segmentation.Backends;

/// <summary>Creates the backend a <see cref="Device"/> choice resolves to.</summary>
public static class ComputeBackends
{
    /// <summary>
    /// Resolves <paramref name="device"/>: <see cref="Device.Auto"/> and <see cref="Device.Cpu"/> give the CPU backend
    /// (<paramref name="fallbackReason"/> says why Auto did not choose CUDA); <see cref="Device.Cuda"/> throws, with
    /// the reason, until a CUDA backend is part of the build.
    /// </summary>
    public static IComputeBackend Create(Device device, int threads, out string? fallbackReason)
        => Create(device, threads, CpuIsa.Auto, out fallbackReason);

    /// <summary>As <see cref="Create(Device, int, out string?)"/>, choosing the CPU kernels' ISA.</summary>
    public static IComputeBackend Create(Device device, int threads, CpuIsa cpuIsa, out string? fallbackReason)
    {
        const string NoCuda = "this build has no CUDA backend yet";
        switch (device)
        {
            case Device.Cuda:
                throw new PlatformNotSupportedException($"Device=cuda was requested but {NoCuda}");
            case Device.Auto:
                fallbackReason = NoCuda;
                return new CpuBackend(threads, cpuIsa);
            case Device.Cpu:
                fallbackReason = null;
                return new CpuBackend(threads, cpuIsa);
            default:
                throw new ArgumentOutOfRangeException(nameof(device), device, "unknown device");
        }
    }
}
