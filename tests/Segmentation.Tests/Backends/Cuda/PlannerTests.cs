using DicomSegNode.Segmentation.Backends.Cuda;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>How broadcasting ops map onto cudnnOpTensor, and how many patches go into one GPU batch.</summary>
public sealed class PlannerTests
{
    [Fact]
    public void Choose_BroadcastShapes_PicksTheOperandThatHasTheOutputShapeFirst()
    {
        var full = new TensorShape(1, 8, 4, 4, 4);
        var gate = new TensorShape(1, 1, 4, 4, 4);
        var bias = new TensorShape(1, 8, 1, 1, 1);

        Assert.Equal(BinaryOpStrategy.Direct, BinaryOpPlanner.Choose(full, gate, full));
        Assert.Equal(BinaryOpStrategy.Swapped, BinaryOpPlanner.Choose(gate, full, full));
        Assert.Equal(BinaryOpStrategy.ExpandFirst, BinaryOpPlanner.Choose(gate, bias, full));
    }

    [Fact]
    public void Choose_WrongOutputShape_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => BinaryOpPlanner.Choose(new(1, 2, 3, 3, 3), new(1, 1, 3, 3, 3), new(1, 1, 3, 3, 3)));
        Assert.Equal("the broadcast of [1, 2, 3, 3, 3] and [1, 1, 3, 3, 3] is [1, 2, 3, 3, 3], the output is [1, 1, 3, 3, 3]", ex.Message);
    }

    [Theory]
    [InlineData(1_000_000_000L, 80_000_000_000L, 500, 16, 16)] // H100: capped
    [InlineData(1_000_000_000L, 10_000_000_000L, 500, 16, 8)]  // 8 GB usable of 10
    [InlineData(1_000_000_000L, 80_000_000_000L, 3, 16, 3)]    // fewer patches than fit
    [InlineData(1_000_000_000L, 1_300_000_000L, 10, 16, 1)]    // just one
    public void BatchSize_MemoryAndPatchCount_TakesTheSmallestBound(long perPatch, long free, int patches, int max, int expected)
    {
        Assert.Equal(expected, PatchBatchPlanner.BatchSize(perPatch, free, patches, max));
    }

    [Fact]
    public void BatchSize_NotEvenOnePatchFits_SaysHowMuchIsNeeded()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => PatchBatchPlanner.BatchSize(2_000_000_000, 2_000_000_000, 10));
        Assert.StartsWith("one patch needs 2000000000 bytes of GPU memory but only 2000000000 are free", ex.Message, StringComparison.Ordinal);
    }
}
