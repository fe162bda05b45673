using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// Where each tensor's current elements live. Every host buffer an op touches gets a device mirror of the same
/// length from the pool. An op's output is newer on the device and is not copied back; a tensor the host wrote
/// (or got back through <see cref="ToHost"/>) is newer on the host and is uploaded whenever an op reads it, so host
/// code may overwrite such a buffer at any time. The one rule for callers: call <see cref="ToHost"/> before reading
/// an op's output on the host, and before overwriting a buffer that an op wrote (e.g. a pooled buffer rented again).
/// Mirrors live as long as their host buffer: when the caller drops a buffer (the predictor empties its tensor pool
/// after each volume), the mirror's finalizer queues its device block, which goes back to the pool at the next op,
/// or at once when the device runs short (<see cref="Reclaim"/>).
/// </summary>
public sealed partial class CudaBackend
{
    private readonly ConditionalWeakTable<float[], Mirror> _mirrors = [];
    private readonly ConcurrentQueue<DeviceBlock> _orphans = new();

    /// <summary>
    /// Makes <paramref name="t"/>'s elements current in its host buffer and hands the buffer to host code, which may
    /// then read or overwrite it; the next op that reads the tensor uploads the host's elements.
    /// </summary>
    public void ToHost(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_mirrors.TryGetValue(t.Buffer, out var mirror) && mirror.DeviceNewer)
            {
                Enter();
                _staging.Download(mirror.Block.Pointer, t.Span);
                mirror.DeviceNewer = false;
            }
        }
    }

    /// <summary>The device address of an op's input, uploading it when the host holds the newer copy.</summary>
    internal IntPtr In(Tensor t)
    {
        var mirror = MirrorOf(t);
        if (!mirror.DeviceNewer)
        {
            _staging.Upload(t.Span, mirror.Block.Pointer);
        }

        return mirror.Block.Pointer;
    }

    /// <summary>The device address an op writes <paramref name="y"/> to, which must not be one of the op's inputs.</summary>
    internal IntPtr Out(Tensor y)
    {
        var mirror = MirrorOf(y);
        mirror.DeviceNewer = true;
        return mirror.Block.Pointer;
    }

    /// <summary>
    /// Where an op writes <paramref name="y"/> when y may share its buffer with an input: a fresh block that
    /// <see cref="Commit"/> then makes y's mirror (the old block goes back to the pool; stream order keeps it intact
    /// until the op has read it), so no cuDNN call ever runs in place.
    /// </summary>
    internal PendingOutput OutFresh(Tensor y, params ReadOnlySpan<Tensor?> inputs)
    {
        foreach (var input in inputs)
        {
            if (input is not null && ReferenceEquals(input.Buffer, y.Buffer))
            {
                return new PendingOutput(_memory.Rent((long)y.Buffer.Length * sizeof(float)), y);
            }
        }

        return new PendingOutput(default, y) { Direct = Out(y) };
    }

    /// <summary>Makes a pending output y's current device copy.</summary>
    internal void Commit(PendingOutput pending)
    {
        if (pending.Fresh.IsNull)
        {
            return;
        }

        var mirror = MirrorOf(pending.Target);
        _memory.Return(mirror.Block);
        mirror.Block = pending.Fresh;
        mirror.DeviceNewer = true;
    }

    /// <summary>After a CPU fallback wrote <paramref name="y"/>'s host buffer: the host copy is the current one.</summary>
    internal void HostWrote(Tensor y)
    {
        if (_mirrors.TryGetValue(y.Buffer, out var mirror))
        {
            mirror.DeviceNewer = false;
        }
    }

    /// <summary>Brings every input of a CPU fallback to the host.</summary>
    internal void ToHostForFallback(params ReadOnlySpan<Tensor?> tensors)
    {
        foreach (var t in tensors)
        {
            if (t is not null && _mirrors.TryGetValue(t.Buffer, out var mirror) && mirror.DeviceNewer)
            {
                _staging.Download(mirror.Block.Pointer, t.Span);
                mirror.DeviceNewer = false;
            }
        }
    }

    private Mirror MirrorOf(Tensor t)
    {
        if (!_mirrors.TryGetValue(t.Buffer, out var mirror))
        {
            mirror = new Mirror(_orphans) { Block = _memory.Rent((long)t.Buffer.Length * sizeof(float)) };
            _mirrors.Add(t.Buffer, mirror);
        }

        return mirror;
    }

    /// <summary>Returns the device blocks of host buffers that have been collected.</summary>
    private void ReturnOrphans()
    {
        while (_orphans.TryDequeue(out var block))
        {
            _memory.Return(block);
        }
    }

    /// <summary>
    /// Called by the device pool when memory is short: collects dropped host buffers so that their mirrors'
    /// blocks come back before the pool gives up.
    /// </summary>
    private void Reclaim()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        ReturnOrphans();
    }

    private void ReleaseMirrors()
    {
        // The pool frees every block it handed out when it is disposed; the mirrors only need to stop pointing at them.
        foreach (var (_, mirror) in _mirrors)
        {
            mirror.Detach();
        }

        _mirrors.Clear();
        _orphans.Clear();
    }

    /// <summary>An output slot: either y's own mirror (<see cref="Direct"/>) or a fresh block to commit.</summary>
    internal readonly struct PendingOutput(DeviceBlock fresh, Tensor target)
    {
        public DeviceBlock Fresh { get; } = fresh;

        public Tensor Target { get; } = target;

        public IntPtr Direct { get; init; }

        public IntPtr Pointer => Fresh.IsNull ? Direct : Fresh.Pointer;
    }

    private sealed class Mirror(ConcurrentQueue<DeviceBlock> orphans)
    {
        private ConcurrentQueue<DeviceBlock>? _orphans = orphans;

        ~Mirror()
        {
            _orphans?.Enqueue(Block);
        }

        public DeviceBlock Block { get; set; }

        public bool DeviceNewer { get; set; }

        public void Detach() => _orphans = null;
    }
}
