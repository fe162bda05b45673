namespace DicomSegNode.Segmentation.Backends.Cuda.Native;

/// <summary>The cuBLAS calls we make (cublas_api.h, cuBLAS 12/13 "_v2" entry points), resolved from libcublas at run time.</summary>
internal sealed unsafe class CublasApi
{
    public CublasApi(LoadedLibrary cublas)
    {
        Create = (delegate* unmanaged<IntPtr*, int>)cublas.Export("cublasCreate_v2");
        Destroy = (delegate* unmanaged<IntPtr, int>)cublas.Export("cublasDestroy_v2");
        SetStream = (delegate* unmanaged<IntPtr, IntPtr, int>)cublas.Export("cublasSetStream_v2");
        SetMathMode = (delegate* unmanaged<IntPtr, int, int>)cublas.Export("cublasSetMathMode");
        SgemmStridedBatched = (delegate* unmanaged<IntPtr, int, int, int, int, int, float*, IntPtr, int, long, IntPtr, int, long, float*, IntPtr, int, long, int, int>)
            cublas.Export("cublasSgemmStridedBatched");
    }

    public delegate* unmanaged<IntPtr*, int> Create { get; }

    public delegate* unmanaged<IntPtr, int> Destroy { get; }

    public delegate* unmanaged<IntPtr, IntPtr, int> SetStream { get; }

    public delegate* unmanaged<IntPtr, int, int> SetMathMode { get; }

    /// <summary>
    /// cublasSgemmStridedBatched(handle, transa, transb, m, n, k, alpha*, A, lda, strideA, B, ldb, strideB, beta*, C, ldc,
    /// strideC, batchCount), column-major.
    /// </summary>
    public delegate* unmanaged<IntPtr, int, int, int, int, int, float*, IntPtr, int, long, IntPtr, int, long, float*, IntPtr, int, long, int, int> SgemmStridedBatched { get; }

    /// <summary>Throws unless <paramref name="status"/> is CUBLAS_STATUS_SUCCESS.</summary>
    public static void Check(int status, string call)
    {
        if (status != NativeConstants.CublasStatusSuccess)
        {
            throw new CudaException($"{call} failed: {Name(status)} ({status})") { Status = status };
        }
    }

    // cublasStatus_t values (cublas_api.h).
    private static string Name(int status) => status switch
    {
        1 => "CUBLAS_STATUS_NOT_INITIALIZED",
        3 => "CUBLAS_STATUS_ALLOC_FAILED",
        7 => "CUBLAS_STATUS_INVALID_VALUE",
        8 => "CUBLAS_STATUS_ARCH_MISMATCH",
        11 => "CUBLAS_STATUS_MAPPING_ERROR",
        13 => "CUBLAS_STATUS_EXECUTION_FAILED",
        14 => "CUBLAS_STATUS_INTERNAL_ERROR",
        15 => "CUBLAS_STATUS_NOT_SUPPORTED",
        16 => "CUBLAS_STATUS_LICENSE_ERROR",
        _ => "cublasStatus_t",
    };
}
