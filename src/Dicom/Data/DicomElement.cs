namespace DicomSegNode.Dicom.Data;

/// <summary>
/// A view of one data element of a <see cref="DicomDataset"/> (PS3.5 7.1): tag, VR and value. The value is the
/// encoded bytes in little endian (strings with their padding), a <see cref="DicomSequence"/> for SQ, or
/// <see cref="DicomFragments"/> for encapsulated pixel data.
/// </summary>
public readonly struct DicomElement
{
    internal DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes, object? items)
    {
        Tag = tag;
        VR = vr;
        Bytes = bytes;
        Items = items;
    }

    /// <summary>The tag.</summary>
    public DicomTag Tag { get; }

    /// <summary>The VR.</summary>
    public DicomVR VR { get; }

    /// <summary>The value bytes, little endian, as encoded (empty for sequences and encapsulated data).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The sequence when <see cref="VR"/> is SQ, else null.</summary>
    public DicomSequence? Sequence => Items as DicomSequence;

    /// <summary>The fragments of encapsulated pixel data (PS3.5 A.4), else null.</summary>
    public DicomFragments? Fragments => Items as DicomFragments;

    internal object? Items { get; }

    /// <summary>Keyword from the dictionary, or null for private/unknown tags.</summary>
    public string? Keyword => Dictionary.DicomDictionary.GetKeyword(Tag);

    /// <inheritdoc />
    public override string ToString() => $"{Tag} {VR} {Keyword}";
}
