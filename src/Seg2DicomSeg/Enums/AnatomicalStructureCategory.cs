namespace DicomSegNode.Seg2DicomSeg.Enums;

/// <summary>
/// Which code stands for the category "Anatomical Structure" in Segmented Property Category Code Sequence
/// (CID 7150 Segmentation Property Categories).
/// </summary>
public enum AnatomicalStructureCategory
{
    /// <summary>SCT 91723000 "Anatomical Structure": the code CID 7150 lists today, what dciodvfy and highdicom
    /// expect. The default.</summary>
    Current,

    /// <summary>SCT 123037004 "Anatomical Structure" (SNOMED "body structure"), which CID 7150 listed before
    /// 91723000 replaced it, and which some older viewers and dcmqi-era templates still look for.</summary>
    Legacy,
}
