using DicomSegNode.Segmentation.Backends.Cuda.Native;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// A caching device allocator (the idea of PyTorch's CUDACachingAllocator, reduced to what patch inference needs):
/// sizes are rounded (to 512 bytes below 1 MiB, to 2 MiB above) and freed blocks are kept per rounded size, so the
/// same network on patch after patch calls cudaMalloc only during the first patch. When the device is full, or
/// the configured limit would be passed, the cached free blocks are released and the allocation is tried once more;
/// after that the error states what was asked, what is in use and what the pool holds.
/// </summary>
internal sealed class DeviceMemoryPool : IDisposable
{
    public const long SmallGranularity = 512;
    public const long LargeGranularity = 2L << 20;
    public const long LargeThreshold = 1L << 20;

    private readonly IDeviceAllocator _allocator;
    private readonly long _limitBytes;
    private readonly Dictionary<long, Stack<IntPtr>> _free = [];
    private readonly Dictionary<IntPtr, long> _live = [];
    private readonly Lock _gate = new();
    private readonly Action? _reclaim;

    /// <summary>
    /// A pool over <paramref name="allocator"/> holding at most <paramref name="limitBytes"/> (0 = no limit of its own);
    /// <paramref name="reclaim"/>, when given, runs once when memory is short, before the cache is released (the
    /// backend returns blocks of host buffers that were dropped).
    /// </summary>
    public DeviceMemoryPool(IDeviceAllocator allocator, long limitBytes, Action? reclaim = null)
    {
        _reclaim = reclaim;
        ArgumentNullException.ThrowIfNull(allocator);
        ArgumentOutOfRangeException.ThrowIfNegative(limitBytes);
        _allocator = allocator;
        _limitBytes = limitBytes;
    }

    /// <summary>Bytes in blocks handed out and not yet returned.</summary>
    public long InUseBytes { get; private set; }

    /// <summary>Bytes in returned blocks kept for reuse.</summary>
    public long CachedBytes { get; private set; }

    /// <summary>Bytes the pool holds from the device: in use + cached.</summary>
    public long ReservedBytes => InUseBytes + CachedBytes;

    /// <summary>The largest <see cref="InUseBytes"/> seen.</summary>
    public long PeakInUseBytes { get; private set; }

    /// <summary>How many times the underlying allocator was called.</summary>
    public int DeviceAllocations { get; private set; }

    /// <summary>The size a request of <paramref name="bytes"/> occupies.</summary>
    public static long RoundUp(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        long g = bytes < LargeThreshold ? SmallGranularity : LargeGranularity;
        return checked((bytes + g - 1) / g * g);
    }

    /// <summary>A block of at least <paramref name="bytes"/>; contents undefined.</summary>
    public DeviceBlock Rent(long bytes)
    {
        long size = RoundUp(bytes);
        lock (_gate)
        {
            if (TryReuse(size, out var reused))
            {
                return reused;
            }

            if (_limitBytes > 0 && ReservedBytes + size > _limitBytes)
            {
                _reclaim?.Invoke();
                if (TryReuse(size, out var recycled))
                {
                    return recycled;
                }

                TrimLocked();
                if (ReservedBytes + size > _limitBytes)
                {
                    throw OutOfMemory(bytes, $"the configured limit of {_limitBytes} bytes would be passed");
                }
            }

            if (!_allocator.TryAllocate(size, out IntPtr pointer))
            {
                _reclaim?.Invoke();
                if (TryReuse(size, out var recycled))
                {
                    return recycled;
                }

                TrimLocked();
                if (!_allocator.TryAllocate(size, out pointer))
                {
                    throw OutOfMemory(bytes, "the device is out of memory");
                }
            }

            DeviceAllocations++;
            _live[pointer] = size;
            return Hand(pointer, size);
        }
    }

    /// <summary>Gives a block back for reuse.</summary>
    public void Return(DeviceBlock block)
    {
        if (block.IsNull)
        {
            return;
        }

        lock (_gate)
        {
            if (!_live.TryGetValue(block.Pointer, out long size) || size != block.Bytes)
            {
                throw new InvalidOperationException($"block 0x{block.Pointer:X} of {block.Bytes} bytes was not rented from this pool");
            }

            if (!_free.TryGetValue(size, out var stack))
            {
                stack = new Stack<IntPtr>();
                _free[size] = stack;
            }

            if (stack.Contains(block.Pointer))
            {
                throw new InvalidOperationException($"block 0x{block.Pointer:X} was returned twice");
            }

            stack.Push(block.Pointer);
            InUseBytes -= size;
            CachedBytes += size;
        }
    }

    /// <summary>Releases every cached block to the device.</summary>
    public void Trim()
    {
        lock (_gate)
        {
            TrimLocked();
        }
    }

    /// <summary>Frees everything the pool allocated, in use or not (the backend is going away).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var pointer in _live.Keys)
            {
                _allocator.Free(pointer);
            }

            _live.Clear();
            _free.Clear();
            InUseBytes = 0;
            CachedBytes = 0;
        }
    }

    private bool TryReuse(long size, out DeviceBlock block)
    {
        if (_free.TryGetValue(size, out var stack) && stack.Count > 0)
        {
            CachedBytes -= size;
            block = Hand(stack.Pop(), size);
            return true;
        }

        block = default;
        return false;
    }

    private DeviceBlock Hand(IntPtr pointer, long size)
    {
        InUseBytes += size;
        PeakInUseBytes = Math.Max(PeakInUseBytes, InUseBytes);
        return new DeviceBlock(pointer, size);
    }

    private void TrimLocked()
    {
        foreach (var (size, stack) in _free)
        {
            while (stack.Count > 0)
            {
                IntPtr pointer = stack.Pop();
                _allocator.Free(pointer);
                _live.Remove(pointer);
                CachedBytes -= size;
            }
        }
    }

    private CudaException OutOfMemory(long bytes, string why) => new(
        $"cannot allocate {bytes} bytes on the GPU: {why} ({InUseBytes} bytes in use, {CachedBytes} cached, peak {PeakInUseBytes}); " +
        "use a smaller patch size or fewer patches per batch, or raise the memory limit")
    {
        Status = NativeConstants.CudaErrorMemoryAllocation,
    };
}
