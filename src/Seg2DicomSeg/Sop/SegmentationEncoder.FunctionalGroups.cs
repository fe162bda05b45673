using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Seg2DicomSeg.Content;
using DicomSegNode.Seg2DicomSeg.Uids;

namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>Multi-frame Functional Groups (C.7.6.16) and Multi-frame Dimension (C.7.6.17) of the SEG.</summary>
public static partial class SegmentationEncoder
{
    private static void WriteDimensions(DicomDataset ds, string instanceUid)
    {
        string organization = DeterministicUid.Create("dicomsegnode/seg/dimension-organization", instanceUid);
        var org = new DicomDataset(1);
        org.SetUid(DicomTags.DimensionOrganizationUID, organization);
        ds.SetSequence(DicomTags.DimensionOrganizationSequence, org);
        // No Dimension Organization Type: "3D" promises one volume of parallel planes, and several segments
        // over the same planes are not that (it is type 3, PS3.3 C.7.6.17).
        ds.SetSequence(
            DicomTags.DimensionIndexSequence,
            DimensionIndex(organization, DicomTags.ReferencedSegmentNumber, DicomTags.SegmentIdentificationSequence, "ReferencedSegmentNumber"),
            DimensionIndex(organization, DicomTags.ImagePositionPatient, DicomTags.PlanePositionSequence, "ImagePositionPatient"));
    }

    private static DicomDataset DimensionIndex(string organization, DicomTag pointer, DicomTag group, string label)
    {
        var item = new DicomDataset(4);
        item.SetUid(DicomTags.DimensionOrganizationUID, organization);
        item.SetAttributeTag(DicomTags.DimensionIndexPointer, pointer);
        item.SetAttributeTag(DicomTags.FunctionalGroupPointer, group);
        item.SetString(DicomTags.DimensionDescriptionLabel, DicomVR.LO, label);
        return item;
    }

    private static void WriteFunctionalGroups(DicomDataset ds, SourceSeries source, List<SegmentData> segments, List<PlannedFrame> frames)
    {
        // Shared: Pixel Measures (C.7.6.16.2.1) and Plane Orientation (C.7.6.16.2.4), the source's values verbatim.
        var measures = new DicomDataset(3);
        measures.SetStrings(DicomTags.PixelSpacing, DicomVR.DS, source.PixelSpacing);
        string? thickness = source.First.GetString(DicomTags.SliceThickness)?.Trim();
        if (!string.IsNullOrEmpty(thickness))
        {
            measures.SetString(DicomTags.SliceThickness, DicomVR.DS, thickness);
        }
        else if (source.UniformSpacing is { } spacing)
        {
            measures.SetString(DicomTags.SliceThickness, DicomVR.DS, Format(spacing));
        }

        if (source.UniformSpacing is { } between)
        {
            measures.SetString(DicomTags.SpacingBetweenSlices, DicomVR.DS, Format(between));
        }

        var orientation = new DicomDataset(1);
        orientation.SetStrings(DicomTags.ImageOrientationPatient, DicomVR.DS, source.ImageOrientation);
        var shared = new DicomDataset(2);
        shared.SetSequence(DicomTags.PixelMeasuresSequence, measures);
        shared.SetSequence(DicomTags.PlaneOrientationSequence, orientation);
        ds.SetSequence(DicomTags.SharedFunctionalGroupsSequence, shared);

        var purpose = Codes.SourceImageForProcessing;
        var derivationCode = Codes.Segmentation;
        var perFrame = new List<DicomDataset>(frames.Count);
        foreach (var frame in frames)
        {
            int k = frame.Instance;

            // Derivation Image (C.7.6.16.2.6): which source image this frame was segmented from.
            var sourceImage = new DicomDataset(3);
            sourceImage.SetUid(DicomTags.ReferencedSOPClassUID, source.SopClassUids[k]);
            sourceImage.SetUid(DicomTags.ReferencedSOPInstanceUID, source.SopInstanceUids[k]);
            CodeItems.SetCode(sourceImage, DicomTags.PurposeOfReferenceCodeSequence, purpose);
            var derivation = new DicomDataset(2);
            derivation.SetSequence(DicomTags.SourceImageSequence, sourceImage);
            CodeItems.SetCode(derivation, DicomTags.DerivationCodeSequence, derivationCode);

            // Frame Content (C.7.6.16.2.2): dimension index values (segment number, rank along the normal).
            var content = new DicomDataset(1);
            content.SetUInt32(DicomTags.DimensionIndexValues, (uint)segments[frame.Segment].Description.Number, (uint)frame.Rank);

            // Plane Position (C.7.6.16.2.3): the source image's position, verbatim.
            var position = new DicomDataset(1);
            position.SetStrings(DicomTags.ImagePositionPatient, DicomVR.DS, source.Positions[k]);

            // Segment Identification (C.8.20.3.1).
            var identification = new DicomDataset(1);
            identification.SetUInt16(DicomTags.ReferencedSegmentNumber, (ushort)segments[frame.Segment].Description.Number);

            var item = new DicomDataset(4);
            item.SetSequence(DicomTags.DerivationImageSequence, derivation);
            item.SetSequence(DicomTags.FrameContentSequence, content);
            item.SetSequence(DicomTags.PlanePositionSequence, position);
            item.SetSequence(DicomTags.SegmentIdentificationSequence, identification);
            perFrame.Add(item);
        }

        ds.SetSequence(DicomTags.PerFrameFunctionalGroupsSequence, perFrame);
    }
}
