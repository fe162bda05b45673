using DicomSegNode.Segmentation.Ops;

namespace DicomSegNode.Segmentation.Backends;

/// <summary>A transposed convolution whose weights a backend has packed once.</summary>
public interface IPreparedTransposedConvolution
{
    /// <summary>The transposed convolution's parameters.</summary>
    TransposedConvolutionParams Params { get; }
}
