using DicomSegNode.Segmentation.Backends.Cuda;
using DicomSegNode.Segmentation.Backends.Cuda.Native;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>
/// Library discovery against real files: empty folders (what this machine has: no CUDA library anywhere), files
/// that are not libraries, a truncated ELF file, and a real shared library that is not a CUDA library.
/// </summary>
public sealed class CudaLibraryLoaderTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void TryLoad_FolderWithoutLibraries_ReasonNamesEveryMissingLibraryAndTheFolder()
    {
        using var folder = new TempFolder();
        var folders = CudaLibrarySearch.Folders([folder.Path], NoEnvironment, wellKnownFolders: false);

        var set = CudaLibraryLoader.TryLoad(folders, trySystemLoader: false, out string? failure);

        Assert.Null(set);
        Assert.NotNull(failure);
        Assert.StartsWith("CUDA libraries not found: ", failure, StringComparison.Ordinal);
        foreach (string name in new[] { "libcuda.so.1", "libcudart.so.12 or libcudart.so.13", "libcublasLt.so.12", "libcublas.so.12", "libcudnn_graph.so.9", "libcudnn_ops.so.9", "libcudnn_cnn.so.9", "libcudnn.so.9" })
        {
            Assert.Contains(name, failure, StringComparison.Ordinal);
        }

        // nvrtc and the runtime-compiled engines are optional: not reported as missing.
        Assert.DoesNotContain("libnvrtc", failure, StringComparison.Ordinal);
        Assert.Contains(folder.Path, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("ld.so.cache", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_ConfiguredFolderWithTextFileNamedLikeCudart_FailsNamingTheFileAndItsFirstBytes()
    {
        using var folder = new TempFolder();
        string fake = Path.Combine(folder.Path, "libcudart.so.12");
        File.WriteAllText(fake, "this is not a library");
        var folders = CudaLibrarySearch.Folders([folder.Path], NoEnvironment, wellKnownFolders: false);

        var set = CudaLibraryLoader.TryLoad(folders, trySystemLoader: false, out string? failure);

        Assert.Null(set);
        Assert.Equal(
            $"CUDA library libcudart.so.12 (the CUDA 12 runtime) in the configured folder {folder.Path} is not usable: " +
            $"{fake} is not an ELF shared library (it starts with bytes 74686973, not 7F454C46)",
            failure);
    }

    [Fact]
    public void TryLoad_ConfiguredFolderWithTruncatedElf_ReportsTheLoadersError()
    {
        using var folder = new TempFolder();
        string fake = Path.Combine(folder.Path, "libcudnn.so.9");
        File.WriteAllBytes(fake, [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0]);
        var folders = CudaLibrarySearch.Folders([folder.Path], NoEnvironment, wellKnownFolders: false);

        var set = CudaLibraryLoader.TryLoad(folders, trySystemLoader: false, out string? failure);

        // The libraries before cuDNN are missing (not fatal, noted); the broken file still stops discovery at its turn.
        Assert.Null(set);
        Assert.NotNull(failure);
        Assert.Contains($"CUDA library libcudnn.so.9 (cuDNN 9) in the configured folder {folder.Path} is not usable: {fake} could not be loaded", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_BrokenOptionalLibraryInConfiguredFolder_IsNotedNotFatal()
    {
        using var folder = new TempFolder();
        string fake = Path.Combine(folder.Path, "libnvrtc.so.12");
        File.WriteAllText(fake, "not nvrtc");
        var folders = CudaLibrarySearch.Folders([folder.Path], NoEnvironment, wellKnownFolders: false);

        CudaLibraryLoader.TryLoad(folders, trySystemLoader: false, out string? failure);

        Assert.StartsWith("CUDA libraries not found: ", failure, StringComparison.Ordinal);
        Assert.Contains($"Found but unusable: {fake} is not an ELF shared library", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_EmptyFile_IsTooShortToBeALibrary()
    {
        using var folder = new TempFolder();
        string fake = Path.Combine(folder.Path, "libcublas.so.12");
        File.WriteAllBytes(fake, []);

        Assert.Equal($"{fake} is 0 bytes long, too short to be a shared library", CudaLibraryLoader.CheckElfHeader(fake));
    }

    [Fact]
    public void TryLoad_BrokenFileInEnvironmentFolder_SearchGoesOnAndReasonMentionsIt()
    {
        using var folder = new TempFolder();
        string fake = Path.Combine(folder.Path, "libcudart.so.12");
        File.WriteAllText(fake, "garbage!");
        var folders = CudaLibrarySearch.Folders([], name => name == "LD_LIBRARY_PATH" ? folder.Path : null, wellKnownFolders: false);

        var set = CudaLibraryLoader.TryLoad(folders, trySystemLoader: false, out string? failure);

        Assert.Null(set);
        Assert.NotNull(failure);
        Assert.StartsWith("CUDA libraries not found: ", failure, StringComparison.Ordinal);
        Assert.Contains($"Found but unusable: {fake} is not an ELF shared library", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_RealSharedLibraryUnderCudaNames_ReportsTheMissingEntryPoint()
    {
        string? zlib = new[] { "/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib64/libz.so.1" }.FirstOrDefault(File.Exists);
        Assert.True(zlib is not null, "the test needs zlib's shared library (Debian: zlib1g), a real ELF library that is not CUDA");
        using var folder = new TempFolder();
        foreach (var spec in NativeLibrarySpec.ForCudaMajor(12))
        {
            File.Copy(zlib, Path.Combine(folder.Path, spec.FileNames[0]));
        }

        var probe = CudaProbe.ProbeUncached(new CudaOptions { LibraryFolders = [folder.Path] }, NoEnvironment, wellKnownFolders: false, trySystemLoader: false);

        Assert.False(probe.IsAvailable);
        Assert.StartsWith($"{Path.Combine(folder.Path, "libcudart.so.12")} does not export cudaGetDeviceCount: not the library version this backend needs", probe.Reason, StringComparison.Ordinal);
        Assert.Contains("(libraries: cuda=" + Path.Combine(folder.Path, "libcuda.so.1"), probe.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ProbeUncached_NoLibraries_IsUnavailableWithTheLoadersReason()
    {
        using var folder = new TempFolder();

        var probe = CudaProbe.ProbeUncached(new CudaOptions { LibraryFolders = [folder.Path] }, NoEnvironment, wellKnownFolders: false, trySystemLoader: false);

        Assert.False(probe.IsAvailable);
        Assert.Null(probe.DeviceName);
        Assert.StartsWith("CUDA libraries not found: libcuda.so.1 (the NVIDIA driver's CUDA library", probe.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_NegativeDeviceIndex_IsRejectedNamingTheOption()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CudaProbe.Probe(new CudaOptions { DeviceIndex = -1 }));
        Assert.Equal("DeviceIndex", ex.ParamName);
    }
}
