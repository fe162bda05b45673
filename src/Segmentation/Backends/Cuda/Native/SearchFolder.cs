namespace DicomSegNode.Segmentation.Backends.Cuda.Native;

/// <summary>A folder searched for CUDA libraries; a library file found in a configured folder must load or discovery stops with its error.</summary>
internal readonly record struct SearchFolder(string Path, bool Configured);
