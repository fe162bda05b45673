namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// How many sliding-window patches to run through the network at once on a GPU: as many as fit in the device
/// memory left after the weights and the output, measured per patch on the first patch (the pool's peak), with
/// headroom for cuDNN workspaces and fragmentation, capped so that one batch does not outlast a progress report
/// by much, and never more than there are patches.
/// </summary>
public static class PatchBatchPlanner
{
    /// <summary>The fraction of free memory batches may use; the rest covers algorithm workspaces and rounding.</summary>
    public const double Headroom = 0.8;

    /// <summary>
    /// The batch size for <paramref name="patches"/> patches when one patch needs <paramref name="bytesPerPatch"/>
    /// (intermediates at the peak of a forward pass) and <paramref name="freeBytes"/> are free on the device.
    /// </summary>
    public static int BatchSize(long bytesPerPatch, long freeBytes, int patches, int maxBatch = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerPatch);
        ArgumentOutOfRangeException.ThrowIfNegative(freeBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(patches);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        long fit = (long)(freeBytes * Headroom) / bytesPerPatch;
        if (fit < 1)
        {
            throw new InvalidOperationException(
                $"one patch needs {bytesPerPatch} bytes of GPU memory but only {freeBytes} are free ({Headroom:P0} usable); use a smaller patch size or the CPU");
        }

        return (int)Math.Min(Math.Min(fit, maxBatch), patches);
    }
}
