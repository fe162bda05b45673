using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Imaging;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Tests.Imaging;

public sealed class JpegLosslessDecoderTests
{
    public static TheoryData<string> JpegFiles => new(TestFiles.AllDicom.Where(f => f.StartsWith("jpegll/", StringComparison.Ordinal))
        .Append("pydicom/SC_rgb_jpeg_gdcm.dcm"));

    [Theory]
    [MemberData(nameof(JpegFiles))]
    public void DecodeFrame_JpegLosslessFile_EqualsDcmtkDcmdjpeg(string relativePath)
    {
        var decompressed = Path.Combine(Path.GetTempPath(), $"dsn-{Guid.NewGuid():N}.dcm");
        try
        {
            TestFiles.Run("dcmdjpeg", [TestFiles.Get(relativePath), decompressed]);
            var reference = DicomPixelData.FromFile(DicomFile.Open(decompressed));
            var ours = DicomPixelData.FromFile(DicomFile.Open(TestFiles.Get(relativePath)));

            Assert.True(ours.IsEncapsulated);
            Assert.Equal(reference.NumberOfFrames, ours.NumberOfFrames);
            for (var f = 0; f < ours.NumberOfFrames; f++)
            {
                Assert.Equal(reference.GetFrame(f), ours.GetFrame(f));
            }
        }
        finally
        {
            File.Delete(decompressed);
        }
    }

    [Theory]
    [InlineData("jpegll/ct-sv1-573.dcm", "totalsegmentator/ct-573.dcm")]
    [InlineData("jpegll/mr-p14-sv1.dcm", "pydicom/MR_small.dcm")]
    [InlineData("jpegll/mr-p14-sv4.dcm", "pydicom/MR_small.dcm")]
    [InlineData("jpegll/mr-p14-sv7.dcm", "pydicom/MR_small.dcm")]
    public void DecodeFrameRescaled_JpegLosslessCt_EqualsUncompressedSourceInHU(string compressed, string source)
    {
        var expected = DicomPixelData.FromFile(DicomFile.Open(TestFiles.Get(source))).GetFrameRescaled(0);
        var actual = DicomPixelData.FromFile(DicomFile.Open(TestFiles.Get(compressed))).GetFrameRescaled(0);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Decode_TruncatedStream_ThrowsDicomDecodeException()
    {
        var ours = DicomPixelData.FromFile(DicomFile.Open(TestFiles.Get("jpegll/mr-p14-sv1.dcm")));
        var encoded = ours.GetEncodedFrame(0).ToArray();

        Assert.Throws<DicomDecodeException>(() => JpegLosslessDecoder.Decode(encoded.AsSpan(0, encoded.Length / 2)));
        Assert.Throws<DicomDecodeException>(() => JpegLosslessDecoder.Decode(encoded.AsSpan(0, 30)));
    }

    [Fact]
    public void Decode_NotJpeg_ThrowsDicomDecodeException()
    {
        Assert.Throws<DicomDecodeException>(() => JpegLosslessDecoder.Decode(new byte[] { 1, 2, 3, 4, 5 }));
    }

    [Fact]
    public void DecodeFrame_Jpeg2000_ThrowsDicomDecodeExceptionNamingTheSyntax()
    {
        var pixels = DicomPixelData.FromFile(DicomFile.Open(TestFiles.Get("totalsegmentator/ct-j2k-573.dcm")));

        var e = Assert.Throws<DicomDecodeException>(() => pixels.GetFrame(0));
        Assert.Contains("JPEG 2000", e.Message, StringComparison.Ordinal);
    }
}
