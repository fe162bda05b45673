namespace DicomSegNode.Segmentation.Ops;

/// <summary>The operations a backend may implement (see <c>IComputeBackend.Supports</c>).</summary>
public enum OpKind
{
    /// <summary>Convolution with folded batch norm, bias, residual add and activation.</summary>
    Convolution,

    /// <summary>Transposed convolution (fractionally strided).</summary>
    TransposedConvolution,

    /// <summary>Max pooling.</summary>
    MaxPool,

    /// <summary>Element-wise ReLU.</summary>
    Relu,

    /// <summary>Element-wise sigmoid.</summary>
    Sigmoid,

    /// <summary>Softmax over channels.</summary>
    Softmax,

    /// <summary>Element-wise addition with broadcasting.</summary>
    Add,

    /// <summary>Element-wise multiplication with broadcasting.</summary>
    Multiply,

    /// <summary>Concatenation along channels.</summary>
    Concat,
}
