namespace DicomSegNode.Segmentation.Backends;

/// <summary>Where inference runs.</summary>
public enum Device
{
    /// <summary>The best backend available: CUDA when a GPU and its libraries are present, else the CPU.</summary>
    Auto,

    /// <summary>The CPU backend (managed SIMD kernels).</summary>
    Cpu,

    /// <summary>The CUDA backend; fails fast when it cannot be used.</summary>
    Cuda,
}
