using DicomSegNode.Segmentation.Ops;

namespace DicomSegNode.Segmentation.Backends;

/// <summary>A convolution whose weights a backend has packed (or uploaded) once, to be run many times.</summary>
public interface IPreparedConvolution
{
    /// <summary>The convolution's parameters.</summary>
    ConvolutionParams Params { get; }
}
