using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Node.Series;

/// <summary>
/// Reads an instance's header (pixel data not loaded) into slice candidates, or says why the instance cannot be part
/// of a CT volume. Single-frame CT Image Storage (PS3.3 A.3) and multi-frame Enhanced / Legacy Converted Enhanced CT
/// (A.38, A.70: geometry and rescale from the shared and per-frame functional groups, C.7.6.16).
/// </summary>
internal static class InstanceHeaderReader
{
    private static readonly DicomReadOptions s_headerOnly = new() { StopBeforeTag = DicomTags.PixelData };

    public static (IReadOnlyList<SliceCandidate> Slices, ExcludedInstance? Excluded) Read(string path)
    {
        DicomFile file;
        try
        {
            file = DicomFile.Open(path, s_headerOnly);
        }
        catch (Exception e) when (e is DicomException or IOException or UnauthorizedAccessException)
        {
            return Exclude(path, SeriesRejectionReason.Unreadable, e.Message);
        }

        try
        {
            return FromDataset(path, file.Dataset, file.TransferSyntax);
        }
        catch (DicomException e)
        {
            return Exclude(path, SeriesRejectionReason.Unreadable, e.Message);
        }
    }

    internal static (IReadOnlyList<SliceCandidate> Slices, ExcludedInstance? Excluded) FromDataset(string path, DicomDataset ds, DicomTransferSyntax syntax)
    {
        string sopInstance = ds.GetUid(DicomTags.SOPInstanceUID) ?? string.Empty;
        string series = ds.GetUid(DicomTags.SeriesInstanceUID) ?? string.Empty;
        string sopClass = ds.GetUid(DicomTags.SOPClassUID) ?? string.Empty;
        if (sopInstance.Length == 0 || series.Length == 0 || sopClass.Length == 0)
        {
            return Exclude(path, SeriesRejectionReason.MissingUid,
                "the data set's SOPClassUID, SOPInstanceUID or SeriesInstanceUID is empty (Type 1; a SEG could not reference it)");
        }

        string modality = ds.GetString(DicomTags.Modality) ?? string.Empty;
        bool enhanced = sopClass is DicomUids.EnhancedCTImageStorage or DicomUids.LegacyConvertedEnhancedCTImageStorage;
        if (modality != "CT" || (sopClass != DicomUids.CTImageStorage && !enhanced))
        {
            return Exclude(path, SeriesRejectionReason.NotCt, $"modality '{modality}', SOP class {DicomUids.GetName(sopClass) ?? sopClass}");
        }

        if (ds.GetStrings(DicomTags.ImageType).Contains("LOCALIZER", StringComparer.Ordinal))
        {
            return Exclude(path, SeriesRejectionReason.Localizer, "ImageType LOCALIZER");
        }

        if (syntax.IsEncapsulated)
        {
            return Exclude(path, SeriesRejectionReason.UnsupportedPixelData, $"transfer syntax {syntax.Name} is not decoded");
        }

        if (ds.GetInt32OrDefault(DicomTags.SamplesPerPixel, 1) != 1
            || !(ds.GetString(DicomTags.PhotometricInterpretation) ?? "MONOCHROME2").StartsWith("MONOCHROME", StringComparison.Ordinal))
        {
            return Exclude(path, SeriesRejectionReason.UnsupportedPixelData, "not a greyscale image (SamplesPerPixel 1, MONOCHROME1/2)");
        }

        int bitsAllocated = ds.GetInt32OrDefault(DicomTags.BitsAllocated, 0);
        int bitsStored = ds.GetInt32OrDefault(DicomTags.BitsStored, bitsAllocated);
        int highBit = ds.GetInt32OrDefault(DicomTags.HighBit, bitsStored - 1);
        if (bitsAllocated is not (8 or 16 or 32) || bitsStored < 1 || bitsStored > bitsAllocated || highBit != bitsStored - 1)
        {
            return Exclude(path, SeriesRejectionReason.UnsupportedPixelData,
                $"BitsAllocated {bitsAllocated}, BitsStored {bitsStored}, HighBit {highBit} (need 8/16/32 with HighBit = BitsStored - 1)");
        }

        var format = new PixelFormat(bitsAllocated, bitsStored, highBit, ds.GetInt32OrDefault(DicomTags.PixelRepresentation, 0) == 1);
        int rows = ds.GetInt32OrDefault(DicomTags.Rows, 0), columns = ds.GetInt32OrDefault(DicomTags.Columns, 0);
        if (rows < 1 || columns < 1 || rows > 8192 || columns > 8192)
        {
            return Exclude(path, SeriesRejectionReason.MissingGeometry, $"Rows {rows} and Columns {columns} are not an image size");
        }

        var common = new SliceCandidate
        {
            Path = path,
            SopClassUid = sopClass,
            SopInstanceUid = sopInstance,
            SeriesInstanceUid = series,
            Rows = rows,
            Columns = columns,
            Format = format,
            TransferSyntax = syntax,
            AcquisitionNumber = ds.TryGetInt32(DicomTags.AcquisitionNumber, out int acquisition) ? acquisition : null,
            InstanceNumber = ds.TryGetInt32(DicomTags.InstanceNumber, out int instance) ? instance : null,
            Position = default,
            RowDirection = default,
            ColumnDirection = default,
            RowSpacing = 0,
            ColumnSpacing = 0,
            RescaleSlope = 1,
            RescaleIntercept = 0,
        };

        if (!enhanced)
        {
            var slice = Plane(common, ds, ds, ds, ds, null, out string? problem);
            return slice is null ? Exclude(path, SeriesRejectionReason.MissingGeometry, problem!) : ([slice], null);
        }

        int frames = ds.GetInt32OrDefault(DicomTags.NumberOfFrames, 0);
        var shared = ds.GetSequence(DicomTags.SharedFunctionalGroupsSequence) is { Count: > 0 } s ? s[0] : null;
        var perFrame = ds.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence);
        if (frames < 1 || perFrame is null || perFrame.Count != frames)
        {
            return Exclude(path, SeriesRejectionReason.MissingGeometry, $"NumberOfFrames {frames} does not match the per-frame functional groups");
        }

        var slices = new List<SliceCandidate>(frames);
        for (int f = 0; f < frames; f++)
        {
            DicomDataset? Group(DicomTag sequence) =>
                (perFrame[f].GetSequence(sequence) is { Count: > 0 } p ? p[0] : null)
                ?? (shared?.GetSequence(sequence) is { Count: > 0 } q ? q[0] : null);
            var slice = Plane(common, Group(DicomTags.PlanePositionSequence), Group(DicomTags.PlaneOrientationSequence),
                Group(DicomTags.PixelMeasuresSequence), Group(DicomTags.PixelValueTransformationSequence) ?? ds, f, out string? problem);
            if (slice is null)
            {
                return Exclude(path, SeriesRejectionReason.MissingGeometry, $"frame {f + 1}: {problem}");
            }

            slices.Add(slice);
        }

        return (slices, null);
    }

    private static SliceCandidate? Plane(SliceCandidate common, DicomDataset? position, DicomDataset? orientation, DicomDataset? measures, DicomDataset rescale, int? frame, out string? problem)
    {
        double[] ipp = position?.GetDoubleArray(DicomTags.ImagePositionPatient) ?? [];
        double[] iop = orientation?.GetDoubleArray(DicomTags.ImageOrientationPatient) ?? [];
        double[] spacing = measures?.GetDoubleArray(DicomTags.PixelSpacing) ?? [];
        if (ipp.Length != 3 || iop.Length != 6 || spacing.Length != 2)
        {
            problem = "ImagePositionPatient, ImageOrientationPatient or PixelSpacing is absent or has the wrong number of values";
            return null;
        }

        var row = new Vec3(iop[0], iop[1], iop[2]);
        var column = new Vec3(iop[3], iop[4], iop[5]);
        if (!double.IsFinite(ipp[0] + ipp[1] + ipp[2]) || !(spacing[0] > 0) || !(spacing[1] > 0)
            || Math.Abs(row.Length - 1) > 0.01 || Math.Abs(column.Length - 1) > 0.01 || Math.Abs(Vec3.Dot(row, column)) > 0.01)
        {
            problem = "ImageOrientationPatient is not two orthogonal unit vectors, or PixelSpacing is not positive";
            return null;
        }

        problem = null;
        return common with
        {
            FrameIndex = frame,
            Position = new Vec3(ipp[0], ipp[1], ipp[2]),
            RowDirection = row.Normalized(),
            ColumnDirection = column.Normalized(),
            RowSpacing = spacing[0],
            ColumnSpacing = spacing[1],
            RescaleSlope = rescale.GetDoubleOrDefault(DicomTags.RescaleSlope, 1),
            RescaleIntercept = rescale.GetDoubleOrDefault(DicomTags.RescaleIntercept, 0),
        };
    }

    private static (IReadOnlyList<SliceCandidate>, ExcludedInstance?) Exclude(string path, SeriesRejectionReason reason, string detail) =>
        ([], new ExcludedInstance(path, reason, detail));
}
