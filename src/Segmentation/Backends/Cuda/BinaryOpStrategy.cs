using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// How a broadcasting add or multiply maps onto cudnnOpTensor, whose first operand must have the output's shape
/// and whose second may only stretch axes of extent 1: as is, with the operands swapped (both ops commute), or
/// by first broadcasting the first operand into a scratch tensor of the output's shape (cudnnAddTensor) when
/// neither operand has the output's shape.
/// </summary>
internal enum BinaryOpStrategy
{
    /// <summary>A has y's shape: C = op(A, B).</summary>
    Direct,

    /// <summary>B has y's shape: C = op(B, A).</summary>
    Swapped,

    /// <summary>Neither has: T = broadcast(A); C = op(T, B).</summary>
    ExpandFirst,
}

/// <summary>Chooses the <see cref="BinaryOpStrategy"/> for shapes a, b and output y.</summary>
internal static class BinaryOpPlanner
{
    public static BinaryOpStrategy Choose(TensorShape a, TensorShape b, TensorShape y)
    {
        var expected = Broadcasting.Shape(a, b);
        if (expected != y)
        {
            throw new ArgumentException($"the broadcast of {a} and {b} is {expected}, the output is {y}");
        }

        return a == y ? BinaryOpStrategy.Direct : b == y ? BinaryOpStrategy.Swapped : BinaryOpStrategy.ExpandFirst;
    }
}
