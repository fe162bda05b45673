namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>The outcome of looking for a usable GPU: the device found, or the precise reason there is none.</summary>
/// <param name="IsAvailable">Whether the CUDA backend can be created.</param>
/// <param name="Reason">Why not (names the missing library, the failing call and its error), null when available.</param>
/// <param name="DeviceName">The GPU's name (cudaDeviceProp.name), null when not available.</param>
/// <param name="Libraries">"key=path" of each library loaded, null when not available.</param>
public sealed record CudaAvailability(bool IsAvailable, string? Reason, string? DeviceName, string? Libraries);
