using System.Buffers.Binary;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Node.Series;
using DicomSegNode.Node.Tests.Support;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Node.Tests.Series;

/// <summary>Multi-frame Enhanced CT (PS3.3 A.38): geometry and rescale from the functional groups, frames out of order.</summary>
public sealed class EnhancedCtTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    // Frames are stored in the order given by frameOrder (slice index per frame); frame f holds value 10*slice + 1
    // stored, with a per-frame rescale slope of 1 + slice.
    private static DicomDataset EnhancedCt(int[] frameOrder, int rows, int columns, string sopClass = DicomUids.EnhancedCTImageStorage)
    {
        var ds = new DicomDataset();
        ds.SetUid(DicomTags.SOPClassUID, sopClass);
        ds.SetUid(DicomTags.SOPInstanceUID, "1.2.826.0.1.3680043.10.1.1");
        ds.SetUid(DicomTags.StudyInstanceUID, "1.2.826.0.1.3680043.10.1.2");
        ds.SetUid(DicomTags.SeriesInstanceUID, "1.2.826.0.1.3680043.10.1.3");
        ds.SetString(DicomTags.Modality, DicomVR.CS, "CT");
        ds.SetStrings(DicomTags.ImageType, DicomVR.CS, "ORIGINAL", "PRIMARY", "VOLUME", "NONE");
        ds.SetUInt16(DicomTags.SamplesPerPixel, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ds.SetUInt16(DicomTags.Rows, (ushort)rows);
        ds.SetUInt16(DicomTags.Columns, (ushort)columns);
        ds.SetUInt16(DicomTags.BitsAllocated, 16);
        ds.SetUInt16(DicomTags.BitsStored, 16);
        ds.SetUInt16(DicomTags.HighBit, 15);
        ds.SetUInt16(DicomTags.PixelRepresentation, 1);
        ds.SetIntegerString(DicomTags.NumberOfFrames, frameOrder.Length);
        var shared = new DicomDataset();
        var orientation = new DicomDataset();
        orientation.SetDecimalString(DicomTags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0);
        shared.SetSequence(DicomTags.PlaneOrientationSequence, orientation);
        var measures = new DicomDataset();
        measures.SetDecimalString(DicomTags.PixelSpacing, 0.5, 0.6);
        shared.SetSequence(DicomTags.PixelMeasuresSequence, measures);
        ds.SetSequence(DicomTags.SharedFunctionalGroupsSequence, shared);
        var perFrame = new List<DicomDataset>();
        var pixels = new byte[frameOrder.Length * rows * columns * 2];
        for (int f = 0; f < frameOrder.Length; f++)
        {
            int slice = frameOrder[f];
            var frame = new DicomDataset();
            var position = new DicomDataset();
            position.SetDecimalString(DicomTags.ImagePositionPatient, -10, 20, 100 + (3.0 * slice));
            frame.SetSequence(DicomTags.PlanePositionSequence, position);
            var rescale = new DicomDataset();
            rescale.SetDecimalString(DicomTags.RescaleSlope, 1 + slice);
            rescale.SetDecimalString(DicomTags.RescaleIntercept, -1000);
            frame.SetSequence(DicomTags.PixelValueTransformationSequence, rescale);
            perFrame.Add(frame);
            for (int p = 0; p < rows * columns; p++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(pixels.AsSpan(2 * ((f * rows * columns) + p)), (short)((10 * slice) + 1));
            }
        }

        ds.SetSequence(DicomTags.PerFrameFunctionalGroupsSequence, perFrame);
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        return ds;
    }

    [Fact]
    public void Assemble_EnhancedCtFramesOutOfOrder_SortsFramesAndRescalesEach()
    {
        int[] order = [3, 0, 7, 1, 5, 2, 8, 4, 6];
        string path = Path.Combine(_temp.Path, "enhanced.dcm");
        new DicomFile(EnhancedCt(order, 4, 5)).Save(path);
        var result = SeriesAssembler.Assemble([path]);
        Assert.True(result.IsAccepted, result.Rejection?.ToString());
        var s = result.Series!;
        var g = s.Volume.Geometry;
        Assert.Equal(new GridSize(5, 4, 9), g.Size);
        Assert.Equal(new Vec3(0.6, 0.5, 3), g.Spacing);
        Assert.Equal(new Vec3(-10, 20, 100), g.Origin);
        for (int k = 0; k < 9; k++)
        {
            // Volume slice k came from the frame that holds slice k.
            Assert.Equal(Array.IndexOf(order, k) + 1, s.Slices[k].FrameNumber);
            Assert.Equal((((10 * k) + 1) * (1 + k)) - 1000, s.Volume.Voxels[g.Size.Index(2, 3, k)]);
        }
    }

    [Fact]
    public void Assemble_PixelDataShorterThanFrames_IsRejectedAsUnreadable()
    {
        var ds = EnhancedCt([0, 1, 2, 3, 4, 5, 6, 7, 8], 4, 5);
        var pixels = ds.GetBytes(DicomTags.PixelData).ToArray();
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels.AsMemory(0, pixels.Length - 40));
        string path = Path.Combine(_temp.Path, "short.dcm");
        new DicomFile(ds).Save(path);
        var result = SeriesAssembler.Assemble([path]);
        Assert.Equal(SeriesRejectionReason.Unreadable, result.Rejection!.Reason);
        Assert.Contains("frame 9", result.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_FramesWithoutPosition_AreMissingGeometry()
    {
        var ds = EnhancedCt([0, 1, 2, 3, 4, 5, 6, 7, 8], 4, 5);
        ds.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)![4].Remove(DicomTags.PlanePositionSequence);
        string path = Path.Combine(_temp.Path, "noposition.dcm");
        new DicomFile(ds).Save(path);
        var result = SeriesAssembler.Assemble([path]);
        Assert.Equal(SeriesRejectionReason.MissingGeometry, result.Rejection!.Reason);
        Assert.Contains("frame 5", result.Rejection.Message, StringComparison.Ordinal);
    }
}
