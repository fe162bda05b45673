using DicomSegNode.Segmentation.Backends.Cuda;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>A device allocator with a fixed capacity that hands out fake addresses and records every call.</summary>
internal sealed class RecordingAllocator(long capacity) : IDeviceAllocator
{
    private readonly Dictionary<IntPtr, long> _live = [];
    private long _next = 0x1000_0000;

    public List<string> Calls { get; } = [];

    public long Allocated => _live.Values.Sum();

    public bool TryAllocate(long bytes, out IntPtr pointer)
    {
        if (Allocated + bytes > capacity)
        {
            Calls.Add($"refuse {bytes}");
            pointer = IntPtr.Zero;
            return false;
        }

        pointer = checked((IntPtr)_next);
        _next += bytes;
        _live[pointer] = bytes;
        Calls.Add($"malloc {bytes}");
        return true;
    }

    public void Free(IntPtr pointer)
    {
        Assert.True(_live.Remove(pointer, out long bytes), $"free of unknown pointer 0x{pointer:X}");
        Calls.Add($"free {bytes}");
    }
}
