namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>cudaMalloc / cudaFree under the <see cref="DeviceMemoryPool"/>.</summary>
internal sealed unsafe class CudaAllocator(CudaDevice device) : IDeviceAllocator
{
    public bool TryAllocate(long bytes, out IntPtr pointer)
    {
        IntPtr p;
        int status = device.Runtime.Malloc(&p, (nuint)bytes);
        if (status == Native.NativeConstants.CudaErrorMemoryAllocation)
        {
            pointer = IntPtr.Zero;
            return false;
        }

        device.Runtime.Check(status, $"cudaMalloc({bytes})");
        pointer = p;
        return true;
    }

    public void Free(IntPtr pointer) => device.Runtime.Check(device.Runtime.Free(pointer), "cudaFree");
}
