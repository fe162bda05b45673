using DicomSegNode.Seg2DicomSeg.Content;

namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>A Segment Sequence item as read back (others' SEGs included, so codes may be missing or odd).</summary>
/// <param name="Number">Segment Number (0062,0004).</param>
/// <param name="Label">Segment Label (0062,0005).</param>
/// <param name="Category">Segmented Property Category, when readable.</param>
/// <param name="Type">Segmented Property Type, when readable.</param>
/// <param name="AlgorithmType">Segment Algorithm Type as written (AUTOMATIC, SEMIAUTOMATIC, MANUAL).</param>
/// <param name="AlgorithmName">Segment Algorithm Name, if any.</param>
/// <param name="AlgorithmVersion">Algorithm Version from the algorithm identification, if any.</param>
/// <param name="Color">Recommended display colour, if any.</param>
public sealed record DecodedSegment(
    int Number,
    string Label,
    CodedConcept? Category,
    CodedConcept? Type,
    string? AlgorithmType,
    string? AlgorithmName,
    string? AlgorithmVersion,
    DisplayColor? Color);
