namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>A device allocation from <see cref="DeviceMemoryPool"/>: its address and its rounded size in bytes.</summary>
internal readonly record struct DeviceBlock(IntPtr Pointer, long Bytes)
{
    public bool IsNull => Pointer == IntPtr.Zero;
}
