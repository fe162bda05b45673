namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// A page-locked host buffer (cudaHostAlloc) through which tensors travel between managed arrays and the GPU:
/// copies from pinned memory are true DMA and run asynchronously on the stream, where a copy from a pageable
/// managed array would be staged by the driver synchronously. Transfers larger than the buffer go in chunks; an
/// event marks when the DMA has drained the buffer so that the next chunk may overwrite it.
/// </summary>
internal sealed unsafe class PinnedStaging : IDisposable
{
    public const int ChunkBytes = 32 << 20;

    private readonly CudaDevice _device;
    private readonly IntPtr _stream;
    private readonly IntPtr _buffer;
    private readonly IntPtr _drained;

    public PinnedStaging(CudaDevice device, IntPtr stream)
    {
        _device = device;
        _stream = stream;
        var rt = device.Runtime;
        IntPtr buffer, drained;
        rt.Check(rt.HostAlloc(&buffer, ChunkBytes, Native.NativeConstants.CudaHostAllocDefault), $"cudaHostAlloc({ChunkBytes})");
        _buffer = buffer;
        rt.Check(rt.EventCreateWithFlags(&drained, Native.NativeConstants.CudaEventDefault), "cudaEventCreateWithFlags");
        _drained = drained;
        rt.Check(rt.EventRecord(_drained, _stream), "cudaEventRecord");
    }

    /// <summary>Copies <paramref name="source"/> to device memory at <paramref name="destination"/>, asynchronously on the stream.</summary>
    public void Upload(ReadOnlySpan<float> source, IntPtr destination)
    {
        var rt = _device.Runtime;
        int chunk = ChunkBytes / sizeof(float);
        for (int offset = 0; offset < source.Length; offset += chunk)
        {
            int count = Math.Min(chunk, source.Length - offset);
            rt.Check(rt.EventSynchronize(_drained), "cudaEventSynchronize");
            source.Slice(offset, count).CopyTo(new Span<float>((void*)_buffer, count));
            rt.Check(rt.MemcpyAsync(destination + (offset * sizeof(float)), _buffer, (nuint)(count * sizeof(float)), Native.NativeConstants.CudaMemcpyHostToDevice, _stream), "cudaMemcpyAsync(host to device)");
            rt.Check(rt.EventRecord(_drained, _stream), "cudaEventRecord");
        }
    }

    /// <summary>Copies device memory at <paramref name="source"/> into <paramref name="destination"/>; returns when the data is there.</summary>
    public void Download(IntPtr source, Span<float> destination)
    {
        var rt = _device.Runtime;
        int chunk = ChunkBytes / sizeof(float);
        for (int offset = 0; offset < destination.Length; offset += chunk)
        {
            int count = Math.Min(chunk, destination.Length - offset);
            rt.Check(rt.MemcpyAsync(_buffer, source + (offset * sizeof(float)), (nuint)(count * sizeof(float)), Native.NativeConstants.CudaMemcpyDeviceToHost, _stream), "cudaMemcpyAsync(device to host)");
            rt.Check(rt.StreamSynchronize(_stream), "cudaStreamSynchronize");
            new ReadOnlySpan<float>((void*)_buffer, count).CopyTo(destination.Slice(offset, count));
        }

        rt.Check(rt.EventRecord(_drained, _stream), "cudaEventRecord");
    }

    public void Dispose()
    {
        _device.Runtime.EventDestroy(_drained);
        _device.Runtime.FreeHost(_buffer);
    }
}
