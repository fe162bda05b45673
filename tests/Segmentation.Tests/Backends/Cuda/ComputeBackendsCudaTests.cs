using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Backends.Cuda;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>Device selection on whatever machine runs the tests: GPU or not, each choice does what it promises.</summary>
public sealed class ComputeBackendsCudaTests
{
    [Fact]
    public void Create_AutoAndCuda_AgreeWithTheProbe()
    {
        var probe = CudaProbe.Probe();
        if (probe.IsAvailable)
        {
            using var cuda = ComputeBackends.Create(Device.Cuda, 0, CpuIsa.Auto, null, out string? none);
            using var auto = ComputeBackends.Create(Device.Auto, 0, CpuIsa.Auto, null, out string? autoReason);
            Assert.IsType<CudaBackend>(cuda);
            Assert.IsType<CudaBackend>(auto);
            Assert.Null(none);
            Assert.Null(autoReason);
            return;
        }

        // No usable GPU (this development machine has no CUDA library at all): Auto falls back with the probe's
        // reason, Cuda fails fast with it.
        Assert.False(string.IsNullOrWhiteSpace(probe.Reason));
        using var fallback = ComputeBackends.Create(Device.Auto, 1, CpuIsa.Auto, null, out string? reason);
        Assert.IsType<CpuBackend>(fallback);
        Assert.Equal(probe.Reason, reason);
        var ex = Assert.Throws<PlatformNotSupportedException>(() => ComputeBackends.Create(Device.Cuda, 1, CpuIsa.Auto, null, out _));
        Assert.Equal($"Device=cuda was requested but the GPU cannot be used: {probe.Reason}", ex.Message);
    }

    [Fact]
    public void Create_Cpu_NeverConsultsTheGpuAndHasNoReason()
    {
        using var cpu = ComputeBackends.Create(Device.Cpu, 1, CpuIsa.Auto, null, out string? reason);
        Assert.IsType<CpuBackend>(cpu);
        Assert.Null(reason);
    }

    [Fact]
    public void Create_CudaWithBrokenConfiguredLibrary_FailsWithThatFile()
    {
        using var folder = new TempFolder();
        string fake = Path.Combine(folder.Path, "libcuda.so.1");
        File.WriteAllText(fake, "MZ not a linux library");
        var options = new CudaOptions { LibraryFolders = [folder.Path] };

        var ex = Assert.Throws<PlatformNotSupportedException>(() => ComputeBackends.Create(Device.Cuda, 1, CpuIsa.Auto, options, out _));
        using var auto = ComputeBackends.Create(Device.Auto, 1, CpuIsa.Auto, options, out string? reason);

        Assert.Contains($"{fake} is not an ELF shared library", ex.Message, StringComparison.Ordinal);
        Assert.IsType<CpuBackend>(auto);
        Assert.Contains($"in the configured folder {folder.Path} is not usable", reason, StringComparison.Ordinal);
    }
}
