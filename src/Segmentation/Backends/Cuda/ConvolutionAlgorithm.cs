using DicomSegNode.Segmentation.Backends.Cuda.Native;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>A cuDNN algorithm chosen for one convolution shape: the algorithm, the math type to run it with, its workspace and its measured time.</summary>
internal readonly record struct ConvolutionAlgorithm(int Algo, int MathType, long WorkspaceBytes, float Milliseconds)
{
    /// <summary>
    /// The fastest usable entry of cuDNN's measured list: status success, workspace within
    /// <paramref name="maxWorkspaceBytes"/>, and a math type that keeps float32 exact unless TF32 is allowed
    /// (CUDNN_FMA_MATH always; CUDNN_DEFAULT_MATH and CUDNN_TENSOR_OP_MATH only with TF32, because on Ampere and
    /// newer they run float32 as TF32; CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION never, it rounds to half precision).
    /// Null when nothing qualifies.
    /// </summary>
    public static ConvolutionAlgorithm? Choose(ReadOnlySpan<ConvolutionAlgoPerf> results, bool allowTf32, long maxWorkspaceBytes)
    {
        ConvolutionAlgorithm? best = null;
        foreach (var r in results)
        {
            bool mathOk = r.MathType == NativeConstants.CudnnFmaMath
                || (allowTf32 && (r.MathType == NativeConstants.CudnnDefaultMath || r.MathType == NativeConstants.CudnnTensorOpMath));
            if (r.Status != NativeConstants.CudnnStatusSuccess || !mathOk || r.Time < 0 || (long)r.Memory > maxWorkspaceBytes)
            {
                continue;
            }

            if (best is null || r.Time < best.Value.Milliseconds)
            {
                best = new ConvolutionAlgorithm(r.Algo, r.MathType, (long)r.Memory, r.Time);
            }
        }

        return best;
    }

    /// <summary>Why <see cref="Choose"/> found nothing, listing each candidate.</summary>
    public static string DescribeRejected(ReadOnlySpan<ConvolutionAlgoPerf> results, bool allowTf32, long maxWorkspaceBytes)
    {
        var parts = new List<string>();
        foreach (var r in results)
        {
            parts.Add($"algo {r.Algo}: status {r.Status}, math {r.MathType}, {(long)r.Memory} bytes");
        }

        return $"no cuDNN algorithm qualifies (TF32 {(allowTf32 ? "allowed" : "off")}, workspace limit {maxWorkspaceBytes} bytes): " +
            (parts.Count == 0 ? "cuDNN returned none" : string.Join("; ", parts));
    }
}
