namespace DicomSegNode.Segmentation.Backends.Cuda.Native;

/// <summary>The CUDA libraries loaded for one CUDA major version.</summary>
internal sealed class CudaLibrarySet(int cudaMajor, IReadOnlyDictionary<string, LoadedLibrary> libraries)
{
    public int CudaMajor { get; } = cudaMajor;

    public LoadedLibrary this[string key] => libraries[key];

    /// <summary>"key=path" for each library, for the log.</summary>
    public string Describe() => string.Join(", ", libraries.Values.Select(l => $"{l.Key}={l.Path}"));
}
