using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Node.Series;
using DicomSegNode.Seg2DicomSeg.Content;
using DicomSegNode.Seg2DicomSeg.Enums;
using DicomSegNode.Seg2DicomSeg.Sop;
using DicomSegNode.Segmentation.Cascade;

namespace DicomSegNode.Node.Results;

/// <summary>
/// A cascade result on an assembled series -> one DICOM SEG (Liver, Liver tumour, Hepatic vessels), with the model
/// packages' names and versions as algorithm identification and in the deterministic UIDs: the same series through the
/// same models always gives the same SEG SOP Instance UID, so a re-run or a re-send replaces rather than duplicates.
/// </summary>
public static class SegBuilder
{
    public static SegmentationEncodeResult Encode(AssembledSeries series, CascadeResult result, SegmentationOptions options, AnatomicalStructureCategory category = AnatomicalStructureCategory.Current)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(result);
        var sources = ReadSourceHeaders(series);
        var liverModel = result.Models.Count > 0 ? result.Models[0] : new StageModelInfo("liver", "unknown", default, []);
        var vesselModel = result.Models.Count > 1 ? result.Models[1] : liverModel;
        var liverAlgorithm = new AlgorithmIdentification(liverModel.Name, liverModel.Version);
        var vesselAlgorithm = new AlgorithmIdentification(vesselModel.Name, vesselModel.Version);
        var input = new SegmentationInput(
            sources,
            [
                new SegmentData(StandardSegments.Liver(liverAlgorithm, category), result.Liver.Mask.Labels),
                // The final tumour mask is the liver stage's tumour refined inside the liver ROI by the vessel stage.
                new SegmentData(StandardSegments.Tumour(vesselAlgorithm), result.Tumour.Mask.Labels),
                new SegmentData(StandardSegments.HepaticVessels(vesselAlgorithm, category), result.Vessels.Mask.Labels),
            ],
            ModelVersions: [$"{liverModel.Name}@{liverModel.Version}", $"{vesselModel.Name}@{vesselModel.Version}"]);
        return SegmentationEncoder.Encode(input, options);
    }

    public static void Save(SegmentationEncodeResult result, string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        new DicomFile(result.Dataset ?? throw new InvalidOperationException(result.Reason), DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);
    }

    /// <summary>The slice headers, in volume order, without pixel data (the SEG references them and copies patient/study).</summary>
    private static IReadOnlyList<DicomDataset> ReadSourceHeaders(AssembledSeries series)
    {
        if (series.Slices.Any(s => s.FrameNumber is not null))
        {
            throw new NotSupportedException("a DICOM SEG for a multi-frame (Enhanced CT) source is not written yet: write NIfTI, or send the series as CT Image Storage");
        }

        return series.ReadSourceHeaders();
    }
}
