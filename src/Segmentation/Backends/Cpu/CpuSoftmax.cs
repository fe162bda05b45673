using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cpu;

/// <summary>
/// Softmax over channels, vectorised along positions: for a chunk of positions, the running channel maximum,
/// exp(x - max) per channel, their sum, then one division per channel. Subtracting the maximum keeps exp finite.
/// x: [N, C, D, H, W] -> y: same shape.
/// </summary>
internal static class CpuSoftmax
{
    private const int Chunk = 2048;

    public static void Run(Tensor x, Tensor y, int threads)
    {
        if (x.Shape != y.Shape)
        {
            throw new ArgumentException($"softmax output {y.Shape} should be {x.Shape}");
        }

        var s = x.Shape;
        int plane = s.Spatial;
        int chunks = (plane + Chunk - 1) / Chunk;
        float[] xb = x.Buffer, yb = y.Buffer;
        Parallel.For(0, s.N * chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, job =>
        {
            int n = job / chunks;
            int start = (job - (n * chunks)) * Chunk;
            int len = Math.Min(Chunk, plane - start);
            Span<float> max = stackalloc float[Chunk];
            Span<float> sum = stackalloc float[Chunk];
            max = max[..len];
            sum = sum[..len];
            int baseOffset = n * s.C * plane;
            xb.AsSpan(baseOffset + start, len).CopyTo(max);
            for (int c = 1; c < s.C; c++)
            {
                TensorPrimitives.Max(max, xb.AsSpan(baseOffset + (c * plane) + start, len), max);
            }

            sum.Clear();
            for (int c = 0; c < s.C; c++)
            {
                var dst = yb.AsSpan(baseOffset + (c * plane) + start, len);
                TensorPrimitives.Subtract(xb.AsSpan(baseOffset + (c * plane) + start, len), max, dst);
                TensorPrimitives.Exp(dst, dst);
                TensorPrimitives.Add(sum, dst, sum);
            }

            for (int c = 0; c < s.C; c++)
            {
                var dst = yb.AsSpan(baseOffset + (c * plane) + start, len);
                TensorPrimitives.Divide(dst, sum, dst);
            }
        });
    }
}
