using DicomSegNode.Seg2DicomSeg.Pixels;

namespace DicomSegNode.Seg2DicomSeg.Tests.Pixels;

public class BinaryFramePackerTests
{
    // The naive reference the fast packer is checked against: bit k of the stream is pixel k, LSB first.
    private static byte[] ReferencePack(IReadOnlyList<byte[]> frames)
    {
        long bits = frames.Sum(f => (long)f.Length);
        var packed = new byte[BinaryFramePacker.PackedLength(1, bits)];
        long k = 0;
        foreach (var frame in frames)
        {
            foreach (byte v in frame)
            {
                if (v != 0)
                {
                    packed[k >> 3] |= (byte)(1 << (int)(k & 7));
                }

                k++;
            }
        }

        return packed;
    }

    private static byte[] RandomMask(Random random, int length, double density)
    {
        var mask = new byte[length];
        for (int i = 0; i < length; i++)
        {
            // Any non-zero value means inside, not only 1.
            mask[i] = random.NextDouble() < density ? (byte)random.Next(1, 256) : (byte)0;
        }

        return mask;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 3, 3)]
    [InlineData(511, 511, 3)]
    [InlineData(510, 510, 3)]
    [InlineData(7, 5, 9)]
    [InlineData(64, 64, 2)]
    [InlineData(33, 1, 17)]
    public void Pack_OddAndEvenFrameSizes_MatchesBitByBitReference(int rows, int cols, int frameCount)
    {
        var random = new Random(rows * 1000 + cols * 10 + frameCount);
        var frames = Enumerable.Range(0, frameCount).Select(_ => RandomMask(random, rows * cols, 0.4)).ToList();
        var packed = new byte[BinaryFramePacker.PackedLength(frameCount, rows * cols)];

        BinaryFramePacker.Pack(frames.Select(f => (ReadOnlyMemory<byte>)f).ToList(), packed);

        Assert.Equal(ReferencePack(frames), packed);
    }

    [Fact]
    public void Pack_FrameOf511x511_NextFrameStartsMidByteWithoutPadding()
    {
        // 511*511 = 261121 pixels: 32640 bytes and one bit, so frame 2 starts at bit 1 of byte 32640.
        int pixels = 511 * 511;
        var first = new byte[pixels];
        var second = new byte[pixels];
        second[0] = 1;

        var packed = new byte[BinaryFramePacker.PackedLength(2, pixels)];
        BinaryFramePacker.Pack([first, second], packed);

        Assert.Equal(0b0000_0010, packed[32640]);
        Assert.Equal(65282, packed.Length); // 522242 bits -> 65281 bytes -> padded to even
        Assert.Equal(0, packed[^1]);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(2, 511 * 511)]
    [InlineData(5, 8)]
    public void PackedLength_AnyFrameCount_IsEvenAndHoldsEveryBit(int frameCount, int pixelsPerFrame)
    {
        long length = BinaryFramePacker.PackedLength(frameCount, pixelsPerFrame);

        Assert.Equal(0, length % 2);
        Assert.True(length * 8 >= (long)frameCount * pixelsPerFrame);
        Assert.True((length - 2) * 8 < (long)frameCount * pixelsPerFrame || frameCount * pixelsPerFrame == 0);
    }

    [Theory]
    [InlineData(511, 511, 3)]
    [InlineData(1, 1, 1)]
    [InlineData(13, 7, 5)]
    [InlineData(512, 512, 2)]
    public void Unpack_EveryFrameOfPackedStream_GivesBackTheMask(int rows, int cols, int frameCount)
    {
        var random = new Random(rows + cols + frameCount);
        var frames = Enumerable.Range(0, frameCount).Select(_ => RandomMask(random, rows * cols, 0.5)).ToList();
        var packed = new byte[BinaryFramePacker.PackedLength(frameCount, rows * cols)];
        BinaryFramePacker.Pack(frames.Select(f => (ReadOnlyMemory<byte>)f).ToList(), packed);

        for (int f = 0; f < frameCount; f++)
        {
            var unpacked = new byte[rows * cols];
            BinaryFramePacker.Unpack(packed, (long)f * rows * cols, unpacked);
            Assert.Equal(frames[f].Select(v => v != 0 ? (byte)1 : (byte)0).ToArray(), unpacked);
        }
    }

    [Fact]
    public void Pack_DestinationTooSmall_ThrowsNamingTheSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() => BinaryFramePacker.Pack([new byte[100]], new byte[12]));
        Assert.Contains("13", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpack_PastTheEndOfPixelData_ThrowsInsteadOfReadingGarbage()
    {
        var ex = Assert.Throws<ArgumentException>(() => BinaryFramePacker.Unpack(new byte[4], 30, new byte[8]));
        Assert.Contains("32 bits", ex.Message, StringComparison.Ordinal);
    }
}
