using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Backends.Cuda;

namespace DicomSegNode.Segmentation.Backends;

/// <summary>Creates the backend a <see cref="Device"/> choice resolves to.</summary>
public static class ComputeBackends
{
    /// <summary>
    /// Resolves <paramref name="device"/>: <see cref="Device.Cuda"/> gives the CUDA backend or throws
    /// <see cref="PlatformNotSupportedException"/> with the precise reason; <see cref="Device.Auto"/> gives the CUDA
    /// backend when a GPU and its libraries are usable, else the CPU backend with <paramref name="fallbackReason"/>
    /// saying why (the probe runs once per process; log the reason once); <see cref="Device.Cpu"/> gives the CPU backend.
    /// </summary>
    public static IComputeBackend Create(Device device, int threads, out string? fallbackReason)
        => Create(device, threads, CpuIsa.Auto, out fallbackReason);

    /// <summary>As <see cref="Create(Device, int, out string?)"/>, choosing the CPU kernels' ISA.</summary>
    public static IComputeBackend Create(Device device, int threads, CpuIsa cpuIsa, out string? fallbackReason)
        => Create(device, threads, cpuIsa, null, out fallbackReason);

    /// <summary>As <see cref="Create(Device, int, out string?)"/>, with the CPU kernels' ISA and the CUDA options (null = defaults).</summary>
    public static IComputeBackend Create(Device device, int threads, CpuIsa cpuIsa, CudaOptions? cuda, out string? fallbackReason)
    {
        switch (device)
        {
            case Device.Cuda:
                try
                {
                    fallbackReason = null;
                    return new CudaBackend(cuda);
                }
                catch (PlatformNotSupportedException e)
                {
                    throw new PlatformNotSupportedException($"Device=cuda was requested but the GPU cannot be used: {e.Message}", e);
                }

            case Device.Auto:
                var probe = CudaProbe.Probe(cuda);
                if (probe.IsAvailable)
                {
                    try
                    {
                        fallbackReason = null;
                        return new CudaBackend(cuda);
                    }
                    catch (Backends.Cuda.Native.CudaException e)
                    {
                        fallbackReason = $"the CUDA backend failed to start on {probe.DeviceName}: {e.Message}";
                        return new CpuBackend(threads, cpuIsa);
                    }
                }

                fallbackReason = probe.Reason;
                return new CpuBackend(threads, cpuIsa);
            case Device.Cpu:
                fallbackReason = null;
                return new CpuBackend(threads, cpuIsa);
            default:
                throw new ArgumentOutOfRangeException(nameof(device), device, "unknown device");
        }
    }
}
