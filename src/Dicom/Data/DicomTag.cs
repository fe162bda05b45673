using System.Globalization;

namespace DicomSegNode.Dicom.Data;

/// <summary>
/// A data element tag (PS3.5 7.1.1): group and element number. Ordered as the standard orders elements in a
/// data set (ascending by group, then element).
/// </summary>
public readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    /// <summary>Item (FFFE,E000), PS3.5 7.5.</summary>
    public static readonly DicomTag Item = new(0xFFFE, 0xE000);

    /// <summary>Item Delimitation Item (FFFE,E00D), PS3.5 7.5.</summary>
    public static readonly DicomTag ItemDelimitationItem = new(0xFFFE, 0xE00D);

    /// <summary>Sequence Delimitation Item (FFFE,E0DD), PS3.5 7.5.</summary>
    public static readonly DicomTag SequenceDelimitationItem = new(0xFFFE, 0xE0DD);

    /// <summary>Creates a tag from its 32-bit form (group in the high half).</summary>
    public DicomTag(uint value)
        : this((ushort)(value >> 16), (ushort)value)
    {
    }

    /// <summary>The tag as one 32-bit number, group in the high half: the sort key.</summary>
    public uint Value => ((uint)Group << 16) | Element;

    /// <summary>Private tags have an odd group number (PS3.5 7.8).</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>Private Creator elements (gggg,0010-00FF) of an odd group (PS3.5 7.8.1).</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>Group length elements (gggg,0000), PS3.5 7.2.</summary>
    public bool IsGroupLength => Element == 0;

    /// <summary>For a private data element (gggg,xxyy) with xx &gt;= 0x10, the tag of its Private Creator (gggg,00xx).</summary>
    public DicomTag PrivateCreatorTag => new(Group, (ushort)(Element >> 8));

    /// <inheritdoc />
    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <summary>Comparison operators follow the data set order.</summary>
    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    /// <inheritdoc cref="op_LessThan"/>
    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    /// <inheritdoc cref="op_LessThan"/>
    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    /// <inheritdoc cref="op_LessThan"/>
    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;

    /// <summary>Formats as dcmdump does: <c>(0010,0010)</c> with lower-case hex digits.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({Group:x4},{Element:x4})");

    /// <summary>Parses <c>(gggg,eeee)</c>, <c>gggg,eeee</c> or <c>ggggeeee</c> (hex).</summary>
    public static DicomTag Parse(string text)
    {
        if (TryParse(text, out var tag))
        {
            return tag;
        }

        throw new FormatException($"'{text}' is not a DICOM tag (expected (gggg,eeee) in hexadecimal).");
    }

    /// <summary>Tries <see cref="Parse"/>.</summary>
    public static bool TryParse(string? text, out DicomTag tag)
    {
        tag = default;
        if (text is null)
        {
            return false;
        }

        var s = text.Trim().TrimStart('(').TrimEnd(')').Replace(",", string.Empty, StringComparison.Ordinal);
        if (s.Length != 8 || !uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
        {
            return false;
        }

        tag = new DicomTag(v);
        return true;
    }
}
