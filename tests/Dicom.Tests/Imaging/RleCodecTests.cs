using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.Imaging;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Tests.Imaging;

public sealed class RleCodecTests
{
    [Theory]
    [InlineData("pydicom/MR_small.dcm")]
    [InlineData("pydicom/SC_rgb_small_odd.dcm")]
    [InlineData("pydicom/rtdose.dcm")]
    [InlineData("totalsegmentator/ct-573.dcm")]
    public void Encode_NativeFile_DecodesToSameFrames(string relativePath)
    {
        var file = DicomFile.Open(TestFiles.Get(relativePath));
        var native = DicomPixelData.FromFile(file);
        var frames = new List<ReadOnlyMemory<byte>>();
        for (var f = 0; f < native.NumberOfFrames; f++)
        {
            frames.Add(RleCodec.Encode(native.GetEncodedFrame(f).Span, native.Rows, native.Columns, native.SamplesPerPixel, native.BitsAllocated));
        }

        var ds = file.Dataset.Clone();
        ds.SetFragments(DicomTags.PixelData, DicomFragments.FromFrames(frames));
        ds.SetUInt16(DicomTags.PlanarConfiguration, 0);
        var rle = new DicomPixelData(ds, DicomTransferSyntax.RLELossless);

        for (var f = 0; f < native.NumberOfFrames; f++)
        {
            Assert.Equal(native.GetFrame(f), rle.GetFrame(f));
        }
    }

    [Fact]
    public void Encode_WrittenFile_PydicomDecodesSamePixels()
    {
        var file = DicomFile.Open(TestFiles.Get("pydicom/MR_small.dcm"));
        var native = DicomPixelData.FromFile(file);
        var encoded = RleCodec.Encode(native.GetEncodedFrame(0).Span, native.Rows, native.Columns, 1, 16);
        var ds = file.Dataset.Clone();
        ds.SetFragments(DicomTags.PixelData, DicomFragments.FromFrames([encoded]));
        var path = Path.Combine(Path.GetTempPath(), $"dsn-rle-{Guid.NewGuid():N}.dcm");
        try
        {
            new DicomFile(ds, DicomTransferSyntax.RLELossless).Save(path);
            var theirs = PydicomCanonical_ForFile(path);
            var original = Interop.PydicomCanonical.For("pydicom/MR_small.dcm").GetProperty("pixels").GetProperty("sha256").GetString();
            Assert.Equal(original, theirs);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 300)]
    [InlineData(33, 257)]
    public void EncodeDecode_RunsAroundThe128Limit_RoundTrip(int rows, int columns)
    {
        var random = new Random(rows * 1000 + columns);
        var frame = new byte[rows * columns * 2];
        var i = 0;
        while (i < frame.Length)
        {
            var run = random.Next(4) switch { 0 => 1, 1 => random.Next(126, 131), 2 => random.Next(2, 5), _ => random.Next(250, 260) };
            var value = (byte)random.Next(3);
            for (var k = 0; k < run && i < frame.Length; k++)
            {
                frame[i++] = random.Next(5) == 0 ? (byte)random.Next(256) : value;
            }
        }

        var encoded = RleCodec.Encode(frame, rows, columns, 1, 16);
        var decoded = new byte[frame.Length];
        RleCodec.Decode(encoded, decoded, rows, columns, 1, 16);

        Assert.Equal(frame, decoded);
        Assert.Equal(0, encoded.Length % 2);
    }

    [Fact]
    public void Decode_SegmentOffsetPastEnd_ThrowsDicomDecodeException()
    {
        var frame = RleCodec.Encode(new byte[16], 4, 4, 1, 8);
        frame[4] = 0xFF;

        Assert.Throws<DicomDecodeException>(() => RleCodec.Decode(frame, new byte[16], 4, 4, 1, 8));
    }

    [Fact]
    public void Decode_RunOverflowingFrame_ThrowsDicomDecodeException()
    {
        var frame = new byte[64 + 4];
        frame[0] = 1;
        frame[4] = 64;
        frame[64] = unchecked((byte)-127); // replicate 128 times into a 16-byte plane
        frame[65] = 7;

        Assert.Throws<DicomDecodeException>(() => RleCodec.Decode(frame, new byte[16], 4, 4, 1, 8));
    }

    private static string? PydicomCanonical_ForFile(string path)
        => Interop.PydicomCanonical.ForFile(path, pixels: true).GetProperty("pixels").GetProperty("sha256").GetString();
}
