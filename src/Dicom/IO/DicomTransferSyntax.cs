using DicomSegNode.Dicom.Dictionary;

namespace DicomSegNode.Dicom.IO;

/// <summary>
/// A transfer syntax (PS3.5 10): how a data set is encoded (VR explicit or implicit, byte order, deflate) and
/// whether its pixel data is encapsulated (compressed). Known syntaxes are singletons.
/// </summary>
public sealed class DicomTransferSyntax
{
    private static readonly Dictionary<string, DicomTransferSyntax> s_known = new(StringComparer.Ordinal);

    private DicomTransferSyntax(string uid, bool explicitVR, bool bigEndian, bool deflated, bool encapsulated, bool lossy)
    {
        Uid = uid;
        IsExplicitVR = explicitVR;
        IsBigEndian = bigEndian;
        IsDeflated = deflated;
        IsEncapsulated = encapsulated;
        IsLossy = lossy;
        Name = DicomUids.GetName(uid) ?? uid;
    }

    /// <summary>Implicit VR Little Endian, the default (PS3.5 10.1).</summary>
    public static DicomTransferSyntax ImplicitVRLittleEndian { get; } = Register(DicomUids.ImplicitVRLittleEndian, false, false, false, false);

    /// <summary>Explicit VR Little Endian (PS3.5 A.2).</summary>
    public static DicomTransferSyntax ExplicitVRLittleEndian { get; } = Register(DicomUids.ExplicitVRLittleEndian, true, false, false, false);

    /// <summary>Explicit VR Big Endian, retired (PS3.5 A.3); read only.</summary>
    public static DicomTransferSyntax ExplicitVRBigEndian { get; } = Register(DicomUids.ExplicitVRBigEndian, true, true, false, false);

    /// <summary>Deflated Explicit VR Little Endian (PS3.5 A.5).</summary>
    public static DicomTransferSyntax DeflatedExplicitVRLittleEndian { get; } = Register(DicomUids.DeflatedExplicitVRLittleEndian, true, false, true, false);

    /// <summary>RLE Lossless (PS3.5 A.4.2, Annex G).</summary>
    public static DicomTransferSyntax RLELossless { get; } = Register(DicomUids.RLELossless, true, false, false, true);

    /// <summary>JPEG Lossless, Non-Hierarchical (Process 14) (PS3.5 A.4.1).</summary>
    public static DicomTransferSyntax JPEGLossless { get; } = Register(DicomUids.JPEGLossless, true, false, false, true);

    /// <summary>JPEG Lossless, Process 14, Selection Value 1 (PS3.5 A.4.1): what most PACS store CT in.</summary>
    public static DicomTransferSyntax JPEGLosslessSV1 { get; } = Register(DicomUids.JPEGLosslessSV1, true, false, false, true);

    /// <summary>JPEG Baseline (Process 1), lossy.</summary>
    public static DicomTransferSyntax JPEGBaseline8Bit { get; } = Register(DicomUids.JPEGBaseline8Bit, true, false, false, true, lossy: true);

    /// <summary>JPEG Extended (Process 2 and 4), lossy.</summary>
    public static DicomTransferSyntax JPEGExtended12Bit { get; } = Register(DicomUids.JPEGExtended12Bit, true, false, false, true, lossy: true);

    /// <summary>JPEG-LS Lossless.</summary>
    public static DicomTransferSyntax JPEGLSLossless { get; } = Register(DicomUids.JPEGLSLossless, true, false, false, true);

    /// <summary>JPEG-LS Lossy (Near-Lossless).</summary>
    public static DicomTransferSyntax JPEGLSNearLossless { get; } = Register(DicomUids.JPEGLSNearLossless, true, false, false, true, lossy: true);

    /// <summary>JPEG 2000 (Lossless Only).</summary>
    public static DicomTransferSyntax JPEG2000Lossless { get; } = Register(DicomUids.JPEG2000Lossless, true, false, false, true);

    /// <summary>JPEG 2000.</summary>
    public static DicomTransferSyntax JPEG2000 { get; } = Register(DicomUids.JPEG2000, true, false, false, true, lossy: true);

    /// <summary>The UID.</summary>
    public string Uid { get; }

    /// <summary>The registered name.</summary>
    public string Name { get; }

    /// <summary>True when each element carries its VR (PS3.5 7.1.2).</summary>
    public bool IsExplicitVR { get; }

    /// <summary>True for big endian byte order.</summary>
    public bool IsBigEndian { get; }

    /// <summary>True when the data set after the file meta is deflated (RFC 1951).</summary>
    public bool IsDeflated { get; }

    /// <summary>True when pixel data is encapsulated in fragments (PS3.5 A.4).</summary>
    public bool IsEncapsulated { get; }

    /// <summary>True for lossy compression.</summary>
    public bool IsLossy { get; }

    /// <summary>
    /// The syntax for a UID. Unknown UIDs (private or newer compressed syntaxes) are taken as Explicit VR Little
    /// Endian with encapsulated pixel data, which PS3.5 10 requires of every syntax other than the native ones.
    /// </summary>
    public static DicomTransferSyntax FromUid(string uid)
    {
        uid = uid.TrimEnd('\0', ' ');
        lock (s_known)
        {
            if (s_known.TryGetValue(uid, out var ts))
            {
                return ts;
            }

            ts = new DicomTransferSyntax(uid, true, false, false, true, false);
            s_known[uid] = ts;
            return ts;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Uid})";

    private static DicomTransferSyntax Register(string uid, bool explicitVR, bool bigEndian, bool deflated, bool encapsulated, bool lossy = false)
    {
        var ts = new DicomTransferSyntax(uid, explicitVR, bigEndian, deflated, encapsulated, lossy);
        lock (s_known)
        {
            s_known[uid] = ts;
        }

        return ts;
    }
}
