using DicomSegNode.Seg2DicomSeg.Enums;

namespace DicomSegNode.Seg2DicomSeg.Content;

/// <summary>
/// One Segment Sequence (0062,0002) item: what a segment is and how it was made
/// (PS3.3 C.8.20.2 Segmentation Image Module, Table 10-24 Segment Description Macro).
/// </summary>
public sealed record SegmentDescription
{
    /// <summary>Creates a segment description; every rule the standard states for the item is checked here.</summary>
    /// <param name="number">Segment Number (0062,0004): 1..65535, unique within the object.</param>
    /// <param name="label">Segment Label (0062,0005), LO.</param>
    /// <param name="category">Segmented Property Category Code Sequence (0062,0003), CID 7150.</param>
    /// <param name="type">Segmented Property Type Code Sequence (0062,000F), CID 7151.</param>
    /// <param name="algorithmType">Segment Algorithm Type (0062,0008).</param>
    /// <param name="algorithm">Segmentation Algorithm Identification (0062,0007); required unless the type is MANUAL.</param>
    /// <param name="anatomicRegion">Anatomic Region Sequence (0008,2218), optional (CID 4).</param>
    /// <param name="color">Recommended Display CIELab Value (0062,000D), optional.</param>
    /// <param name="description">Segment Description (0062,0006), optional, LO.</param>
    public SegmentDescription(
        int number,
        string label,
        CodedConcept category,
        CodedConcept type,
        SegmentAlgorithmType algorithmType,
        AlgorithmIdentification? algorithm,
        CodedConcept? anatomicRegion = null,
        DisplayColor? color = null,
        string? description = null)
    {
        if (number is < 1 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, "Segment Number is a US starting at 1 (PS3.3 C.8.20.2.4).");
        }

        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(type);
        if (!Enum.IsDefined(algorithmType))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithmType), algorithmType, "Unknown segment algorithm type.");
        }

        if (algorithmType != SegmentAlgorithmType.Manual && algorithm is null)
        {
            // PS3.3 C.8.20.2: Segment Algorithm Name and Algorithm Identification Sequence are required unless MANUAL.
            throw new ArgumentException($"Segment {number} \"{label}\" is {algorithmType}: it needs an AlgorithmIdentification (PS3.3 C.8.20.2).", nameof(algorithm));
        }

        Number = number;
        Label = AlgorithmIdentification.CheckLo(label, nameof(label), required: true)!;
        Category = category;
        Type = type;
        AlgorithmType = algorithmType;
        Algorithm = algorithm;
        AnatomicRegion = anatomicRegion;
        Color = color;
        Description = AlgorithmIdentification.CheckLo(description, nameof(description), required: false);
    }

    /// <summary>Segment Number (0062,0004).</summary>
    public int Number { get; }

    /// <summary>Segment Label (0062,0005).</summary>
    public string Label { get; }

    /// <summary>Segmented Property Category (0062,0003), CID 7150.</summary>
    public CodedConcept Category { get; }

    /// <summary>Segmented Property Type (0062,000F), CID 7151.</summary>
    public CodedConcept Type { get; }

    /// <summary>Segment Algorithm Type (0062,0008).</summary>
    public SegmentAlgorithmType AlgorithmType { get; }

    /// <summary>Segmentation Algorithm Identification (0062,0007); its name is also Segment Algorithm Name (0062,0009).</summary>
    public AlgorithmIdentification? Algorithm { get; }

    /// <summary>Anatomic Region Sequence (0008,2218), CID 4.</summary>
    public CodedConcept? AnatomicRegion { get; }

    /// <summary>Recommended Display CIELab Value (0062,000D).</summary>
    public DisplayColor? Color { get; }

    /// <summary>Segment Description (0062,0006).</summary>
    public string? Description { get; }
}
