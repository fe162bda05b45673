using System.Buffers.Binary;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.Imaging;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Tests.Imaging;

/// <summary>Multi-frame encapsulated pixel data whose frames span several fragments (PS3.5 A.4).</summary>
public sealed class EncapsulatedFramesTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GetFrame_FramesSplitAcrossFragments_UsesOffsetTable(bool extendedOffsetTable)
    {
        var source = DicomPixelData.FromFile(DicomFile.Open(TestFiles.Get("pydicom/rtdose.dcm"))); // 15 frames, 32 bits
        var fragments = new List<ReadOnlyMemory<byte>>();
        var offsets = new List<ulong>();
        ulong position = 0;
        for (var f = 0; f < source.NumberOfFrames; f++)
        {
            var rle = RleCodec.Encode(source.GetEncodedFrame(f).Span, source.Rows, source.Columns, 1, 32);
            offsets.Add(position);
            var half = rle.Length / 2 & ~1;
            foreach (var part in new[] { rle.AsMemory(0, half), rle.AsMemory(half) })
            {
                fragments.Add(part);
                position += 8 + (ulong)part.Length;
            }
        }

        var ds = DicomFile.Open(TestFiles.Get("pydicom/rtdose.dcm")).Dataset.Clone();
        var table = new byte[offsets.Count * (extendedOffsetTable ? 8 : 4)];
        for (var i = 0; i < offsets.Count; i++)
        {
            if (extendedOffsetTable)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(i * 8), offsets[i]);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(i * 4), (uint)offsets[i]);
            }
        }

        if (extendedOffsetTable)
        {
            ds.SetBytes(DicomTags.ExtendedOffsetTable, DicomVR.OV, table);
            ds.SetFragments(DicomTags.PixelData, new DicomFragments(ReadOnlyMemory<byte>.Empty, fragments));
        }
        else
        {
            ds.SetFragments(DicomTags.PixelData, new DicomFragments(table, fragments));
        }

        var bytes = new DicomFile(ds, DicomTransferSyntax.RLELossless).ToBytes();
        var back = DicomPixelData.FromFile(DicomFile.Parse(bytes));

        Assert.True(back.IsEncapsulated);
        Assert.Equal(source.NumberOfFrames * 2, DicomFile.Parse(bytes).Dataset.GetFragments(DicomTags.PixelData)!.Fragments.Count);
        for (var f = 0; f < source.NumberOfFrames; f++)
        {
            Assert.Equal(source.GetFrame(f), back.GetFrame(f));
        }
    }

    [Fact]
    public void GetFrameRescaled_CtSlice_GivesHounsfieldUnits()
    {
        var file = DicomFile.Open(TestFiles.Get("totalsegmentator/ct-573.dcm"));
        var pixels = DicomPixelData.FromFile(file);
        var stored = pixels.GetFrame(0);
        var hu = pixels.GetFrameRescaled(0);
        var slope = file.Dataset.GetDouble(DicomTags.RescaleSlope);
        var intercept = file.Dataset.GetDouble(DicomTags.RescaleIntercept);

        Assert.Equal(512 * 512, hu.Length);
        for (var i = 0; i < hu.Length; i += 997)
        {
            Assert.Equal((float)(stored[i] * slope + intercept), hu[i]);
        }

        Assert.InRange(hu.Min(), -3100f, -900f); // air outside the body
        Assert.InRange(hu.Max(), 300f, 4000f); // bone or contrast
    }

    [Fact]
    public void GetFrame_PixelDataShorterThanFrames_ThrowsDicomDecodeException()
    {
        var ds = DicomFile.Open(TestFiles.Get("pydicom/MR_small.dcm")).Dataset.Clone();
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, ds.GetBytes(DicomTags.PixelData)[..100]);

        Assert.Throws<DicomDecodeException>(() => new DicomPixelData(ds, DicomTransferSyntax.ExplicitVRLittleEndian).GetFrame(0));
    }
}
