using System.Collections.Concurrent;
using DicomSegNode.Segmentation.Backends.Cuda.Native;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// Finds out, once per process and option set, whether the CUDA backend can run: the libraries by their versioned
/// names (<see cref="CudaLibraryLoader"/>), their entry points, cuDNN 9, and a visible GPU. Nothing here needs a
/// CUDA library at build time; on a machine without them the answer is a precise reason, never an exception.
/// </summary>
public static class CudaProbe
{
    private static readonly ConcurrentDictionary<string, Lazy<Outcome>> Cache = new(StringComparer.Ordinal);

    /// <summary>Whether a GPU is usable with <paramref name="options"/> (null = defaults); cached per option set.</summary>
    public static CudaAvailability Probe(CudaOptions? options = null)
    {
        var outcome = Resolve(options ?? CudaOptions.Default);
        return outcome.Device is { } d
            ? new CudaAvailability(true, null, d.Name, d.Libraries.Describe())
            : new CudaAvailability(false, outcome.Reason, null, null);
    }

    /// <summary>The opened device, or a <see cref="PlatformNotSupportedException"/> carrying the reason.</summary>
    internal static CudaDevice OpenOrThrow(CudaOptions options)
    {
        var outcome = Resolve(options);
        return outcome.Device ?? throw new PlatformNotSupportedException(outcome.Reason);
    }

    /// <summary>Probes with an explicit search scope, uncached (tests: only the given folders, no system loader path).</summary>
    internal static CudaAvailability ProbeUncached(CudaOptions options, Func<string, string?> environment, bool wellKnownFolders, bool trySystemLoader)
    {
        var outcome = Run(options, environment, wellKnownFolders, trySystemLoader);
        return outcome.Device is { } d
            ? new CudaAvailability(true, null, d.Name, d.Libraries.Describe())
            : new CudaAvailability(false, outcome.Reason, null, null);
    }

    private static Outcome Resolve(CudaOptions options)
    {
        options.Validate();
        string key = string.Join('\n', options.LibraryFolders) + "\n#" + options.DeviceIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Cache.GetOrAdd(key, _ => new Lazy<Outcome>(() => Run(options, Environment.GetEnvironmentVariable, true, true))).Value;
    }

    private static Outcome Run(CudaOptions options, Func<string, string?> environment, bool wellKnownFolders, bool trySystemLoader)
    {
        options.Validate();
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return new Outcome(null, $"the CUDA backend supports 64-bit Linux only (this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture})");
        }

        var folders = CudaLibrarySearch.Folders(options.LibraryFolders, environment, wellKnownFolders);
        var libraries = CudaLibraryLoader.TryLoad(folders, trySystemLoader, out string? failure);
        if (libraries is null)
        {
            return new Outcome(null, failure);
        }

        try
        {
            return new Outcome(CudaDevice.Open(libraries, options.DeviceIndex), null);
        }
        catch (CudaException e)
        {
            return new Outcome(null, $"{e.Message} (libraries: {libraries.Describe()})");
        }
    }

    private sealed record Outcome(CudaDevice? Device, string? Reason);
}
