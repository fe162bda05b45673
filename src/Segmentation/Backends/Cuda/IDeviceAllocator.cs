namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>The raw allocator under <see cref="DeviceMemoryPool"/> (cudaMalloc / cudaFree on a GPU).</summary>
internal interface IDeviceAllocator
{
    /// <summary>Allocates <paramref name="bytes"/>; false when the device is out of memory (other failures throw).</summary>
    bool TryAllocate(long bytes, out IntPtr pointer);

    /// <summary>Frees a pointer <see cref="TryAllocate"/> returned.</summary>
    void Free(IntPtr pointer);
}
