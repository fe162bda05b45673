using System.Runtime.InteropServices;

namespace DicomSegNode.Segmentation.Backends.Cuda.Native;

/// <summary>
/// The CUDA runtime calls we make (cuda_runtime_api.h, CUDA 12 and 13), resolved from libcudart at run time.
/// Handles (streams, events) are opaque pointers; sizes are size_t (nuint); errors are cudaError_t ints.
/// </summary>
internal sealed unsafe class CudaRuntimeApi
{
    public CudaRuntimeApi(LoadedLibrary cudart)
    {
        GetDeviceCount = (delegate* unmanaged<int*, int>)cudart.Export("cudaGetDeviceCount");
        SetDevice = (delegate* unmanaged<int, int>)cudart.Export("cudaSetDevice");
        DeviceGetAttribute = (delegate* unmanaged<int*, int, int, int>)cudart.Export("cudaDeviceGetAttribute");

        // CUDA 12 headers map cudaGetDeviceProperties to the _v2 symbol; CUDA 11 and older libraries only have the plain one.
        IntPtr props = cudart.TryExport("cudaGetDeviceProperties_v2");
        GetDeviceProperties = (delegate* unmanaged<byte*, int, int>)(props != IntPtr.Zero ? props : cudart.Export("cudaGetDeviceProperties"));
        RuntimeGetVersion = (delegate* unmanaged<int*, int>)cudart.Export("cudaRuntimeGetVersion");
        DriverGetVersion = (delegate* unmanaged<int*, int>)cudart.Export("cudaDriverGetVersion");
        MemGetInfo = (delegate* unmanaged<nuint*, nuint*, int>)cudart.Export("cudaMemGetInfo");
        Malloc = (delegate* unmanaged<IntPtr*, nuint, int>)cudart.Export("cudaMalloc");
        Free = (delegate* unmanaged<IntPtr, int>)cudart.Export("cudaFree");
        HostAlloc = (delegate* unmanaged<IntPtr*, nuint, uint, int>)cudart.Export("cudaHostAlloc");
        FreeHost = (delegate* unmanaged<IntPtr, int>)cudart.Export("cudaFreeHost");
        MemcpyAsync = (delegate* unmanaged<IntPtr, IntPtr, nuint, int, IntPtr, int>)cudart.Export("cudaMemcpyAsync");
        Memcpy2DAsync = (delegate* unmanaged<IntPtr, nuint, IntPtr, nuint, nuint, nuint, int, IntPtr, int>)cudart.Export("cudaMemcpy2DAsync");
        MemsetAsync = (delegate* unmanaged<IntPtr, int, nuint, IntPtr, int>)cudart.Export("cudaMemsetAsync");
        StreamCreateWithFlags = (delegate* unmanaged<IntPtr*, uint, int>)cudart.Export("cudaStreamCreateWithFlags");
        StreamDestroy = (delegate* unmanaged<IntPtr, int>)cudart.Export("cudaStreamDestroy");
        StreamSynchronize = (delegate* unmanaged<IntPtr, int>)cudart.Export("cudaStreamSynchronize");
        EventCreateWithFlags = (delegate* unmanaged<IntPtr*, uint, int>)cudart.Export("cudaEventCreateWithFlags");
        EventDestroy = (delegate* unmanaged<IntPtr, int>)cudart.Export("cudaEventDestroy");
        EventRecord = (delegate* unmanaged<IntPtr, IntPtr, int>)cudart.Export("cudaEventRecord");
        EventSynchronize = (delegate* unmanaged<IntPtr, int>)cudart.Export("cudaEventSynchronize");
        IntPtr elapsed = cudart.TryExport("cudaEventElapsedTime");
        EventElapsedTime = (delegate* unmanaged<float*, IntPtr, IntPtr, int>)(elapsed != IntPtr.Zero ? elapsed : cudart.Export("cudaEventElapsedTime_v2"));
        GetErrorName = (delegate* unmanaged<int, byte*>)cudart.Export("cudaGetErrorName");
        GetErrorString = (delegate* unmanaged<int, byte*>)cudart.Export("cudaGetErrorString");
    }

    public delegate* unmanaged<int*, int> GetDeviceCount { get; }

    public delegate* unmanaged<int, int> SetDevice { get; }

    public delegate* unmanaged<int*, int, int, int> DeviceGetAttribute { get; }

    /// <summary>cudaGetDeviceProperties(cudaDeviceProp*, int): only <c>char name[256]</c> at offset 0 is read.</summary>
    public delegate* unmanaged<byte*, int, int> GetDeviceProperties { get; }

    public delegate* unmanaged<int*, int> RuntimeGetVersion { get; }

    public delegate* unmanaged<int*, int> DriverGetVersion { get; }

    public delegate* unmanaged<nuint*, nuint*, int> MemGetInfo { get; }

    public delegate* unmanaged<IntPtr*, nuint, int> Malloc { get; }

    public delegate* unmanaged<IntPtr, int> Free { get; }

    public delegate* unmanaged<IntPtr*, nuint, uint, int> HostAlloc { get; }

    public delegate* unmanaged<IntPtr, int> FreeHost { get; }

    /// <summary>cudaMemcpyAsync(dst, src, count, kind, stream).</summary>
    public delegate* unmanaged<IntPtr, IntPtr, nuint, int, IntPtr, int> MemcpyAsync { get; }

    /// <summary>cudaMemcpy2DAsync(dst, dpitch, src, spitch, width, height, kind, stream).</summary>
    public delegate* unmanaged<IntPtr, nuint, IntPtr, nuint, nuint, nuint, int, IntPtr, int> Memcpy2DAsync { get; }

    /// <summary>cudaMemsetAsync(dst, value, count, stream).</summary>
    public delegate* unmanaged<IntPtr, int, nuint, IntPtr, int> MemsetAsync { get; }

    public delegate* unmanaged<IntPtr*, uint, int> StreamCreateWithFlags { get; }

    public delegate* unmanaged<IntPtr, int> StreamDestroy { get; }

    public delegate* unmanaged<IntPtr, int> StreamSynchronize { get; }

    public delegate* unmanaged<IntPtr*, uint, int> EventCreateWithFlags { get; }

    public delegate* unmanaged<IntPtr, int> EventDestroy { get; }

    public delegate* unmanaged<IntPtr, IntPtr, int> EventRecord { get; }

    public delegate* unmanaged<IntPtr, int> EventSynchronize { get; }

    public delegate* unmanaged<float*, IntPtr, IntPtr, int> EventElapsedTime { get; }

    public delegate* unmanaged<int, byte*> GetErrorName { get; }

    public delegate* unmanaged<int, byte*> GetErrorString { get; }

    /// <summary>Throws a <see cref="CudaException"/> naming <paramref name="call"/> unless <paramref name="status"/> is cudaSuccess.</summary>
    public void Check(int status, string call)
    {
        if (status != NativeConstants.CudaSuccess)
        {
            throw new CudaException($"{call} failed: {Describe(status)}") { Status = status };
        }
    }

    /// <summary>"cudaErrorNoDevice (100): no CUDA-capable device is detected".</summary>
    public string Describe(int status)
    {
        string name = Marshal.PtrToStringUTF8((IntPtr)GetErrorName(status)) ?? "?";
        string text = Marshal.PtrToStringUTF8((IntPtr)GetErrorString(status)) ?? "?";
        return $"{name} ({status}): {text}";
    }
}
