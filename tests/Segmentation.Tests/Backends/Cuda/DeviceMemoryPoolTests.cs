using DicomSegNode.Segmentation.Backends.Cuda;
using DicomSegNode.Segmentation.Backends.Cuda.Native;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>The caching device allocator's reuse, accounting and out-of-memory behaviour, as pure logic.</summary>
public sealed class DeviceMemoryPoolTests
{
    private const long MiB = 1L << 20;

    [Theory]
    [InlineData(1, 512)]
    [InlineData(512, 512)]
    [InlineData(513, 1024)]
    [InlineData((1 << 20) - 1, 1 << 20)]
    [InlineData(1 << 20, 2 << 20)]
    [InlineData((3 << 20) + 1, 4 << 20)]
    public void RoundUp_SmallAndLargeRequests_UseTheirGranularity(long bytes, long expected)
    {
        Assert.Equal(expected, DeviceMemoryPool.RoundUp(bytes));
    }

    [Fact]
    public void Rent_SameSizeAfterReturn_ReusesTheBlockWithoutCallingTheDevice()
    {
        var device = new RecordingAllocator(64 * MiB);
        using var pool = new DeviceMemoryPool(device, 0);

        var a = pool.Rent(3 * MiB);
        pool.Return(a);
        var b = pool.Rent((3 * MiB) - 100);

        Assert.Equal(a, b);
        Assert.Equal(["malloc 4194304"], device.Calls);
        Assert.Equal(1, pool.DeviceAllocations);
    }

    [Fact]
    public void Accounting_InUseCachedReservedAndPeak_FollowRentsAndReturns()
    {
        var device = new RecordingAllocator(64 * MiB);
        using var pool = new DeviceMemoryPool(device, 0);

        var a = pool.Rent(2 * MiB);
        var b = pool.Rent(1000);
        Assert.Equal((2 * MiB) + 1024, pool.InUseBytes);
        pool.Return(a);

        Assert.Equal(1024, pool.InUseBytes);
        Assert.Equal(2 * MiB, pool.CachedBytes);
        Assert.Equal((2 * MiB) + 1024, pool.ReservedBytes);
        Assert.Equal((2 * MiB) + 1024, pool.PeakInUseBytes);
        pool.Trim();
        Assert.Equal(0, pool.CachedBytes);
        Assert.Equal(1024, device.Allocated);
        pool.Return(b);
    }

    [Fact]
    public void Rent_DeviceFullButCacheHoldsBlocks_ReleasesCacheAndRetries()
    {
        var device = new RecordingAllocator(6 * MiB);
        using var pool = new DeviceMemoryPool(device, 0);
        pool.Return(pool.Rent(4 * MiB));

        var big = pool.Rent(6 * MiB);

        Assert.Equal(6 * MiB, big.Bytes);
        Assert.Equal(["malloc 4194304", "refuse 6291456", "free 4194304", "malloc 6291456"], device.Calls);
    }

    [Fact]
    public void Rent_DeviceFull_ReclaimHookReturnsBlocksThatAreThenReused()
    {
        var device = new RecordingAllocator(4 * MiB);
        DeviceMemoryPool? pool = null;
        var held = new List<DeviceBlock>();
        int reclaims = 0;
        pool = new DeviceMemoryPool(device, 0, () =>
        {
            // What the backend does: blocks of dropped host buffers come back.
            reclaims++;
            held.ForEach(pool!.Return);
            held.Clear();
        });
        held.Add(pool.Rent(4 * MiB));

        var again = pool.Rent(4 * MiB);

        Assert.Equal(1, reclaims);
        Assert.Equal(["malloc 4194304", "refuse 4194304"], device.Calls);
        Assert.Equal(4 * MiB, pool.InUseBytes);
        pool.Return(again);
        pool.Dispose();
    }

    [Fact]
    public void Rent_DeviceFullEvenAfterTrim_ThrowsWithTheAccounting()
    {
        var device = new RecordingAllocator(6 * MiB);
        using var pool = new DeviceMemoryPool(device, 0);
        pool.Rent(4 * MiB);

        var ex = Assert.Throws<CudaException>(() => pool.Rent(4 * MiB));

        Assert.Equal(
            "cannot allocate 4194304 bytes on the GPU: the device is out of memory (4194304 bytes in use, 0 cached, peak 4194304); " +
            "use a smaller patch size or fewer patches per batch, or raise the memory limit",
            ex.Message);
        Assert.Equal(2, ex.Status);
    }

    [Fact]
    public void Rent_BeyondConfiguredLimit_ThrowsBeforeAskingTheDevice()
    {
        var device = new RecordingAllocator(64 * MiB);
        using var pool = new DeviceMemoryPool(device, 5 * MiB);
        pool.Rent(2 * MiB);
        pool.Rent(2 * MiB);

        var ex = Assert.Throws<CudaException>(() => pool.Rent(2 * MiB));

        Assert.Contains("the configured limit of 5242880 bytes would be passed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["malloc 2097152", "malloc 2097152"], device.Calls);
    }

    [Fact]
    public void Return_TwiceOrForeignBlock_IsRejected()
    {
        using var pool = new DeviceMemoryPool(new RecordingAllocator(64 * MiB), 0);
        var a = pool.Rent(100);
        pool.Return(a);

        Assert.Throws<InvalidOperationException>(() => pool.Return(a));
        Assert.Throws<InvalidOperationException>(() => pool.Return(new DeviceBlock(0x42, 512)));
    }

    [Fact]
    public void Dispose_FreesBlocksInUseAndCached()
    {
        var device = new RecordingAllocator(64 * MiB);
        var pool = new DeviceMemoryPool(device, 0);
        pool.Rent(MiB);
        pool.Return(pool.Rent(100));

        pool.Dispose();

        Assert.Equal(0, device.Allocated);
        Assert.Equal(0, pool.ReservedBytes);
    }
}
