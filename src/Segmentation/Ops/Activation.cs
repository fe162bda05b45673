namespace DicomSegNode.Segmentation.Ops;

/// <summary>An element-wise activation fused into a convolution's output.</summary>
public enum Activation
{
    /// <summary>Identity.</summary>
    None,

    /// <summary>max(x, 0).</summary>
    Relu,

    /// <summary>1 / (1 + exp(-x)).</summary>
    Sigmoid,
}
