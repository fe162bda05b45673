namespace DicomSegNode.Segmentation.Backends.Cuda.Native;

/// <summary>One shared library the CUDA backend loads: its versioned file names (tried in order) and why it is needed.</summary>
/// <param name="Key">Short name used in messages and in <see cref="CudaLibrarySet"/>.</param>
/// <param name="FileNames">Versioned sonames, e.g. libcudart.so.12; never the unversioned development link.</param>
/// <param name="Required">False for libraries cuDNN only uses when present (runtime-compiled engines, nvrtc).</param>
/// <param name="Purpose">What it is, for the reason a user reads.</param>
internal sealed record NativeLibrarySpec(string Key, IReadOnlyList<string> FileNames, bool Required, string Purpose)
{
    /// <summary>
    /// The libraries in load order (dependencies first, so that a later dlopen by soname finds the copy already
    /// loaded from a non-standard folder): the NVIDIA driver, the CUDA runtime, cuBLASLt and cuBLAS of the same
    /// CUDA major, nvrtc (optional, for cuDNN's runtime-compiled engines), then cuDNN 9's sub-libraries and its shim.
    /// </summary>
    public static IReadOnlyList<NativeLibrarySpec> ForCudaMajor(int major)
    {
        string m = major.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return
        [
            new("cuda", ["libcuda.so.1"], true, "the NVIDIA driver's CUDA library (comes with the GPU driver)"),
            new("cudart", [$"libcudart.so.{m}"], true, $"the CUDA {m} runtime"),
            new("cublasLt", [$"libcublasLt.so.{m}"], true, $"cuBLASLt (CUDA {m}), needed by cuBLAS and by cuDNN's convolution engines"),
            new("cublas", [$"libcublas.so.{m}"], true, $"cuBLAS (CUDA {m})"),
            new("nvrtc", [$"libnvrtc.so.{m}"], false, $"NVRTC (CUDA {m}), used by cuDNN's runtime-compiled engines"),
            new("cudnn_graph", ["libcudnn_graph.so.9"], true, "cuDNN 9 graph sub-library"),
            new("cudnn_engines_precompiled", ["libcudnn_engines_precompiled.so.9"], true, "cuDNN 9 precompiled engines"),
            new("cudnn_engines_runtime_compiled", ["libcudnn_engines_runtime_compiled.so.9"], false, "cuDNN 9 runtime-compiled engines"),
            new("cudnn_heuristic", ["libcudnn_heuristic.so.9"], false, "cuDNN 9 heuristics"),
            new("cudnn_ops", ["libcudnn_ops.so.9"], true, "cuDNN 9 ops sub-library (pooling, activation, op-tensor, softmax)"),
            new("cudnn_cnn", ["libcudnn_cnn.so.9"], true, "cuDNN 9 convolution sub-library"),
            new("cudnn", ["libcudnn.so.9"], true, "cuDNN 9"),
        ];
    }

    /// <summary>CUDA majors tried in order: 12 first (cuDNN 9 and cuBLAS 12 wheels of current PyTorch), then 13.</summary>
    public static IReadOnlyList<int> CudaMajors { get; } = [12, 13];
}
