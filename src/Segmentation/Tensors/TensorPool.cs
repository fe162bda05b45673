using System.Collections.Concurrent;

namespace DicomSegNode.Segmentation.Tensors;

/// <summary>
/// Reuses tensor buffers by exact length. Inference runs the same network on patch after patch, so
/// every shape recurs and after the first patch no buffer is allocated; the pool's size is bounded
/// by the largest set of tensors alive at once during one forward pass.
/// </summary>
public sealed class TensorPool
{
    private readonly ConcurrentDictionary<int, ConcurrentBag<float[]>> _free = new();
    private long _allocatedBytes;

    /// <summary>Bytes allocated by this pool so far (reused buffers count once).</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocatedBytes);

    /// <summary>Rents a tensor of the given shape; its contents are undefined unless <paramref name="zero"/>.</summary>
    public Tensor Rent(TensorShape shape, bool zero = false)
    {
        float[]? buffer = null;
        if (_free.TryGetValue(shape.Length, out var bag))
        {
            bag.TryTake(out buffer);
        }

        if (buffer is null)
        {
            buffer = new float[shape.Length];
            Interlocked.Add(ref _allocatedBytes, (long)shape.Length * sizeof(float));
        }
        else if (zero)
        {
            Array.Clear(buffer);
        }

        return new Tensor(shape, buffer);
    }

    /// <summary>Bytes currently held for reuse.</summary>
    public long FreeBytes => _free.Sum(kv => (long)kv.Key * kv.Value.Count * sizeof(float));

    /// <summary>Drops every free buffer (to the garbage collector); rented tensors are unaffected.</summary>
    public void Clear() => _free.Clear();

    /// <summary>Gives a tensor's buffer back; the tensor must not be used afterwards.</summary>
    public void Return(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        _free.GetOrAdd(tensor.Buffer.Length, _ => new ConcurrentBag<float[]>()).Add(tensor.Buffer);
    }
}
