using System.Buffers.Binary;
using System.Globalization;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Node.Series;

/// <summary>
/// Writes a HU volume as a single-frame CT Image Storage series (PS3.3 A.3: Patient, General Study, General Series,
/// Frame of Reference, General Equipment, General Image, Image Plane, Image Pixel, CT Image, VOI LUT, SOP Common),
/// one Explicit VR Little Endian Part 10 file per slice. Pixels are stored unsigned 12-bit with RescaleIntercept -1024
/// (HU clamped to -1024..3071), as most CT scanners store them. Slice k is written from voxel slice k, with
/// ImagePositionPatient = the geometry's position of voxel (0, 0, k).
/// </summary>
public static class CtSeriesWriter
{
    /// <summary>Writes <c>CT0001.dcm</c>... into <paramref name="folder"/>; returns each slice's SOP Instance UID.</summary>
    public static IReadOnlyList<string> Write(Volume volume, string folder, CtSeriesOptions options)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(folder);
        var g = volume.Geometry;
        string study = options.StudyInstanceUid ?? DicomUid.FromHash("study", options.UidSeed);
        string series = options.SeriesInstanceUid ?? DicomUid.FromHash("series", options.UidSeed);
        string frame = options.FrameOfReferenceUid ?? DicomUid.FromHash("frame-of-reference", options.UidSeed);
        var uids = Enumerable.Range(0, g.Size.Z).Select(k => DicomUid.FromHash("instance", options.UidSeed, k.ToString(CultureInfo.InvariantCulture))).ToArray();
        var normal = Vec3.Cross(g.AxisX, g.AxisY);
        Parallel.For(0, g.Size.Z, k =>
        {
            var ds = new DicomDataset();
            ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
            ds.SetStrings(DicomTags.ImageType, DicomVR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
            ds.SetUid(DicomTags.SOPClassUID, DicomUids.CTImageStorage);
            ds.SetUid(DicomTags.SOPInstanceUID, uids[k]);
            ds.SetDate(DicomTags.StudyDate, options.StudyDate);
            ds.SetDate(DicomTags.SeriesDate, options.StudyDate);
            ds.SetDate(DicomTags.ContentDate, options.StudyDate);
            ds.SetTime(DicomTags.StudyTime, options.StudyTime);
            ds.SetTime(DicomTags.SeriesTime, options.StudyTime);
            ds.SetTime(DicomTags.ContentTime, options.StudyTime);
            ds.SetEmpty(DicomTags.AccessionNumber);
            ds.SetString(DicomTags.Modality, DicomVR.CS, "CT");
            ds.SetString(DicomTags.Manufacturer, "DicomSegNode");
            ds.SetEmpty(DicomTags.ReferringPhysicianName);
            ds.SetString(DicomTags.SeriesDescription, options.SeriesDescription);
            ds.SetString(DicomTags.ManufacturerModelName, "CT phantom");
            ds.SetString(DicomTags.PatientName, options.PatientName);
            ds.SetString(DicomTags.PatientID, options.PatientId);
            ds.SetEmpty(DicomTags.PatientBirthDate);
            ds.SetEmpty(DicomTags.PatientSex);
            // An unpaired body part: then Laterality (General Series, Type 2C) is absent, as dciodvfy checks.
            ds.SetString(DicomTags.BodyPartExamined, DicomVR.CS, "ABDOMEN");
            ds.SetDecimalString(DicomTags.SliceThickness, g.Spacing.Z);
            ds.SetEmpty(DicomTags.KVP);
            ds.SetString(DicomTags.PatientPosition, DicomVR.CS, "HFS");
            ds.SetUid(DicomTags.StudyInstanceUID, study);
            ds.SetUid(DicomTags.SeriesInstanceUID, series);
            ds.SetString(DicomTags.StudyID, DicomVR.SH, "1");
            ds.SetIntegerString(DicomTags.SeriesNumber, options.SeriesNumber);
            ds.SetIntegerString(DicomTags.AcquisitionNumber, 1);
            ds.SetIntegerString(DicomTags.InstanceNumber, k + 1);
            var position = g.IndexToPatient(0, 0, k);
            ds.SetDecimalString(DicomTags.ImagePositionPatient, position.X, position.Y, position.Z);
            ds.SetDecimalString(DicomTags.ImageOrientationPatient, g.AxisX.X, g.AxisX.Y, g.AxisX.Z, g.AxisY.X, g.AxisY.Y, g.AxisY.Z);
            ds.SetUid(DicomTags.FrameOfReferenceUID, frame);
            ds.SetEmpty(DicomTags.PositionReferenceIndicator);
            ds.SetDecimalString(DicomTags.SliceLocation, Vec3.Dot(position, normal));
            ds.SetUInt16(DicomTags.SamplesPerPixel, 1);
            ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
            ds.SetUInt16(DicomTags.Rows, (ushort)g.Size.Y);
            ds.SetUInt16(DicomTags.Columns, (ushort)g.Size.X);
            ds.SetDecimalString(DicomTags.PixelSpacing, g.Spacing.Y, g.Spacing.X);
            ds.SetUInt16(DicomTags.BitsAllocated, 16);
            ds.SetUInt16(DicomTags.BitsStored, 12);
            ds.SetUInt16(DicomTags.HighBit, 11);
            ds.SetUInt16(DicomTags.PixelRepresentation, 0);
            ds.SetDecimalString(DicomTags.WindowCenter, 40);
            ds.SetDecimalString(DicomTags.WindowWidth, 400);
            ds.SetDecimalString(DicomTags.RescaleIntercept, -1024);
            ds.SetDecimalString(DicomTags.RescaleSlope, 1);
            ds.SetString(DicomTags.RescaleType, DicomVR.LO, "HU");
            ds.SetBytes(DicomTags.PixelData, DicomVR.OW, Pixels(volume.Voxels.AsSpan(k * g.Size.SliceVoxels, g.Size.SliceVoxels)));
            new DicomFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian)
                .Save(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"CT{k + 1:D4}.dcm")));
        });
        return uids;
    }

    private static byte[] Pixels(ReadOnlySpan<float> hu)
    {
        var bytes = new byte[hu.Length * 2];
        for (int p = 0; p < hu.Length; p++)
        {
            double stored = Math.Clamp(Math.Round(hu[p] + 1024.0), 0, 4095);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * p), (ushort)stored);
        }

        return bytes;
    }
}
