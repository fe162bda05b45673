namespace DicomSegNode.Segmentation.Backends.Cuda.Native;

/// <summary>A CUDA runtime, cuBLAS or cuDNN call failed; the message names the call and the library's own error text.</summary>
public sealed class CudaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CudaException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CudaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public CudaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The library's status code (cudaError_t, cublasStatus_t or cudnnStatus_t), 0 when not from a call.</summary>
    public int Status { get; init; }
}
