namespace DicomSegNode.Segmentation.Models;

/// <summary>One tensor of a safetensors file: its dtype code, shape, and (for F32) its values.</summary>
public sealed record SafeTensor(string Name, string DType, IReadOnlyList<int> Shape, float[]? Values)
{
    /// <summary>Number of elements (the product of the shape; 1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The shape as "[a, b, c]".</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
