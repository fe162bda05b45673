namespace DicomSegNode.Dicom.Data;

/// <summary>How the values of a VR are encoded (PS3.5 6.2).</summary>
public enum DicomVRKind
{
    /// <summary>Character strings, multi-valued with backslash (AE, AS, CS, DA, DS, DT, IS, LO, PN, SH, TM, UC, UI).</summary>
    String,

    /// <summary>Single-valued text where backslash is an ordinary character (LT, ST, UT, UR).</summary>
    Text,

    /// <summary>Fixed-size binary numbers (AT, FL, FD, SL, SS, SV, UL, US, UV).</summary>
    Binary,

    /// <summary>Byte or word streams (OB, OD, OF, OL, OV, OW, UN).</summary>
    Bulk,

    /// <summary>A sequence of items (SQ).</summary>
    Sequence,
}
