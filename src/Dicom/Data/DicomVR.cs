namespace DicomSegNode.Dicom.Data;

/// <summary>
/// A Value Representation (PS3.5 6.2, Table 6.2-1): the closed set of 34 VRs with what encoding needs to know
/// about each. Instances are singletons, so reference equality is VR equality.
/// </summary>
public sealed class DicomVR
{
    private DicomVR(int index, string code, DicomVRKind kind, bool longLength, byte padding, int maxLength, int unitSize)
    {
        Index = index;
        Code = code;
        Kind = kind;
        HasLongLength = longLength;
        PaddingByte = padding;
        MaxLength = maxLength;
        UnitSize = unitSize;
        Code16 = (ushort)((code[0] << 8) | code[1]);
    }

    /// <summary>Position in <see cref="All"/>.</summary>
    public int Index { get; }

    /// <summary>The two-letter code, e.g. "PN".</summary>
    public string Code { get; }

    /// <summary>The two code bytes as one big-endian number ('P' &lt;&lt; 8 | 'N'), as they appear on the wire.</summary>
    public ushort Code16 { get; }

    /// <summary>How values of this VR are encoded.</summary>
    public DicomVRKind Kind { get; }

    /// <summary>True when Explicit VR encodes the length in 32 bits after two reserved bytes (PS3.5 7.1.2).</summary>
    public bool HasLongLength { get; }

    /// <summary>The byte that pads a value to even length (space for text, NUL for UI and binary; PS3.5 6.2).</summary>
    public byte PaddingByte { get; }

    /// <summary>Maximum length of one value in bytes (characters for text VRs); 0 when bounded only by the length field.</summary>
    public int MaxLength { get; }

    /// <summary>Size of one binary number (2 for US/SS/OW, 4 for UL/SL/FL/OF/OL/AT, 8 for FD/OD/SV/UV/OV); 1 otherwise.</summary>
    public int UnitSize { get; }

    /// <summary>True for VRs whose values are character strings.</summary>
    public bool IsString => Kind is DicomVRKind.String or DicomVRKind.Text;

    /// <summary>True for text VRs whose characters follow Specific Character Set (SH, LO, ST, LT, UC, UT, PN; PS3.5 6.1.2.3).</summary>
    public bool UsesCharacterSet => this == SH || this == LO || this == ST || this == LT || this == UC || this == UT || this == PN;

    /// <summary>True for single-valued text VRs whose backslash is not a value delimiter (ST, LT, UT, UR).</summary>
    public bool IsSingleValuedText => Kind == DicomVRKind.Text;

    /// <summary>True for VRs whose value needs byte swapping between little and big endian (unit size &gt; 1).</summary>
    public bool NeedsByteSwap => UnitSize > 1;


    /// <summary>Application Entity.</summary>
    public static readonly DicomVR AE = new(0, "AE", DicomVRKind.String, false, 0x20, 16, 1);
    /// <summary>Age String.</summary>
    public static readonly DicomVR AS = new(1, "AS", DicomVRKind.String, false, 0x20, 4, 1);
    /// <summary>Attribute Tag.</summary>
    public static readonly DicomVR AT = new(2, "AT", DicomVRKind.Binary, false, 0, 4, 4);
    /// <summary>Code String.</summary>
    public static readonly DicomVR CS = new(3, "CS", DicomVRKind.String, false, 0x20, 16, 1);
    /// <summary>Date.</summary>
    public static readonly DicomVR DA = new(4, "DA", DicomVRKind.String, false, 0x20, 8, 1);
    /// <summary>Decimal String.</summary>
    public static readonly DicomVR DS = new(5, "DS", DicomVRKind.String, false, 0x20, 16, 1);
    /// <summary>Date Time.</summary>
    public static readonly DicomVR DT = new(6, "DT", DicomVRKind.String, false, 0x20, 26, 1);
    /// <summary>Floating Point Single.</summary>
    public static readonly DicomVR FL = new(7, "FL", DicomVRKind.Binary, false, 0, 4, 4);
    /// <summary>Floating Point Double.</summary>
    public static readonly DicomVR FD = new(8, "FD", DicomVRKind.Binary, false, 0, 8, 8);
    /// <summary>Integer String.</summary>
    public static readonly DicomVR IS = new(9, "IS", DicomVRKind.String, false, 0x20, 12, 1);
    /// <summary>Long String.</summary>
    public static readonly DicomVR LO = new(10, "LO", DicomVRKind.String, false, 0x20, 64, 1);
    /// <summary>Long Text.</summary>
    public static readonly DicomVR LT = new(11, "LT", DicomVRKind.Text, false, 0x20, 10240, 1);
    /// <summary>Other Byte.</summary>
    public static readonly DicomVR OB = new(12, "OB", DicomVRKind.Bulk, true, 0, 0, 1);
    /// <summary>Other Double.</summary>
    public static readonly DicomVR OD = new(13, "OD", DicomVRKind.Bulk, true, 0, 0, 8);
    /// <summary>Other Float.</summary>
    public static readonly DicomVR OF = new(14, "OF", DicomVRKind.Bulk, true, 0, 0, 4);
    /// <summary>Other Long.</summary>
    public static readonly DicomVR OL = new(15, "OL", DicomVRKind.Bulk, true, 0, 0, 4);
    /// <summary>Other 64-bit Very Long.</summary>
    public static readonly DicomVR OV = new(16, "OV", DicomVRKind.Bulk, true, 0, 0, 8);
    /// <summary>Other Word.</summary>
    public static readonly DicomVR OW = new(17, "OW", DicomVRKind.Bulk, true, 0, 0, 2);
    /// <summary>Person Name.</summary>
    public static readonly DicomVR PN = new(18, "PN", DicomVRKind.String, false, 0x20, 64 * 5, 1);
    /// <summary>Short String.</summary>
    public static readonly DicomVR SH = new(19, "SH", DicomVRKind.String, false, 0x20, 16, 1);
    /// <summary>Signed Long.</summary>
    public static readonly DicomVR SL = new(20, "SL", DicomVRKind.Binary, false, 0, 4, 4);
    /// <summary>Sequence of Items.</summary>
    public static readonly DicomVR SQ = new(21, "SQ", DicomVRKind.Sequence, true, 0, 0, 1);
    /// <summary>Signed Short.</summary>
    public static readonly DicomVR SS = new(22, "SS", DicomVRKind.Binary, false, 0, 2, 2);
    /// <summary>Short Text.</summary>
    public static readonly DicomVR ST = new(23, "ST", DicomVRKind.Text, false, 0x20, 1024, 1);
    /// <summary>Signed 64-bit Very Long.</summary>
    public static readonly DicomVR SV = new(24, "SV", DicomVRKind.Binary, true, 0, 8, 8);
    /// <summary>Time.</summary>
    public static readonly DicomVR TM = new(25, "TM", DicomVRKind.String, false, 0x20, 14, 1);
    /// <summary>Unlimited Characters.</summary>
    public static readonly DicomVR UC = new(26, "UC", DicomVRKind.String, true, 0x20, 0, 1);
    /// <summary>Unique Identifier.</summary>
    public static readonly DicomVR UI = new(27, "UI", DicomVRKind.String, false, 0x00, 64, 1);
    /// <summary>Unsigned Long.</summary>
    public static readonly DicomVR UL = new(28, "UL", DicomVRKind.Binary, false, 0, 4, 4);
    /// <summary>Unknown.</summary>
    public static readonly DicomVR UN = new(29, "UN", DicomVRKind.Bulk, true, 0, 0, 1);
    /// <summary>Universal Resource Identifier or Locator.</summary>
    public static readonly DicomVR UR = new(30, "UR", DicomVRKind.Text, true, 0x20, 0, 1);
    /// <summary>Unsigned Short.</summary>
    public static readonly DicomVR US = new(31, "US", DicomVRKind.Binary, false, 0, 2, 2);
    /// <summary>Unlimited Text.</summary>
    public static readonly DicomVR UT = new(32, "UT", DicomVRKind.Text, true, 0x20, 0, 1);
    /// <summary>Unsigned 64-bit Very Long.</summary>
    public static readonly DicomVR UV = new(33, "UV", DicomVRKind.Binary, true, 0, 8, 8);

    /// <summary>All VRs in alphabetical order; <see cref="Index"/> is the position here.</summary>
    public static IReadOnlyList<DicomVR> All { get; } =
    [
        AE, AS, AT, CS, DA, DS, DT, FL, FD, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV,
    ];

    /// <summary>Decodes the two VR bytes of an Explicit VR element (PS3.5 7.1.2); false for bytes that name no VR.</summary>
    public static bool TryParse(byte first, byte second, out DicomVR vr)
    {
        DicomVR? found = ((first << 8) | second) switch
        {
            0x4145 => AE, 0x4153 => AS, 0x4154 => AT, 0x4353 => CS, 0x4441 => DA, 0x4453 => DS, 0x4454 => DT,
            0x464C => FL, 0x4644 => FD, 0x4953 => IS, 0x4C4F => LO, 0x4C54 => LT, 0x4F42 => OB, 0x4F44 => OD,
            0x4F46 => OF, 0x4F4C => OL, 0x4F56 => OV, 0x4F57 => OW, 0x504E => PN, 0x5348 => SH, 0x534C => SL,
            0x5351 => SQ, 0x5353 => SS, 0x5354 => ST, 0x5356 => SV, 0x544D => TM, 0x5543 => UC, 0x5549 => UI,
            0x554C => UL, 0x554E => UN, 0x5552 => UR, 0x5553 => US, 0x5554 => UT, 0x5556 => UV,
            _ => null,
        };
        vr = found!;
        return found is not null;
    }

    /// <summary>Parses a two-letter code such as "PN".</summary>
    public static DicomVR Parse(string code)
    {
        if (code is { Length: 2 } && TryParse((byte)code[0], (byte)code[1], out var vr))
        {
            return vr;
        }

        throw new FormatException($"'{code}' is not a DICOM VR (PS3.5 Table 6.2-1).");
    }

    /// <inheritdoc />
    public override string ToString() => Code;
}
