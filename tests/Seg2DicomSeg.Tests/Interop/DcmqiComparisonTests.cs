using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Seg2DicomSeg.Content;
using DicomSegNode.Seg2DicomSeg.Enums;
using DicomSegNode.Seg2DicomSeg.Sop;
using DicomSegNode.Seg2DicomSeg.Tests.Fixtures;

namespace DicomSegNode.Seg2DicomSeg.Tests.Interop;

/// <summary>
/// Our SEG against dcmqi's liver.dcm, made by a reference encoder from liver_seg.nrrd on the same three CT slices:
/// attribute by attribute, every difference is listed below with why it is intended; the pixel data must agree
/// to the byte.
/// </summary>
public class DcmqiComparisonTests
{
    /// <summary>Attribute kinds (paths without item indices) whose value differs, or that only one side has.</summary>
    private static readonly Dictionary<string, string> IntendedDifferences = new(StringComparer.Ordinal)
    {
        // Identity and time: a new object made by other software at another time.
        ["SOPInstanceUID"] = "ours is derived from the source series and model versions (2.25 UID)",
        ["SeriesInstanceUID"] = "same derivation; dcmqi generated a random one",
        ["DimensionOrganizationSequence.DimensionOrganizationUID"] = "derived from our SOP Instance UID",
        ["DimensionIndexSequence.DimensionOrganizationUID"] = "same UID as above",
        ["SeriesDate"] = "written now (fixed in the test)",
        ["SeriesTime"] = "written now",
        ["ContentDate"] = "written now",
        ["ContentTime"] = "written now",
        ["InstanceCreationDate"] = "we write the optional SOP Common creation date; dcmqi does not",
        ["InstanceCreationTime"] = "likewise",
        ["Manufacturer"] = "the device that made the SEG: DicomSegNode, not QIICR",
        ["ManufacturerModelName"] = "likewise",
        ["SoftwareVersions"] = "likewise",
        ["DeviceSerialNumber"] = "likewise",
        ["SeriesNumber"] = "configurable, 901 by default (dcmqi took 1 from its JSON)",
        ["SeriesDescription"] = "configurable",
        ["ContentLabel"] = "configurable; dcmqi's came from its JSON",
        ["ContentDescription"] = "configurable",
        // dcmqi fills these from its JSON metadata; the source CT has no clinical trial attributes and we copy
        // only what the source has.
        ["ClinicalTrialTimePointID"] = "dcmqi metadata, not in the source",
        ["ClinicalTrialCoordinatingCenterName"] = "dcmqi metadata, not in the source",
        ["ClinicalTrialSeriesID"] = "dcmqi metadata, not in the source",
        // Source attributes we copy that dcmqi leaves out (all from the source CT, Patient/Study modules).
        ["SpecificCharacterSet"] = "copied from the source (empty there); dcmqi omits it",
        ["StudyDescription"] = "General Study attribute copied from the source (empty there)",
        // Segment description: standard codes for an automatic AI result instead of dcmqi's 2016 SRT codes
        // for a semi-automatic Slicer result.
        ["SegmentSequence.SegmentedPropertyCategoryCodeSequence.CodeValue"] = "SCT 91723000 Anatomical Structure (CID 7150) vs SRT T-D0050 Tissue",
        ["SegmentSequence.SegmentedPropertyCategoryCodeSequence.CodingSchemeDesignator"] = "SCT vs the retired SRT",
        ["SegmentSequence.SegmentedPropertyCategoryCodeSequence.CodeMeaning"] = "Anatomical Structure vs Tissue",
        ["SegmentSequence.SegmentedPropertyTypeCodeSequence.CodeValue"] = "SCT 10200004 vs SRT T-62000 (the same concept, Liver)",
        ["SegmentSequence.SegmentedPropertyTypeCodeSequence.CodingSchemeDesignator"] = "SCT vs SRT",
        ["SegmentSequence.SegmentAlgorithmType"] = "AUTOMATIC (our model) vs SEMIAUTOMATIC (Slicer editor)",
        ["SegmentSequence.SegmentAlgorithmName"] = "our model's name vs SlicerEditor",
        ["SegmentSequence.SegmentDescription"] = "we describe what the segment holds; dcmqi wrote none",
        ["SegmentSequence.SegmentationAlgorithmIdentificationSequence"] = "required for non-MANUAL segments in the current standard (C.8.20.2); dcmqi 2016 predates it",
        ["SegmentSequence.SegmentationAlgorithmIdentificationSequence.AlgorithmFamilyCodeSequence"] = "part of the above",
        ["SegmentSequence.SegmentationAlgorithmIdentificationSequence.AlgorithmFamilyCodeSequence.CodeValue"] = "part of the above",
        ["SegmentSequence.SegmentationAlgorithmIdentificationSequence.AlgorithmFamilyCodeSequence.CodingSchemeDesignator"] = "part of the above",
        ["SegmentSequence.SegmentationAlgorithmIdentificationSequence.AlgorithmFamilyCodeSequence.CodeMeaning"] = "part of the above",
        ["SegmentSequence.SegmentationAlgorithmIdentificationSequence.AlgorithmName"] = "part of the above",
        ["SegmentSequence.SegmentationAlgorithmIdentificationSequence.AlgorithmVersion"] = "part of the above",
        ["SegmentSequence.RecommendedDisplayCIELabValue"] = "same colour (221,130,101), our sRGB->CIELab constants differ by a few units of 65535",
        // Geometry: values from the source verbatim (positions agree with dcmqi's to DS precision, compared as numbers).
        ["SharedFunctionalGroupsSequence.PixelMeasuresSequence.SliceThickness"] = "the source's Slice Thickness (1.25 mm); dcmqi wrote the slice spacing (1 mm)",
    };

    private static (List<DicomDataset> Sources, byte[] Mask) LiverInput()
    {
        var sources = new[] { "01.dcm", "02.dcm", "03.dcm" }.Select(n => DicomFile.Open(TestPaths.Data("dcmqi", "ct-3slice", n)).Dataset).ToList();
        var nrrd = NrrdLabelMap.Read(TestPaths.Data("dcmqi", "liver_seg.nrrd"));
        int rows = nrrd.Sizes[1], cols = nrrd.Sizes[0], pixels = rows * cols;
        var mask = new byte[sources.Count * pixels];
        for (int z = 0; z < nrrd.Sizes[2]; z++)
        {
            double[] origin = [nrrd.Origin[0] + (z * nrrd.SliceStep[0]), nrrd.Origin[1] + (z * nrrd.SliceStep[1]), nrrd.Origin[2] + (z * nrrd.SliceStep[2])];
            int slice = sources.FindIndex(s => s.GetDoubleArray(DicomTags.ImagePositionPatient).Zip(origin).All(p => Math.Abs(p.First - p.Second) < 0.01));
            Assert.True(slice >= 0, $"NRRD slice {z} at {string.Join(',', origin)} matches no CT slice");
            for (int i = 0; i < pixels; i++)
            {
                mask[(slice * pixels) + i] = nrrd.Voxels[(z * pixels) + i] != 0 ? (byte)1 : (byte)0;
            }
        }

        return (sources, mask);
    }

    private static SegmentationEncodeResult EncodeLiver()
    {
        var (sources, mask) = LiverInput();
        var liver = new SegmentDescription(1, "Liver", Codes.AnatomicalStructure, Codes.Liver, SegmentAlgorithmType.Automatic, RealCt.Algorithm, color: new DisplayColor(221, 130, 101), description: "Liver");
        return SegmentationEncoder.Encode(new SegmentationInput(sources, [new SegmentData(liver, mask)], RealCt.ModelVersions), RealCt.FixedTimeOptions);
    }

    [Fact]
    public void Encode_DcmqiLiverInput_DiffersFromDcmqiOnlyWhereIntended()
    {
        var ours = DatasetFlattener.Flatten(EncodeLiver().Dataset!);
        var theirs = DatasetFlattener.Flatten(DicomFile.Open(TestPaths.Data("dcmqi", "liver.dcm")).Dataset);

        var differing = ours.Keys.Union(theirs.Keys)
            .Where(k => !ours.TryGetValue(k, out var a) || !theirs.TryGetValue(k, out var b) || a != b)
            .Select(DatasetFlattener.Kind)
            .ToHashSet(StringComparer.Ordinal);

        var unexpected = differing.Where(k => !IntendedDifferences.ContainsKey(k)).Order().ToList();
        var notDiffering = IntendedDifferences.Keys.Where(k => !differing.Contains(k)).Order().ToList();
        Assert.True(unexpected.Count == 0, "Unexpected differences: " + string.Join(", ", unexpected.Select(k => $"{k} ours={Get(ours, k)} dcmqi={Get(theirs, k)}")));
        Assert.True(notDiffering.Count == 0, "Listed as different but equal (remove from the list): " + string.Join(", ", notDiffering));
    }

    [Fact]
    public void Encode_DcmqiLiverInput_PixelDataIdenticalToDcmqiByteForByte()
    {
        var ours = EncodeLiver().Dataset!.GetBytes(DicomTags.PixelData);
        var theirs = DicomFile.Open(TestPaths.Data("dcmqi", "liver.dcm")).Dataset.GetBytes(DicomTags.PixelData);

        Assert.Equal(theirs.Length, ours.Length);
        Assert.True(ours.Span.SequenceEqual(theirs.Span));
    }

    private static string Get(Dictionary<string, string> flat, string kind) =>
        string.Join(" | ", flat.Where(p => DatasetFlattener.Kind(p.Key) == kind).Select(p => p.Value).Distinct().Take(3));
}
