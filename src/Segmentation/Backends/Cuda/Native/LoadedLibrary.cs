using System.Runtime.InteropServices;

namespace DicomSegNode.Segmentation.Backends.Cuda.Native;

/// <summary>A shared library loaded for the process's lifetime (CUDA libraries are never unloaded: their teardown order is not ours to control).</summary>
internal sealed class LoadedLibrary(string key, string path, IntPtr handle)
{
    public string Key { get; } = key;

    /// <summary>The file loaded, or the soname when the system loader found it.</summary>
    public string Path { get; } = path;

    public IntPtr Handle { get; } = handle;

    /// <summary>The address of <paramref name="symbol"/>, or an exception naming the library and the symbol.</summary>
    public IntPtr Export(string symbol)
    {
        if (NativeLibrary.TryGetExport(Handle, symbol, out IntPtr address))
        {
            return address;
        }

        throw new CudaException($"{Path} does not export {symbol}: not the library version this backend needs");
    }

    /// <summary>The address of <paramref name="symbol"/>, or zero.</summary>
    public IntPtr TryExport(string symbol) => NativeLibrary.TryGetExport(Handle, symbol, out IntPtr address) ? address : IntPtr.Zero;
}
