using System.IO.Compression;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.Imaging;

namespace DicomSegNode.Seg2DicomSeg.Pixels;

/// <summary>
/// Decodes one encapsulated SEG frame to its native bytes: for BINARY the frame's bits packed from bit 0 of its
/// first byte (each compressed frame is packed on its own, PS3.5 8.2), for FRACTIONAL one byte per pixel.
/// RLE Lossless (PS3.5 Annex G: one byte segment, the packed bytes as a single row) goes through the data model's
/// RLE codec, which handles byte planes but not the 1-bit case; Deflated Image Frame Compression (PS3.5 8.2.16,
/// 1.2.840.10008.1.2.8.1) is a raw deflate stream per frame.
/// </summary>
internal static class EncapsulatedFrameDecoder
{
    /// <summary>Deflated Image Frame Compression (PS3.5 A.4.11); not in the data model's UID table yet.</summary>
    public const string DeflatedImageFrameCompression = "1.2.840.10008.1.2.8.1";

    public static bool CanDecode(string transferSyntaxUid) =>
        transferSyntaxUid == DicomUids.RLELossless || transferSyntaxUid == DeflatedImageFrameCompression;

    /// <summary>Decodes <paramref name="encoded"/> into exactly <paramref name="destination"/>.Length bytes.</summary>
    public static void Decode(string transferSyntaxUid, ReadOnlySpan<byte> encoded, Span<byte> destination)
    {
        if (transferSyntaxUid == DicomUids.RLELossless)
        {
            RleCodec.Decode(encoded, destination, rows: 1, columns: destination.Length, samplesPerPixel: 1, bitsAllocated: 8);
            return;
        }

        if (transferSyntaxUid == DeflatedImageFrameCompression)
        {
            unsafe
            {
                fixed (byte* p = encoded)
                {
                    using var compressed = new UnmanagedMemoryStream(p, encoded.Length);
                    using var inflater = new DeflateStream(compressed, CompressionMode.Decompress);
                    int read = inflater.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
                    if (read < destination.Length)
                    {
                        throw new DicomDecodeException($"Deflated frame holds {read} bytes; {destination.Length} are needed.");
                    }
                }
            }

            return;
        }

        throw new DicomDecodeException($"No SEG frame decoder for transfer syntax {transferSyntaxUid}.");
    }
}
