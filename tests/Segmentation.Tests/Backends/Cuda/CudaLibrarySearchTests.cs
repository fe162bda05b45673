using DicomSegNode.Segmentation.Backends.Cuda.Native;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>Which folders are searched, in which order, and which count as configured.</summary>
public sealed class CudaLibrarySearchTests
{
    [Fact]
    public void Folders_ConfiguredSitePackages_AddsPipNvidiaLibFoldersAfterIt()
    {
        using var root = new TempFolder();
        string site = root.Sub("site-packages");
        string cudnn = root.Sub("site-packages", "nvidia", "cudnn", "lib");
        string cublas = root.Sub("site-packages", "nvidia", "cublas", "lib");
        string torch = root.Sub("site-packages", "torch", "lib");

        var folders = CudaLibrarySearch.Folders([site], _ => null, wellKnownFolders: false);

        Assert.Equal([site, cublas, cudnn, torch], folders.Select(f => f.Path));
        Assert.All(folders, f => Assert.True(f.Configured));
    }

    [Fact]
    public void Folders_EnvironmentFolders_FollowConfiguredOnesAndAreNotConfigured()
    {
        using var root = new TempFolder();
        string configured = root.Sub("configured");
        string a = root.Sub("a");
        string b = root.Sub("b");
        string cudaHome = root.Sub("cuda");
        string lib64 = root.Sub("cuda", "lib64");
        var env = new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = $"{a}::{b}:{root.Path}/missing:{a}", ["CUDA_HOME"] = cudaHome };

        var folders = CudaLibrarySearch.Folders([configured], n => env.GetValueOrDefault(n), wellKnownFolders: false);

        Assert.Equal([new SearchFolder(configured, true), new SearchFolder(a, false), new SearchFolder(b, false), new SearchFolder(lib64, false)], folders);
    }

    [Fact]
    public void Folders_VirtualEnvWithPipCudaWheels_AreSearched()
    {
        using var root = new TempFolder();
        string cudnn = root.Sub("venv", "lib", "python3.12", "site-packages", "nvidia", "cudnn", "lib");
        string venv = Path.Combine(root.Path, "venv");

        var folders = CudaLibrarySearch.Folders([], n => n == "VIRTUAL_ENV" ? venv : null, wellKnownFolders: true);

        Assert.Contains(new SearchFolder(cudnn, false), folders);
    }

    [Fact]
    public void Folders_MissingConfiguredFolder_IsDropped()
    {
        using var root = new TempFolder();

        var folders = CudaLibrarySearch.Folders([Path.Combine(root.Path, "nope")], _ => null, wellKnownFolders: false);

        Assert.Empty(folders);
    }
}
