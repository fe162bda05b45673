namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>How the CUDA backend finds its libraries and uses the GPU.</summary>
public sealed record CudaOptions
{
    /// <summary>The defaults: search the usual places, device 0, strict float32, all free device memory.</summary>
    public static CudaOptions Default { get; } = new();

    /// <summary>
    /// Folders searched first for libcudart / libcublas / libcudnn (a Python site-packages folder works too: its
    /// <c>nvidia/*/lib</c> folders are searched). A library file found here must load, or discovery stops with its error.
    /// </summary>
    public IReadOnlyList<string> LibraryFolders { get; init; } = [];

    /// <summary>The CUDA device ordinal.</summary>
    public int DeviceIndex { get; init; }

    /// <summary>
    /// Let cuDNN and cuBLAS use TF32 tensor cores for float32 convolutions (Ampere and newer). Off by default:
    /// TF32 keeps 10 mantissa bits, errors of ~1e-3 relative, outside the parity bound of 1e-4 (see docs/cuda.md).
    /// </summary>
    public bool AllowTf32 { get; init; }

    /// <summary>Upper bound on device memory the backend's pool may hold, in bytes; 0 = whatever the device has free.</summary>
    public long MemoryLimitBytes { get; init; }

    /// <summary>The most workspace a convolution algorithm may use, in bytes (the algorithm search skips algorithms that need more).</summary>
    public long MaxWorkspaceBytes { get; init; } = 1L << 30;

    /// <summary>For tests: force 1x1 convolutions onto cuBLAS (true) or cuDNN (false) instead of measuring both.</summary>
    internal bool? PointwiseOnCublas { get; init; }

    /// <summary>Checks the values, naming the one that is wrong.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(LibraryFolders);
        if (DeviceIndex < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DeviceIndex), DeviceIndex, "the CUDA device index must not be negative");
        }

        if (MemoryLimitBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MemoryLimitBytes), MemoryLimitBytes, "the memory limit must not be negative (0 = no limit)");
        }

        if (MaxWorkspaceBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWorkspaceBytes), MaxWorkspaceBytes, "the workspace limit must not be negative");
        }
    }
}
