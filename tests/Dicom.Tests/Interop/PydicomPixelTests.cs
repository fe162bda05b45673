using System.Buffers.Binary;
using System.Security.Cryptography;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Imaging;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Tests.Interop;

/// <summary>Decoded frames equal pydicom's pixel_array (native, big endian, RLE) for every test file pydicom can decode.</summary>
public sealed class PydicomPixelTests
{
    public static TheoryData<string> FilesWithPixels => new(TestFiles.AllDicom.Where(f =>
        !PydicomComparisonTests.Malformed.Contains(f) && PydicomCanonical.For(f).TryGetProperty("pixels", out _)));

    [Theory]
    [MemberData(nameof(FilesWithPixels))]
    public void DecodeFrame_FileWithPixels_EqualsPydicomPixelArrayOrTypedError(string relativePath)
    {
        var theirs = PydicomCanonical.For(relativePath).GetProperty("pixels");
        var file = DicomFile.Open(TestFiles.Get(relativePath));
        var syntax = file.TransferSyntax;
        var decodable = !syntax.IsEncapsulated || syntax == DicomTransferSyntax.RLELossless
            || syntax == DicomTransferSyntax.JPEGLossless || syntax == DicomTransferSyntax.JPEGLosslessSV1;
        var photometric = file.Dataset.GetString(Dictionary.DicomTags.PhotometricInterpretation) ?? string.Empty;
        if (!decodable || photometric.StartsWith("YBR_FULL_422", StringComparison.Ordinal))
        {
            var e = Assert.Throws<DicomDecodeException>(() => DicomPixelData.FromFile(file).GetFrame(0));
            Assert.True(e.Message.Contains(syntax.Name, StringComparison.Ordinal) || e.Message.Contains(photometric, StringComparison.Ordinal), e.Message);
            return;
        }

        var pixels = DicomPixelData.FromFile(file);
        var dtype = theirs.GetProperty("dtype").GetString()!;
        var size = int.Parse(dtype[2..], System.Globalization.CultureInfo.InvariantCulture);
        var bytes = new byte[(long)pixels.NumberOfFrames * pixels.SamplesPerFrame * size];
        var frame = new int[pixels.SamplesPerFrame];
        var o = 0;
        for (var f = 0; f < pixels.NumberOfFrames; f++)
        {
            pixels.DecodeFrame(f, frame);
            foreach (var v in frame)
            {
                switch (size)
                {
                    case 1:
                        bytes[o] = (byte)v;
                        break;
                    case 2:
                        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(o), (short)v);
                        break;
                    default:
                        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(o), v);
                        break;
                }

                o += size;
            }
        }

        Assert.Equal(theirs.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
