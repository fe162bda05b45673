using DicomSegNode.Segmentation.Backends.Cuda.Native;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// Concatenation along channels as device-to-device copies: one cudaMemcpyAsync per input for batch 1 (each
/// input is one contiguous block of y), one cudaMemcpy2DAsync per input otherwise (N rows of C_i*S floats into
/// rows of C*S). The op interface has no tensor views, so producers cannot write into y directly.
/// </summary>
internal static unsafe class CudaConcat
{
    // inputs: [N, C_i, D, H, W] -> y: [N, sum C_i, D, H, W]
    public static void Run(CudaBackend b, IReadOnlyList<Tensor> inputs, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var s = y.Shape;
        int channels = 0;
        foreach (var t in inputs)
        {
            if (t.Shape.N != s.N || t.Shape.D != s.D || t.Shape.H != s.H || t.Shape.W != s.W)
            {
                throw new ArgumentException($"concat input {t.Shape} does not match output {s} outside the channel axis");
            }

            if (ReferenceEquals(t.Buffer, y.Buffer))
            {
                throw new ArgumentException("concat output must not share a buffer with an input");
            }

            channels += t.Shape.C;
        }

        if (channels != s.C)
        {
            throw new ArgumentException($"concat inputs have {channels} channels, the output {s.C}");
        }

        var rt = b.Runtime;
        IntPtr yp = b.Out(y);
        long plane = (long)s.Spatial * sizeof(float);
        long offset = 0;
        foreach (var t in inputs)
        {
            IntPtr src = b.In(t);
            long width = t.Shape.C * plane;
            IntPtr dst = yp + (nint)offset;
            if (s.N == 1)
            {
                rt.Check(rt.MemcpyAsync(dst, src, (nuint)width, NativeConstants.CudaMemcpyDeviceToDevice, b.Stream), "cudaMemcpyAsync(concat)");
            }
            else
            {
                rt.Check(rt.Memcpy2DAsync(dst, (nuint)(s.C * plane), src, (nuint)width, (nuint)width, (nuint)s.N, NativeConstants.CudaMemcpyDeviceToDevice, b.Stream), "cudaMemcpy2DAsync(concat)");
            }

            offset += width;
        }
    }
}
