using DicomSegNode.Seg2DicomSeg.Enums;

namespace DicomSegNode.Seg2DicomSeg.Content;

/// <summary>
/// The three segments of the liver-then-vessel cascade with their standard codes (CID 7150 categories,
/// CID 7151 types) and display colours (3D Slicer's GenericAnatomyColors, which dcmqi also uses).
/// Segment numbers: 1 Liver, 2 Liver tumour, 3 Hepatic vessels.
/// </summary>
public static class StandardSegments
{
    /// <summary>Segment number of the liver.</summary>
    public const int LiverNumber = 1;

    /// <summary>Segment number of the liver tumour.</summary>
    public const int TumourNumber = 2;

    /// <summary>Segment number of the hepatic vessels.</summary>
    public const int VesselsNumber = 3;

    /// <summary>Liver: category Anatomical Structure, type SCT 10200004 Liver.</summary>
    public static SegmentDescription Liver(AlgorithmIdentification algorithm, AnatomicalStructureCategory category = AnatomicalStructureCategory.Current) =>
        new(LiverNumber, "Liver", AnatomicalStructure(category), Codes.Liver, SegmentAlgorithmType.Automatic, algorithm,
            color: new DisplayColor(221, 130, 101), description: "Whole liver, tumour and vessels included");

    /// <summary>Liver tumour: category SCT 49755003 Morphologically Abnormal Structure, type SCT 108369006 Neoplasm,
    /// anatomic region Liver.</summary>
    public static SegmentDescription Tumour(AlgorithmIdentification algorithm) =>
        new(TumourNumber, "Liver tumour", Codes.MorphologicallyAbnormalStructure, Codes.Neoplasm, SegmentAlgorithmType.Automatic, algorithm,
            anatomicRegion: Codes.Liver, color: new DisplayColor(255, 215, 0), description: "Liver tumour");

    /// <summary>Hepatic vessels: category Anatomical Structure, type SCT 59820001 Blood vessel, anatomic region Liver.</summary>
    public static SegmentDescription HepaticVessels(AlgorithmIdentification algorithm, AnatomicalStructureCategory category = AnatomicalStructureCategory.Current) =>
        new(VesselsNumber, "Hepatic vessels", AnatomicalStructure(category), Codes.BloodVessel, SegmentAlgorithmType.Automatic, algorithm,
            anatomicRegion: Codes.Liver, color: new DisplayColor(0, 151, 206), description: "Hepatic vessels inside the liver");

    /// <summary>The code for "Anatomical Structure" in the chosen edition of CID 7150.</summary>
    public static CodedConcept AnatomicalStructure(AnatomicalStructureCategory category) => category switch
    {
        AnatomicalStructureCategory.Current => Codes.AnatomicalStructure,
        AnatomicalStructureCategory.Legacy => Codes.AnatomicalStructureLegacy,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown category edition."),
    };
}
