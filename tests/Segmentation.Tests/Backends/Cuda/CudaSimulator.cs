using System.Diagnostics;
using DicomSegNode.Segmentation.Backends.Cuda;
using DicomSegNode.Segmentation.Backends.Cuda.Native;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>
/// Builds TestData/cuda-simulator/cuda_simulator.c (a CPU implementation of the CUDA runtime, cuBLAS and cuDNN
/// entry points the backend calls, written from the same documentation) with the system C compiler and installs it
/// under every soname the backend loads, in a folder of its own. Loading it exercises the real loader, every
/// P/Invoke signature and the backend's whole host-side logic; it says nothing about NVIDIA's implementation.
/// </summary>
public sealed class CudaSimulator : IDisposable
{
    private readonly TempFolder _folder = new();

    public CudaSimulator()
    {
        string source = TestData.Path("cuda-simulator", "cuda_simulator.c");
        string library = Path.Combine(_folder.Path, "libcudasim.so");
        var start = new ProcessStartInfo("cc", ["-O2", "-shared", "-fPIC", "-o", library, source, "-lm", "-ldl"]) { RedirectStandardError = true };
        using var cc = Process.Start(start) ?? throw new InvalidOperationException("cannot start cc (Debian: gcc)");
        string errors = cc.StandardError.ReadToEnd();
        cc.WaitForExit();
        Assert.True(cc.ExitCode == 0, $"cc failed to build the CUDA simulator: {errors}");
        foreach (var spec in NativeLibrarySpec.ForCudaMajor(12))
        {
            File.Copy(library, Path.Combine(_folder.Path, spec.FileNames[0]));
        }

        Options = new CudaOptions { LibraryFolders = [_folder.Path] };
    }

    /// <summary>Options that make the backend load the simulator.</summary>
    public CudaOptions Options { get; }

    public void Dispose() => _folder.Dispose();
}
