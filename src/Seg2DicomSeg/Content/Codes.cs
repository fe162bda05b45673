namespace DicomSegNode.Seg2DicomSeg.Content;

/// <summary>The standard codes the SEG writer uses (PS3.16 context groups as cited per code).</summary>
public static class Codes
{
    /// <summary>SCT 91723000 "Anatomical Structure" (CID 7150).</summary>
    public static CodedConcept AnatomicalStructure { get; } = new("91723000", "SCT", "Anatomical Structure");

    /// <summary>SCT 123037004 "Anatomical Structure": the code CID 7150 used before 91723000.</summary>
    public static CodedConcept AnatomicalStructureLegacy { get; } = new("123037004", "SCT", "Anatomical Structure");

    /// <summary>SCT 49755003 "Morphologically Abnormal Structure" (CID 7150).</summary>
    public static CodedConcept MorphologicallyAbnormalStructure { get; } = new("49755003", "SCT", "Morphologically Abnormal Structure");

    /// <summary>SCT 10200004 "Liver" (CID 7166 via CID 7151, and CID 4 Anatomic Region).</summary>
    public static CodedConcept Liver { get; } = new("10200004", "SCT", "Liver");

    /// <summary>SCT 108369006 "Neoplasm" (CID 7159 via CID 7151).</summary>
    public static CodedConcept Neoplasm { get; } = new("108369006", "SCT", "Neoplasm");

    /// <summary>SCT 59820001 "Blood vessel" (CID 7166 via CID 7151).</summary>
    public static CodedConcept BloodVessel { get; } = new("59820001", "SCT", "Blood vessel");

    /// <summary>DCM 123110 "Artificial Intelligence" (CID 7162 Algorithm Family).</summary>
    public static CodedConcept ArtificialIntelligence { get; } = new("123110", "DCM", "Artificial Intelligence");

    /// <summary>DCM 121322 "Source image for image processing operation" (CID 7202 Source Image Purposes of Reference).</summary>
    public static CodedConcept SourceImageForProcessing { get; } = new("121322", "DCM", "Source image for image processing operation");

    /// <summary>DCM 113076 "Segmentation" (CID 7203 Image Derivation).</summary>
    public static CodedConcept Segmentation { get; } = new("113076", "DCM", "Segmentation");
}
