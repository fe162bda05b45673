using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using DicomSegNode.Dicom.Dictionary;

namespace DicomSegNode.Dicom.Data;

/// <summary>
/// Typed write accessors. Each replaces any element with the same tag; VRs come from the dictionary unless given.
/// Values are stored unpadded; writers pad to even length with the VR's padding byte (PS3.5 7.1.1).
/// </summary>
public sealed partial class DicomDataset
{
    /// <summary>Sets a string element (one value, or several joined by backslashes) with the dictionary VR.</summary>
    public DicomDataset SetString(DicomTag tag, string value) => SetString(tag, VRFor(tag, DicomVR.LO), value);

    /// <summary>Sets a string element with an explicit VR; text VRs are encoded with the Specific Character Set.</summary>
    public DicomDataset SetString(DicomTag tag, DicomVR vr, string value)
    {
        if (!vr.IsString)
        {
            throw new DicomValueException($"{tag}: {vr} is not a string VR.");
        }

        byte[] bytes;
        if (tag.Value == 0x00080005)
        {
            bytes = Encoding.ASCII.GetBytes(value);
            _characterSet = null;
        }
        else if (vr.UsesCharacterSet)
        {
            bytes = CharacterSet.Encode(value);
        }
        else if (!Ascii.IsValid(value))
        {
            throw new DicomValueException($"{tag} ({vr}) allows only the default repertoire; '{value}' has other characters.");
        }
        else
        {
            bytes = Encoding.ASCII.GetBytes(value);
        }

        if (vr == DicomVR.UI)
        {
            ValidateUids(tag, value);
        }
        else if (vr == DicomVR.DS || vr == DicomVR.IS)
        {
            ValidateNumbers(tag, vr, value);
        }

        SetElement(tag, vr, bytes, null);
        return this;
    }

    /// <summary>Sets a multi-valued string element (values joined with backslashes, PS3.5 6.4).</summary>
    public DicomDataset SetStrings(DicomTag tag, params IEnumerable<string> values) => SetString(tag, string.Join('\\', values));

    /// <summary>Sets a multi-valued string element with an explicit VR.</summary>
    public DicomDataset SetStrings(DicomTag tag, DicomVR vr, params IEnumerable<string> values) => SetString(tag, vr, string.Join('\\', values));

    /// <summary>Sets a UID (UI); checks the UID syntax of PS3.5 9.1.</summary>
    public DicomDataset SetUid(DicomTag tag, string uid) => SetString(tag, DicomVR.UI, uid);

    /// <summary>Sets US values (or OW when the dictionary says so).</summary>
    public DicomDataset SetUInt16(DicomTag tag, params ReadOnlySpan<ushort> values)
    {
        var bytes = new byte[values.Length * 2];
        for (var k = 0; k < values.Length; k++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(k * 2), values[k]);
        }

        var vr = VRFor(tag, DicomVR.US);
        SetElement(tag, vr == DicomVR.OW ? DicomVR.OW : DicomVR.US, bytes, null);
        return this;
    }

    /// <summary>Sets SS values.</summary>
    public DicomDataset SetInt16(DicomTag tag, params ReadOnlySpan<short> values)
    {
        var bytes = new byte[values.Length * 2];
        for (var k = 0; k < values.Length; k++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(k * 2), values[k]);
        }

        SetElement(tag, DicomVR.SS, bytes, null);
        return this;
    }

    /// <summary>Sets UL values (or OL when the dictionary says so).</summary>
    public DicomDataset SetUInt32(DicomTag tag, params ReadOnlySpan<uint> values)
    {
        var bytes = new byte[values.Length * 4];
        for (var k = 0; k < values.Length; k++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(k * 4), values[k]);
        }

        SetElement(tag, VRFor(tag, DicomVR.UL) == DicomVR.OL ? DicomVR.OL : DicomVR.UL, bytes, null);
        return this;
    }

    /// <summary>Sets SL values.</summary>
    public DicomDataset SetInt32(DicomTag tag, params ReadOnlySpan<int> values)
    {
        var bytes = new byte[values.Length * 4];
        for (var k = 0; k < values.Length; k++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(k * 4), values[k]);
        }

        SetElement(tag, DicomVR.SL, bytes, null);
        return this;
    }

    /// <summary>Sets FL values (or OF when the dictionary says so).</summary>
    public DicomDataset SetSingle(DicomTag tag, params ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 4];
        for (var k = 0; k < values.Length; k++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(k * 4), values[k]);
        }

        SetElement(tag, VRFor(tag, DicomVR.FL) == DicomVR.OF ? DicomVR.OF : DicomVR.FL, bytes, null);
        return this;
    }

    /// <summary>Sets FD values (or OD when the dictionary says so).</summary>
    public DicomDataset SetDouble(DicomTag tag, params ReadOnlySpan<double> values)
    {
        var bytes = new byte[values.Length * 8];
        for (var k = 0; k < values.Length; k++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(k * 8), values[k]);
        }

        SetElement(tag, VRFor(tag, DicomVR.FD) == DicomVR.OD ? DicomVR.OD : DicomVR.FD, bytes, null);
        return this;
    }

    /// <summary>Sets DS values, each formatted in at most 16 characters (PS3.5 6.2) with round-trip precision where it fits.</summary>
    public DicomDataset SetDecimalString(DicomTag tag, params ReadOnlySpan<double> values)
    {
        var parts = new string[values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            parts[k] = FormatDecimal(tag, values[k]);
        }

        return SetString(tag, DicomVR.DS, string.Join('\\', parts));
    }

    /// <summary>Sets IS values (PS3.5 6.2: -2^31..2^31-1).</summary>
    public DicomDataset SetIntegerString(DicomTag tag, params ReadOnlySpan<int> values)
    {
        var parts = new string[values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            parts[k] = values[k].ToString(CultureInfo.InvariantCulture);
        }

        return SetString(tag, DicomVR.IS, string.Join('\\', parts));
    }

    /// <summary>Sets AT values.</summary>
    public DicomDataset SetAttributeTag(DicomTag tag, params ReadOnlySpan<DicomTag> values)
    {
        var bytes = new byte[values.Length * 4];
        for (var k = 0; k < values.Length; k++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(k * 4), values[k].Group);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((k * 4) + 2), values[k].Element);
        }

        SetElement(tag, DicomVR.AT, bytes, null);
        return this;
    }

    /// <summary>Sets a DA value (YYYYMMDD).</summary>
    public DicomDataset SetDate(DicomTag tag, DateOnly date)
        => SetString(tag, DicomVR.DA, date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    /// <summary>Sets a TM value (HHMMSS.FFFFFF).</summary>
    public DicomDataset SetTime(DicomTag tag, TimeOnly time)
        => SetString(tag, DicomVR.TM, time.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture));

    /// <summary>Sets a DT value (YYYYMMDDHHMMSS.FFFFFF&amp;ZZXX).</summary>
    public DicomDataset SetDateTime(DicomTag tag, DateTimeOffset value)
        => SetString(tag, DicomVR.DT, value.ToString("yyyyMMddHHmmss.ffffff", CultureInfo.InvariantCulture)
            + (value.Offset < TimeSpan.Zero ? "-" : "+") + value.Offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture));

    /// <summary>Sets a sequence (SQ) from its items; returns the sequence so more items can be added.</summary>
    public DicomSequence SetSequence(DicomTag tag, params IEnumerable<DicomDataset> items)
    {
        var seq = new DicomSequence(items);
        SetElement(tag, DicomVR.SQ, ReadOnlyMemory<byte>.Empty, seq);
        return seq;
    }

    /// <summary>Sets a binary or any other value from its little-endian encoding (no copy is taken).</summary>
    public DicomDataset SetBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes)
    {
        if (vr == DicomVR.SQ)
        {
            throw new DicomValueException($"{tag}: use SetSequence for SQ.");
        }

        if (vr.Kind == DicomVRKind.Binary && bytes.Length % vr.UnitSize != 0)
        {
            throw new DicomValueException($"{tag}: {bytes.Length} bytes is not a whole number of {vr} values.");
        }

        SetElement(tag, vr, bytes, null);
        return this;
    }

    /// <summary>Sets encapsulated (compressed) pixel data (PS3.5 A.4); VR is OB.</summary>
    public DicomDataset SetFragments(DicomTag tag, DicomFragments fragments)
    {
        SetElement(tag, DicomVR.OB, ReadOnlyMemory<byte>.Empty, fragments);
        return this;
    }

    /// <summary>Sets an element with no value (zero length), e.g. a Type 2 attribute.</summary>
    public DicomDataset SetEmpty(DicomTag tag, DicomVR? vr = null)
    {
        var v = vr ?? VRFor(tag, DicomVR.UN);
        SetElement(tag, v, ReadOnlyMemory<byte>.Empty, v == DicomVR.SQ ? new DicomSequence() : null);
        return this;
    }

    internal static string FormatDecimal(DicomTag tag, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new DicomValueException($"{tag}: {value} cannot be encoded as DS (PS3.5 6.2).");
        }

        var s = value.ToString("R", CultureInfo.InvariantCulture);
        if (s.Length <= 16)
        {
            return s;
        }

        for (var digits = 15; digits > 0; digits--)
        {
            s = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (s.Length <= 16)
            {
                return s;
            }
        }

        throw new DicomValueException($"{tag}: {value} does not fit in 16 characters (DS, PS3.5 6.2).");
    }

    /// <summary>
    /// DS: a decimal number; IS: an integer in -2^31..2^31-1 (PS3.5 Table 6.2-1). The 16/12-character limits are not
    /// enforced here, so values copied from real (slightly non-conformant) source images still pass through.
    /// </summary>
    private static void ValidateNumbers(DicomTag tag, DicomVR vr, string value)
    {
        if (value.Length == 0)
        {
            return;
        }

        foreach (var part in value.Split('\\'))
        {
            var trimmed = part.Trim(' ');
            var ok = trimmed.Length == 0 || (vr == DicomVR.DS
                ? double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                : long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) && l is >= int.MinValue and <= int.MaxValue);
            if (!ok)
            {
                throw new DicomValueException($"{tag}: '{part}' is not a valid {vr} value (PS3.5 Table 6.2-1).");
            }
        }
    }

    private static void ValidateUids(DicomTag tag, string value)
    {
        foreach (var uid in value.Split('\\'))
        {
            if (!DicomUid.IsValid(uid) && uid.Length > 0)
            {
                throw new DicomValueException($"{tag}: '{uid}' is not a valid UID (PS3.5 9.1: digits and dots, no leading zeros, at most 64 characters).");
            }
        }
    }

    private static DicomVR VRFor(DicomTag tag, DicomVR fallback)
    {
        var vr = DicomDictionary.GetVR(tag);
        return vr == DicomVR.UN ? fallback : vr;
    }
}
