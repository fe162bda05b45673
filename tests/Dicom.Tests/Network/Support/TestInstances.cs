using System.Globalization;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Tests.Network.Support;

/// <summary>Small synthetic CT instances with distinct UIDs and pixel content, written with the toolkit's Part 10 writer.</summary>
internal static class TestInstances
{
    public static DicomDataset Create(string studyUid, string seriesUid, int number, int size = 16)
    {
        var ds = new DicomDataset();
        ds.SetUid(DicomTags.SOPClassUID, DicomUids.CTImageStorage);
        ds.SetUid(DicomTags.SOPInstanceUID, DicomUid.Generate());
        ds.SetUid(DicomTags.StudyInstanceUID, studyUid);
        ds.SetUid(DicomTags.SeriesInstanceUID, seriesUid);
        ds.SetString(DicomTags.Modality, "CT");
        ds.SetString(DicomTags.PatientName, "Test^Network");
        ds.SetString(DicomTags.PatientID, "NET-" + number.ToString(CultureInfo.InvariantCulture));
        ds.SetIntegerString(DicomTags.InstanceNumber, number);
        ds.SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        ds.SetUInt16(DicomTags.SamplesPerPixel, 1);
        ds.SetUInt16(DicomTags.Rows, (ushort)size);
        ds.SetUInt16(DicomTags.Columns, (ushort)size);
        ds.SetUInt16(DicomTags.BitsAllocated, 16);
        ds.SetUInt16(DicomTags.BitsStored, 16);
        ds.SetUInt16(DicomTags.HighBit, 15);
        ds.SetUInt16(DicomTags.PixelRepresentation, 1);
        var pixels = new byte[size * size * 2];
        new Random(number).NextBytes(pixels);
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        return ds;
    }

    /// <summary>Writes <paramref name="count"/> instances into <paramref name="folder"/>; returns their paths.</summary>
    public static List<string> WriteSeries(string folder, int count, int firstNumber = 1, DicomTransferSyntax? syntax = null)
    {
        var study = DicomUid.Generate();
        var series = DicomUid.Generate();
        var paths = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(folder, $"{firstNumber + i:D5}.dcm");
            new DicomFile(Create(study, series, firstNumber + i), syntax ?? DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);
            paths.Add(path);
        }

        return paths;
    }
}
