using System.Globalization;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;

namespace DicomSegNode.Seg2DicomSeg.Tests.Fixtures;

/// <summary>A small synthetic CT series (headers only: what the SEG encoder reads), with any grid and orientation.</summary>
internal static class SyntheticSeries
{
    public static List<DicomDataset> Create(int rows, int columns, int slices, double[]? orientation = null, double spacing = 2.5, string seed = "synthetic")
    {
        orientation ??= [1, 0, 0, 0, 1, 0];
        double[] r = orientation[..3], c = orientation[3..];
        double[] normal = [(r[1] * c[2]) - (r[2] * c[1]), (r[2] * c[0]) - (r[0] * c[2]), (r[0] * c[1]) - (r[1] * c[0])];
        string study = DicomUid.FromHash(seed, "study");
        string series = DicomUid.FromHash(seed, "series");
        string frame = DicomUid.FromHash(seed, "frame");
        var result = new List<DicomDataset>(slices);
        for (int k = 0; k < slices; k++)
        {
            var ds = new DicomDataset();
            ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
            ds.SetUid(DicomTags.SOPClassUID, DicomUids.CTImageStorage);
            ds.SetUid(DicomTags.SOPInstanceUID, DicomUid.FromHash(seed, "instance", k.ToString(CultureInfo.InvariantCulture)));
            ds.SetUid(DicomTags.StudyInstanceUID, study);
            ds.SetUid(DicomTags.SeriesInstanceUID, series);
            ds.SetUid(DicomTags.FrameOfReferenceUID, frame);
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "Müller^Jürgen");
            ds.SetString(DicomTags.PatientID, DicomVR.LO, "PHANTOM-1");
            ds.SetString(DicomTags.PatientSex, DicomVR.CS, "O");
            ds.SetEmpty(DicomTags.PatientBirthDate, DicomVR.DA);
            ds.SetDate(DicomTags.StudyDate, new DateOnly(2026, 11, 22));
            ds.SetTime(DicomTags.StudyTime, new TimeOnly(8, 30));
            ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, "ACC42");
            ds.SetString(DicomTags.StudyID, DicomVR.SH, "S1");
            ds.SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, "Who^Doctor");
            ds.SetString(DicomTags.Modality, DicomVR.CS, "CT");
            ds.SetIntegerString(DicomTags.SeriesNumber, 3);
            ds.SetIntegerString(DicomTags.InstanceNumber, k + 1);
            ds.SetUInt16(DicomTags.Rows, (ushort)rows);
            ds.SetUInt16(DicomTags.Columns, (ushort)columns);
            ds.SetDecimalString(DicomTags.PixelSpacing, 0.75, 0.8);
            ds.SetDecimalString(DicomTags.SliceThickness, spacing);
            ds.SetDecimalString(DicomTags.ImageOrientationPatient, orientation);
            // Given in reverse order along the normal, as many scanners send them, so the encoder has to sort.
            double d = (slices - 1 - k) * spacing;
            ds.SetDecimalString(DicomTags.ImagePositionPatient, -100 + (d * normal[0]), -120 + (d * normal[1]), 50 + (d * normal[2]));
            ds.SetString(DicomTags.PositionReferenceIndicator, DicomVR.LO, "");
            result.Add(ds);
        }

        return result;
    }

    /// <summary>Deterministic masks: segment s holds a disc whose radius and centre depend on s and the slice, so
    /// every frame differs and slice order mistakes show.</summary>
    public static byte[] Disc(int rows, int columns, int slices, int segment, int emptyEvery = 0)
    {
        var mask = new byte[rows * columns * slices];
        for (int k = 0; k < slices; k++)
        {
            if (emptyEvery > 0 && k % emptyEvery == 0)
            {
                continue;
            }

            double cy = (rows / 2.0) + k - segment, cx = (columns / 3.0) + (2 * k) + segment, radius = Math.Max(1, Math.Min(rows, columns) / (4.0 + segment));
            for (int y = 0; y < rows; y++)
            {
                for (int x = 0; x < columns; x++)
                {
                    if (((y - cy) * (y - cy)) + ((x - cx) * (x - cx)) < radius * radius)
                    {
                        mask[(k * rows * columns) + (y * columns) + x] = 1;
                    }
                }
            }
        }

        return mask;
    }
}
