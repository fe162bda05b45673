using System.Buffers.Binary;
using System.Globalization;
using DicomSegNode.Dicom.Text;

namespace DicomSegNode.Dicom.Data;

/// <summary>Typed read accessors. A value that breaks its VR's rules raises <see cref="DicomValueException"/> naming the tag.</summary>
public sealed partial class DicomDataset
{
    /// <summary>The raw value bytes (little endian) of an element; empty when absent.</summary>
    public ReadOnlyMemory<byte> GetBytes(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        return i < 0 ? ReadOnlyMemory<byte>.Empty : _values[i];
    }

    /// <summary>The items of a sequence element, or null when absent (or not a sequence).</summary>
    public DicomSequence? GetSequence(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        return i < 0 ? null : _items[i] as DicomSequence;
    }

    /// <summary>The encapsulated fragments of (compressed) pixel data, or null when absent or native.</summary>
    public DicomFragments? GetFragments(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        return i < 0 ? null : _items[i] as DicomFragments;
    }

    /// <summary>
    /// The whole string value (all values with their backslashes), padding removed (PS3.5 6.2), decoded with the
    /// Specific Character Set for SH/LO/ST/LT/UC/UT/PN; null when absent.
    /// </summary>
    public string? GetString(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        if (i < 0)
        {
            return null;
        }

        var vr = _vrs[i];
        var bytes = _values[i].Span;
        if (vr.Kind is DicomVRKind.Text)
        {
            // Leading spaces are significant in ST, LT, UT (PS3.5 Table 6.2-1).
            return Decode(vr, ValueText.TrimEnd(bytes));
        }

        if (vr.Kind is not DicomVRKind.String)
        {
            throw new DicomValueException($"{tag} has VR {vr}, not a string VR.");
        }

        return Decode(vr, ValueText.Trim(bytes));
    }

    /// <summary>The values of a multi-valued string element (split at backslashes, each trimmed); empty when absent.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        if (i < 0)
        {
            return [];
        }

        var vr = _vrs[i];
        if (vr.Kind is DicomVRKind.Text)
        {
            var s = GetString(tag)!;
            return s.Length == 0 ? [] : [s];
        }

        if (vr.Kind is not DicomVRKind.String)
        {
            throw new DicomValueException($"{tag} has VR {vr}, not a string VR.");
        }

        var all = ValueText.TrimEnd(_values[i].Span);
        if (all.IsEmpty)
        {
            return [];
        }

        // Multi-byte repertoires may contain 0x5C inside a character; decode first, then split.
        var text = Decode(vr, all);
        var parts = text.Split('\\');
        for (var k = 0; k < parts.Length; k++)
        {
            parts[k] = parts[k].Trim(' ', '\0');
        }

        return parts;
    }

    /// <summary>The value at <paramref name="index"/> of a string element; null when absent or out of range.</summary>
    public string? GetString(DicomTag tag, int index)
    {
        var parts = GetStrings(tag);
        return index < parts.Length ? parts[index] : null;
    }

    /// <summary>A Person Name (PN) split into its component groups and components; null when absent.</summary>
    public DicomPersonName? GetPersonName(DicomTag tag)
        => GetString(tag) is { } s ? DicomPersonName.Parse(s) : null;

    /// <summary>A UID value (UI), trailing NUL padding removed; null when absent.</summary>
    public string? GetUid(DicomTag tag) => GetString(tag);

    /// <summary>Number of values: string values, binary numbers, or sequence items.</summary>
    public int GetValueCount(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        if (i < 0)
        {
            return 0;
        }

        var vr = _vrs[i];
        return vr.Kind switch
        {
            DicomVRKind.Sequence => (_items[i] as DicomSequence)?.Count ?? 0,
            DicomVRKind.String or DicomVRKind.Text => GetStrings(tag).Length,
            DicomVRKind.Binary => _values[i].Length / vr.UnitSize,
            _ => _values[i].IsEmpty && _items[i] is null ? 0 : 1,
        };
    }

    /// <summary>A US/OW value; IS and other integer VRs are converted when in range.</summary>
    public ushort GetUInt16(DicomTag tag, int index = 0) => (ushort)InRange(tag, GetInt64Core(tag, index), ushort.MinValue, ushort.MaxValue);

    /// <summary>An SS value; IS and other integer VRs are converted when in range.</summary>
    public short GetInt16(DicomTag tag, int index = 0) => (short)InRange(tag, GetInt64Core(tag, index), short.MinValue, short.MaxValue);

    /// <summary>A UL value; IS and other integer VRs are converted when in range.</summary>
    public uint GetUInt32(DicomTag tag, int index = 0) => (uint)InRange(tag, GetInt64Core(tag, index), uint.MinValue, uint.MaxValue);

    /// <summary>An integer of any integer VR (US, SS, UL, SL, IS, SV, UV when in range).</summary>
    public int GetInt32(DicomTag tag, int index = 0)
    {
        var v = GetInt64Core(tag, index);
        if (v is < int.MinValue or > int.MaxValue)
        {
            throw new DicomValueException($"{tag} value {v} does not fit in a 32-bit integer.");
        }

        return (int)v;
    }

    /// <summary>An integer of any integer VR as 64 bits.</summary>
    public long GetInt64(DicomTag tag, int index = 0) => GetInt64Core(tag, index);

    /// <summary>A number of any numeric VR (FL, FD, DS, IS, OF, OD and the integer VRs) as a double.</summary>
    public double GetDouble(DicomTag tag, int index = 0)
    {
        var (vr, bytes) = Value(tag, index);
        var span = bytes.Span;
        if (vr == DicomVR.DS || vr == DicomVR.IS)
        {
            var s = GetString(tag, index) ?? throw Missing(tag, index);
            return ParseDecimal(tag, s);
        }

        var off = Offset(tag, vr, span, index);
        return vr.Code switch
        {
            "FD" or "OD" => BinaryPrimitives.ReadDoubleLittleEndian(span[off..]),
            "FL" or "OF" => BinaryPrimitives.ReadSingleLittleEndian(span[off..]),
            _ => GetInt64Core(tag, index),
        };
    }

    /// <summary>An FL/OF value (or any numeric VR, converted).</summary>
    public float GetSingle(DicomTag tag, int index = 0) => (float)GetDouble(tag, index);

    /// <summary>Tries <see cref="GetDouble"/>; false when absent or empty.</summary>
    public bool TryGetDouble(DicomTag tag, out double value, int index = 0)
    {
        value = 0;
        if (GetValueCount(tag) <= index)
        {
            return false;
        }

        value = GetDouble(tag, index);
        return true;
    }

    /// <summary>Tries <see cref="GetInt32"/>; false when absent or empty.</summary>
    public bool TryGetInt32(DicomTag tag, out int value, int index = 0)
    {
        value = 0;
        if (GetValueCount(tag) <= index)
        {
            return false;
        }

        value = GetInt32(tag, index);
        return true;
    }

    /// <summary><see cref="GetInt32"/>, or <paramref name="fallback"/> when absent or empty.</summary>
    public int GetInt32OrDefault(DicomTag tag, int fallback) => TryGetInt32(tag, out var v) ? v : fallback;

    /// <summary><see cref="GetDouble"/>, or <paramref name="fallback"/> when absent or empty.</summary>
    public double GetDoubleOrDefault(DicomTag tag, double fallback) => TryGetDouble(tag, out var v) ? v : fallback;

    /// <summary>All values as doubles (FD, FL, OD, OF, DS, IS and integer VRs).</summary>
    public double[] GetDoubleArray(DicomTag tag)
    {
        if (GetVR(tag) is { } vr && (vr == DicomVR.DS || vr == DicomVR.IS))
        {
            // Split once: long DS values (RT contour data) would otherwise be re-split per index.
            var parts = GetStrings(tag);
            var values = new double[parts.Length];
            for (var k = 0; k < parts.Length; k++)
            {
                values[k] = ParseDecimal(tag, parts[k]);
            }

            return values;
        }

        var n = GetValueCount(tag);
        var result = new double[n];
        for (var k = 0; k < n; k++)
        {
            result[k] = GetDouble(tag, k);
        }

        return result;
    }

    /// <summary>All values as floats (FL, OF, or converted).</summary>
    public float[] GetSingleArray(DicomTag tag)
    {
        var (vr, bytes) = Value(tag, -1);
        if (vr == DicomVR.FL || vr == DicomVR.OF)
        {
            var span = bytes.Span;
            var result = new float[span.Length / 4];
            for (var k = 0; k < result.Length; k++)
            {
                result[k] = BinaryPrimitives.ReadSingleLittleEndian(span[(k * 4)..]);
            }

            return result;
        }

        return [.. GetDoubleArray(tag).Select(d => (float)d)];
    }

    /// <summary>All values as 32-bit integers (IS, SL, SS, US, UL in range).</summary>
    public int[] GetInt32Array(DicomTag tag)
    {
        var n = GetValueCount(tag);
        var result = new int[n];
        for (var k = 0; k < n; k++)
        {
            result[k] = GetInt32(tag, k);
        }

        return result;
    }

    /// <summary>All values of a US or OW element.</summary>
    public ushort[] GetUInt16Array(DicomTag tag)
    {
        var (_, bytes) = Value(tag, -1);
        var span = bytes.Span;
        var result = new ushort[span.Length / 2];
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = BinaryPrimitives.ReadUInt16LittleEndian(span[(k * 2)..]);
        }

        return result;
    }

    /// <summary>All values of an SS element.</summary>
    public short[] GetInt16Array(DicomTag tag) => [.. GetUInt16Array(tag).Select(v => (short)v)];

    /// <summary>All values of a UL or OL element.</summary>
    public uint[] GetUInt32Array(DicomTag tag)
    {
        var (_, bytes) = Value(tag, -1);
        var span = bytes.Span;
        var result = new uint[span.Length / 4];
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = BinaryPrimitives.ReadUInt32LittleEndian(span[(k * 4)..]);
        }

        return result;
    }

    /// <summary>An AT value: the tag it points to (PS3.5 6.2, group then element, each 16-bit).</summary>
    public DicomTag GetAttributeTag(DicomTag tag, int index = 0)
    {
        var (vr, bytes) = Value(tag, index);
        var off = Offset(tag, vr, bytes.Span, index);
        var span = bytes.Span[off..];
        return new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span), BinaryPrimitives.ReadUInt16LittleEndian(span[2..]));
    }

    /// <summary>A DA value (YYYYMMDD, PS3.5 6.2); null when absent or empty.</summary>
    public DateOnly? GetDate(DicomTag tag)
    {
        var s = GetString(tag);
        if (string.IsNullOrEmpty(s))
        {
            return null;
        }

        if (DateOnly.TryParseExact(s, ["yyyyMMdd", "yyyy.MM.dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        throw new DicomValueException($"{tag} value '{s}' is not a DA (YYYYMMDD, PS3.5 6.2).");
    }

    /// <summary>A TM value (HH[MM[SS[.F{1-6}]]], PS3.5 6.2); null when absent or empty.</summary>
    public TimeOnly? GetTime(DicomTag tag)
    {
        var s = GetString(tag);
        if (string.IsNullOrEmpty(s))
        {
            return null;
        }

        return DicomDateTimeParser.ParseTime(s) ?? throw new DicomValueException($"{tag} value '{s}' is not a TM (PS3.5 6.2).");
    }

    /// <summary>A DT value (YYYY[MM[DD[HH[MM[SS[.F]]]]]][&amp;ZZXX]); null when absent or empty.</summary>
    public DateTimeOffset? GetDateTime(DicomTag tag)
    {
        var s = GetString(tag);
        if (string.IsNullOrEmpty(s))
        {
            return null;
        }

        return DicomDateTimeParser.ParseDateTime(s) ?? throw new DicomValueException($"{tag} value '{s}' is not a DT (PS3.5 6.2).");
    }

    private string Decode(DicomVR vr, ReadOnlySpan<byte> bytes)
        => vr.UsesCharacterSet ? CharacterSet.Decode(bytes) : System.Text.Encoding.Latin1.GetString(bytes);

    private long GetInt64Core(DicomTag tag, int index)
    {
        var (vr, bytes) = Value(tag, index);
        if (vr == DicomVR.IS || vr == DicomVR.DS)
        {
            var s = GetString(tag, index) ?? throw Missing(tag, index);
            if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                return l;
            }

            var d = ParseDecimal(tag, s);
            if (d != Math.Floor(d) || d is < -9.2e18 or > 9.2e18)
            {
                throw new DicomValueException($"{tag} value '{s}' is not an integer.");
            }

            return (long)d;
        }

        var span = bytes.Span;
        var off = Offset(tag, vr, span, index);
        span = span[off..];
        return vr.Code switch
        {
            "US" or "OW" => BinaryPrimitives.ReadUInt16LittleEndian(span),
            "SS" => BinaryPrimitives.ReadInt16LittleEndian(span),
            "UL" or "OL" => BinaryPrimitives.ReadUInt32LittleEndian(span),
            "SL" => BinaryPrimitives.ReadInt32LittleEndian(span),
            "SV" => BinaryPrimitives.ReadInt64LittleEndian(span),
            "UV" or "OV" => (long)InRange(tag, (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(span), long.MaxValue), 0, long.MaxValue),
            "OB" or "UN" => span[0],
            _ => throw new DicomValueException($"{tag} has VR {vr}, not an integer VR."),
        };
    }

    private (DicomVR Vr, ReadOnlyMemory<byte> Bytes) Value(DicomTag tag, int index)
    {
        var i = IndexOf(tag.Value);
        if (i < 0)
        {
            throw new DicomValueException($"{tag} {Dictionary.DicomDictionary.GetKeyword(tag)} is absent.");
        }

        return (_vrs[i], _values[i]);
    }

    private static int Offset(DicomTag tag, DicomVR vr, ReadOnlySpan<byte> span, int index)
    {
        var size = vr.UnitSize;
        var off = index * size;
        if (off < 0 || off + size > span.Length)
        {
            throw Missing(tag, index);
        }

        return off;
    }

    private static long InRange(DicomTag tag, long value, long min, long max)
        => value >= min && value <= max ? value : throw new DicomValueException($"{tag} value {value} is outside {min}..{max}.");

    private static double ParseDecimal(DicomTag tag, string s)
    {
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        throw new DicomValueException($"{tag} value '{s}' is not a decimal number (DS/IS, PS3.5 6.2).");
    }

    private static DicomValueException Missing(DicomTag tag, int index)
        => new($"{tag} {Dictionary.DicomDictionary.GetKeyword(tag)} has no value at index {index}.");
}
