namespace DicomSegNode.Dicom.Network;

/// <summary>The UIDs the network layer needs itself (PS3.6 Annex A): Verification, the transfer syntaxes it negotiates,
/// and this implementation's class UID (PS3.7 D.3.3.2).</summary>
public static class NetworkUids
{
    /// <summary>Verification SOP Class (PS3.4 A.4).</summary>
    public const string Verification = "1.2.840.10008.1.1";

    /// <summary>Implicit VR Little Endian, the default transfer syntax (PS3.5 10.1).</summary>
    public const string ImplicitVrLittleEndian = "1.2.840.10008.1.2";

    /// <summary>Explicit VR Little Endian (PS3.5 A.2).</summary>
    public const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";

    /// <summary>Deflated Explicit VR Little Endian (PS3.5 A.5).</summary>
    public const string DeflatedExplicitVrLittleEndian = "1.2.840.10008.1.2.1.99";

    /// <summary>Explicit VR Big Endian (retired, PS3.5 A.3).</summary>
    public const string ExplicitVrBigEndian = "1.2.840.10008.1.2.2";

    /// <summary>RLE Lossless (PS3.5 A.4.2).</summary>
    public const string RleLossless = "1.2.840.10008.1.2.5";

    /// <summary>JPEG Lossless, Non-Hierarchical (Process 14) (PS3.5 A.4.1).</summary>
    public const string JpegLosslessProcess14 = "1.2.840.10008.1.2.4.57";

    /// <summary>JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1).</summary>
    public const string JpegLosslessSv1 = "1.2.840.10008.1.2.4.70";

    /// <summary>This implementation's class UID (a UUID-derived UID, PS3.5 B.2).</summary>
    public const string ImplementationClassUid = "2.25.240508385938453417829218843167431364117";

    /// <summary>This implementation's version name (PS3.7 D.3.3.2.2, at most 16 characters).</summary>
    public const string ImplementationVersionName = "DICOMSEGNODE_01";

    /// <summary>The transfer syntaxes part 1 of the toolkit decodes, in the order an acceptor prefers them.</summary>
    public static IReadOnlyList<string> DefaultTransferSyntaxes { get; } =
    [
        ExplicitVrLittleEndian,
        ImplicitVrLittleEndian,
        DeflatedExplicitVrLittleEndian,
        ExplicitVrBigEndian,
        RleLossless,
        JpegLosslessSv1,
        JpegLosslessProcess14,
    ];

    /// <summary>True for the uncompressed ("native") transfer syntaxes an SCU can transcode between.</summary>
    public static bool IsNative(string transferSyntax) =>
        transferSyntax is ImplicitVrLittleEndian or ExplicitVrLittleEndian or ExplicitVrBigEndian;

    /// <summary>True for a Storage SOP Class UID of PS3.6 (the toolkit's UID registry).</summary>
    public static bool IsStorageSopClass(string sopClassUid) => Dictionary.DicomUids.IsStorageSopClass(sopClassUid);
}
