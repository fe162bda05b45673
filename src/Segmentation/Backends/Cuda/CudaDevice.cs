using System.Globalization;
using System.Text;
using DicomSegNode.Segmentation.Backends.Cuda.Native;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>The loaded libraries, their entry points and the chosen GPU's facts; shared by every backend on that device.</summary>
internal sealed class CudaDevice
{
    private CudaDevice(CudaLibrarySet libraries, CudaRuntimeApi runtime, CublasApi cublas, CudnnApi cudnn, int index)
    {
        Libraries = libraries;
        Runtime = runtime;
        Cublas = cublas;
        Cudnn = cudnn;
        Index = index;
    }

    public CudaLibrarySet Libraries { get; }

    public CudaRuntimeApi Runtime { get; }

    public CublasApi Cublas { get; }

    public CudnnApi Cudnn { get; }

    public int Index { get; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>"8.9" for an L4, "9.0" for an H100.</summary>
    public string ComputeCapability { get; private set; } = string.Empty;

    public long TotalMemoryBytes { get; private set; }

    public int RuntimeVersion { get; private set; }

    public int DriverVersion { get; private set; }

    public long CudnnVersion { get; private set; }

    /// <summary>Resolves the entry points and opens device <paramref name="index"/>, or throws a <see cref="CudaException"/> saying which step failed.</summary>
    public static unsafe CudaDevice Open(CudaLibrarySet libraries, int index)
    {
        var runtime = new CudaRuntimeApi(libraries["cudart"]);
        var cublas = new CublasApi(libraries["cublas"]);
        var cudnn = new CudnnApi(libraries["cudnn"]);
        var device = new CudaDevice(libraries, runtime, cublas, cudnn, index);

        long cudnnVersion = (long)cudnn.GetVersion();
        if (cudnnVersion / 10000 != 9)
        {
            throw new CudaException($"{libraries["cudnn"].Path} reports cuDNN version {cudnnVersion}; this backend needs cuDNN 9");
        }

        int count;
        int status = runtime.GetDeviceCount(&count);
        if (status != NativeConstants.CudaSuccess)
        {
            string hint = status == NativeConstants.CudaErrorInsufficientDriver
                ? " (the NVIDIA driver is older than this CUDA runtime needs)"
                : status == NativeConstants.CudaErrorNoDevice ? " (no GPU visible to this process; check CUDA_VISIBLE_DEVICES and the container's device access)" : string.Empty;
            throw new CudaException($"cudaGetDeviceCount failed: {runtime.Describe(status)}{hint}") { Status = status };
        }

        if (count == 0)
        {
            throw new CudaException("the CUDA runtime sees no GPU (cudaGetDeviceCount returned 0)");
        }

        if (index >= count)
        {
            throw new CudaException($"CUDA device {index} was requested but only {count} device(s) are visible");
        }

        runtime.Check(runtime.SetDevice(index), "cudaSetDevice");
        int major, minor, runtimeVersion, driverVersion;
        runtime.Check(runtime.DeviceGetAttribute(&major, NativeConstants.CudaDevAttrComputeCapabilityMajor, index), "cudaDeviceGetAttribute(major)");
        runtime.Check(runtime.DeviceGetAttribute(&minor, NativeConstants.CudaDevAttrComputeCapabilityMinor, index), "cudaDeviceGetAttribute(minor)");
        runtime.Check(runtime.RuntimeGetVersion(&runtimeVersion), "cudaRuntimeGetVersion");
        runtime.Check(runtime.DriverGetVersion(&driverVersion), "cudaDriverGetVersion");

        // cudaDeviceProp starts with char name[256] in every CUDA version; the struct is ~1 KB, so 8 KB is ample.
        var props = new byte[8192];
        fixed (byte* p = props)
        {
            runtime.Check(runtime.GetDeviceProperties(p, index), "cudaGetDeviceProperties");
        }

        int nameLength = Array.IndexOf(props, (byte)0, 0, 256);
        nuint free, total;
        runtime.Check(runtime.MemGetInfo(&free, &total), "cudaMemGetInfo");
        device.Name = Encoding.UTF8.GetString(props, 0, nameLength < 0 ? 256 : nameLength);
        device.ComputeCapability = string.Create(CultureInfo.InvariantCulture, $"{major}.{minor}");
        device.TotalMemoryBytes = (long)total;
        device.RuntimeVersion = runtimeVersion;
        device.DriverVersion = driverVersion;
        device.CudnnVersion = cudnnVersion;
        return device;
    }

    /// <summary>Free and total device memory now, in bytes.</summary>
    public unsafe (long Free, long Total) MemoryInfo()
    {
        nuint free, total;
        Runtime.Check(Runtime.MemGetInfo(&free, &total), "cudaMemGetInfo");
        return ((long)free, (long)total);
    }
}
