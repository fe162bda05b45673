using System.Globalization;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Seg2DicomSeg.Content;
using DicomSegNode.Seg2DicomSeg.Enums;

namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>The modules of the Segmentation IOD other than the functional groups (PS3.3 A.51.3 Table A.51-1).</summary>
public static partial class SegmentationEncoder
{
    // Patient Module (C.7.1.1) and Patient Study Module (C.7.2.2) attributes copied when present; the type 2
    // ones are written empty when the source lacks them.
    private static readonly DicomTag[] PatientType2 = [DicomTags.PatientName, DicomTags.PatientID, DicomTags.PatientBirthDate, DicomTags.PatientSex];

    private static readonly DicomTag[] PatientOptional =
    [
        DicomTags.IssuerOfPatientID, DicomTags.IssuerOfPatientIDQualifiersSequence, DicomTags.OtherPatientIDsSequence,
        DicomTags.PatientBirthTime, DicomTags.PatientComments, DicomTags.PatientIdentityRemoved, DicomTags.DeidentificationMethod,
        DicomTags.DeidentificationMethodCodeSequence, DicomTags.PatientAge, DicomTags.PatientSize, DicomTags.PatientWeight,
    ];

    // General Study Module (C.7.2.1).
    private static readonly DicomTag[] StudyType2 = [DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.ReferringPhysicianName, DicomTags.StudyID, DicomTags.AccessionNumber];

    private static readonly DicomTag[] StudyOptional = [DicomTags.IssuerOfAccessionNumberSequence, DicomTags.StudyDescription];

    private static void WriteSopCommonAndPatient(DicomDataset ds, SourceSeries source, string instanceUid, DateTimeOffset now)
    {
        var first = source.First;
        // SOP Common (C.12.1): the source's character set, so copied names keep their bytes and meaning.
        CopyIfPresent(first, ds, DicomTags.SpecificCharacterSet);
        ds.SetUid(DicomTags.SOPClassUID, SegmentationStorageUid);
        ds.SetUid(DicomTags.SOPInstanceUID, instanceUid);
        ds.SetDate(DicomTags.InstanceCreationDate, DateOnly.FromDateTime(now.DateTime));
        ds.SetTime(DicomTags.InstanceCreationTime, TimeOnly.FromDateTime(now.DateTime));

        foreach (var tag in PatientType2)
        {
            CopyOrEmpty(first, ds, tag);
        }

        foreach (var tag in PatientOptional)
        {
            CopyIfPresent(first, ds, tag);
        }

        ds.SetUid(DicomTags.StudyInstanceUID, source.StudyInstanceUid);
        foreach (var tag in StudyType2)
        {
            CopyOrEmpty(first, ds, tag);
        }

        foreach (var tag in StudyOptional)
        {
            CopyIfPresent(first, ds, tag);
        }
    }

    private static void WriteSeriesAndEquipment(DicomDataset ds, SourceSeries source, string seriesUid, SegmentationOptions options, DateTimeOffset now)
    {
        // General Series (C.7.3.1) and Segmentation Series (C.8.20.1).
        ds.SetString(DicomTags.Modality, DicomVR.CS, "SEG");
        ds.SetUid(DicomTags.SeriesInstanceUID, seriesUid);
        ds.SetIntegerString(DicomTags.SeriesNumber, options.SeriesNumber);
        ds.SetDate(DicomTags.SeriesDate, DateOnly.FromDateTime(now.DateTime));
        ds.SetTime(DicomTags.SeriesTime, TimeOnly.FromDateTime(now.DateTime));
        if (!string.IsNullOrEmpty(options.SeriesDescription))
        {
            ds.SetString(DicomTags.SeriesDescription, DicomVR.LO, options.SeriesDescription);
        }

        // Frame of Reference (C.7.4.1): the source's; type 1C in the IOD, present whenever the source has one.
        if (source.FrameOfReferenceUid is { Length: > 0 } frameOfReference)
        {
            ds.SetUid(DicomTags.FrameOfReferenceUID, frameOfReference);
            CopyOrEmpty(source.First, ds, DicomTags.PositionReferenceIndicator);
        }

        // General Equipment (C.7.5.1) and Enhanced General Equipment (C.7.5.2): the device that made the SEG, us.
        ds.SetString(DicomTags.Manufacturer, DicomVR.LO, options.Manufacturer);
        ds.SetString(DicomTags.ManufacturerModelName, DicomVR.LO, options.ManufacturerModelName);
        ds.SetString(DicomTags.DeviceSerialNumber, DicomVR.LO, options.DeviceSerialNumber);
        ds.SetString(DicomTags.SoftwareVersions, DicomVR.LO, options.SoftwareVersions);
    }

    private static void WriteImage(DicomDataset ds, SourceSeries source, List<SegmentData> segments, SegmentationOptions options, int frameCount, DateTimeOffset now)
    {
        // General Image (C.7.6.1) as the IOD constrains it, and Content Identification (C.10.9) in the
        // Segmentation Image Module (C.8.20.2).
        ds.SetIntegerString(DicomTags.InstanceNumber, options.InstanceNumber);
        ds.SetStrings(DicomTags.ImageType, DicomVR.CS, "DERIVED", "PRIMARY");
        ds.SetString(DicomTags.ContentLabel, DicomVR.CS, options.ContentLabel);
        SetOrEmpty(ds, DicomTags.ContentDescription, DicomVR.LO, options.ContentDescription);
        SetOrEmpty(ds, DicomTags.ContentCreatorName, DicomVR.PN, options.ContentCreatorName);
        ds.SetDate(DicomTags.ContentDate, DateOnly.FromDateTime(now.DateTime));
        ds.SetTime(DicomTags.ContentTime, TimeOnly.FromDateTime(now.DateTime));

        // A SEG of a lossy-compressed source inherits the loss (PS3.3 C.7.6.1.1.5).
        bool lossy = source.Instances.Any(i => string.Equals(i.GetString(DicomTags.LossyImageCompression)?.Trim(), "01", StringComparison.Ordinal));
        ds.SetString(DicomTags.LossyImageCompression, DicomVR.CS, lossy ? "01" : "00");

        // Image Pixel (C.7.6.3) with the Segmentation Image Module's constraints for BINARY.
        ds.SetUInt16(DicomTags.SamplesPerPixel, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ds.SetUInt16(DicomTags.Rows, (ushort)source.Rows);
        ds.SetUInt16(DicomTags.Columns, (ushort)source.Columns);
        ds.SetUInt16(DicomTags.BitsAllocated, 1);
        ds.SetUInt16(DicomTags.BitsStored, 1);
        ds.SetUInt16(DicomTags.HighBit, 0);
        ds.SetUInt16(DicomTags.PixelRepresentation, 0);
        ds.SetIntegerString(DicomTags.NumberOfFrames, frameCount);
        ds.SetString(DicomTags.SegmentationType, DicomVR.CS, "BINARY");
        ds.SetSequence(DicomTags.SegmentSequence, segments.Select(s => SegmentItem(s.Description)));
    }

    private static DicomDataset SegmentItem(SegmentDescription segment)
    {
        var item = new DicomDataset(12);
        CodeItems.SetCode(item, DicomTags.SegmentedPropertyCategoryCodeSequence, segment.Category);
        CodeItems.SetCode(item, DicomTags.SegmentedPropertyTypeCodeSequence, segment.Type);
        if (segment.AnatomicRegion is { } region)
        {
            CodeItems.SetCode(item, DicomTags.AnatomicRegionSequence, region);
        }

        item.SetUInt16(DicomTags.SegmentNumber, (ushort)segment.Number);
        item.SetString(DicomTags.SegmentLabel, DicomVR.LO, segment.Label);
        if (segment.Description is { } description)
        {
            item.SetString(DicomTags.SegmentDescription, DicomVR.ST, description);
        }

        item.SetString(DicomTags.SegmentAlgorithmType, DicomVR.CS, segment.AlgorithmType switch
        {
            SegmentAlgorithmType.Automatic => "AUTOMATIC",
            SegmentAlgorithmType.Semiautomatic => "SEMIAUTOMATIC",
            _ => "MANUAL",
        });
        if (segment.Algorithm is { } algorithm)
        {
            item.SetString(DicomTags.SegmentAlgorithmName, DicomVR.LO, algorithm.Name);
            var identification = new DicomDataset(4);
            CodeItems.SetCode(identification, DicomTags.AlgorithmFamilyCodeSequence, algorithm.Family);
            identification.SetString(DicomTags.AlgorithmName, DicomVR.LO, algorithm.Name);
            identification.SetString(DicomTags.AlgorithmVersion, DicomVR.LO, algorithm.Version);
            if (algorithm.Source is { } origin)
            {
                identification.SetString(DicomTags.AlgorithmSource, DicomVR.LO, origin);
            }

            item.SetSequence(DicomTags.SegmentationAlgorithmIdentificationSequence, identification);
        }

        if (segment.Color is { } color)
        {
            item.SetUInt16(DicomTags.RecommendedDisplayCIELabValue, color.ToDicomCieLab());
        }

        return item;
    }

    private static void WriteReferences(DicomDataset ds, SourceSeries source)
    {
        // Common Instance Reference (C.12.2): every source instance, under its series (OHIF resolves the source
        // display set through this).
        var instances = new List<DicomDataset>(source.Instances.Count);
        foreach (int k in source.OrderAlongNormal)
        {
            var reference = new DicomDataset(2);
            reference.SetUid(DicomTags.ReferencedSOPClassUID, source.SopClassUids[k]);
            reference.SetUid(DicomTags.ReferencedSOPInstanceUID, source.SopInstanceUids[k]);
            instances.Add(reference);
        }

        var series = new DicomDataset(2);
        series.SetSequence(DicomTags.ReferencedInstanceSequence, instances);
        series.SetUid(DicomTags.SeriesInstanceUID, source.SeriesInstanceUid);
        ds.SetSequence(DicomTags.ReferencedSeriesSequence, series);
    }

    private static void CopyIfPresent(DicomDataset from, DicomDataset to, DicomTag tag)
    {
        if (!from.TryGetElement(tag, out var element))
        {
            return;
        }

        if (element.Sequence is { } sequence)
        {
            to.SetSequence(tag, sequence.Select(item => item.Clone()));
        }
        else
        {
            to.SetBytes(tag, element.VR, element.Bytes);
        }
    }

    private static void CopyOrEmpty(DicomDataset from, DicomDataset to, DicomTag tag)
    {
        if (from.Contains(tag))
        {
            CopyIfPresent(from, to, tag);
        }
        else
        {
            to.SetEmpty(tag);
        }
    }

    private static void SetOrEmpty(DicomDataset ds, DicomTag tag, DicomVR vr, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            ds.SetEmpty(tag, vr);
        }
        else
        {
            ds.SetString(tag, vr, value);
        }
    }

    private static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
