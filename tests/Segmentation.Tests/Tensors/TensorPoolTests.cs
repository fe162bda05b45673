using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Tests.Tensors;

public sealed class TensorPoolTests
{
    [Fact]
    public void Rent_AfterReturnOfSameLength_ReusesTheBufferWithoutAllocating()
    {
        var pool = new TensorPool();
        var a = pool.Rent(new TensorShape(1, 2, 3, 4, 5));
        long allocated = pool.AllocatedBytes;
        pool.Return(a);
        var b = pool.Rent(new TensorShape(1, 4, 3, 2, 5));
        Assert.Same(a.Buffer, b.Buffer);
        Assert.Equal(allocated, pool.AllocatedBytes);
        Assert.Equal(120 * sizeof(float), allocated);
    }

    [Fact]
    public void Rent_ZeroRequested_ClearsAReusedBuffer()
    {
        var pool = new TensorPool();
        var a = pool.Rent(new TensorShape(1, 1, 1, 1, 8));
        a.Span.Fill(3f);
        pool.Return(a);
        var b = pool.Rent(new TensorShape(1, 1, 1, 1, 8), zero: true);
        Assert.All(b.Span.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Clear_DropsFreeBuffers()
    {
        var pool = new TensorPool();
        pool.Return(pool.Rent(new TensorShape(1, 1, 2, 2, 2)));
        Assert.Equal(8 * sizeof(float), pool.FreeBytes);
        pool.Clear();
        Assert.Equal(0, pool.FreeBytes);
    }

    [Theory]
    [InlineData(0, 1, 1, 1, 1)]
    [InlineData(1, 1, -1, 1, 1)]
    [InlineData(1, 65536, 65536, 1, 1)]
    public void TensorShape_NonPositiveOrOversized_Throws(int n, int c, int d, int h, int w)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TensorShape(n, c, d, h, w));
    }

    [Fact]
    public void Tensor_BufferTooSmall_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Tensor(new TensorShape(1, 1, 2, 2, 2), new float[7]));
    }
}
