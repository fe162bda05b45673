using System.IO.Compression;
using DicomSegNode.Dicom.Data;

namespace DicomSegNode.Dicom.IO;

/// <summary>
/// Reads a bare data set (no preamble, no file meta), e.g. a DIMSE command set or a C-STORE data set received over
/// the network (PS3.7 6.3.1, PS3.8 9.3.5), in a given transfer syntax.
/// </summary>
public static class DicomDatasetReader
{
    /// <summary>
    /// Parses a whole data set. Values are slices of <paramref name="data"/> (no copy): the caller must not change
    /// that buffer afterwards. Malformed input raises <see cref="DicomFormatException"/>.
    /// </summary>
    public static DicomDataset Read(ReadOnlyMemory<byte> data, DicomTransferSyntax syntax, DicomReadOptions? options = null)
    {
        options ??= DicomReadOptions.Default;
        if (syntax.IsDeflated)
        {
            data = Inflate(data, options);
        }

        var parser = new DatasetParser(data, syntax.IsBigEndian, options);
        return parser.ParseTopLevel(0, syntax.IsExplicitVR, out _);
    }

    /// <summary>Reads a whole stream, then parses it as <see cref="Read(ReadOnlyMemory{byte}, DicomTransferSyntax, DicomReadOptions?)"/>.</summary>
    public static DicomDataset Read(Stream stream, DicomTransferSyntax syntax, DicomReadOptions? options = null)
    {
        options ??= DicomReadOptions.Default;
        return Read(DicomFile.ReadAll(stream, options.MaxFileLength), syntax, options);
    }

    /// <summary>Inflates raw deflate data (RFC 1951, PS3.5 A.5) up to the configured bound.</summary>
    internal static byte[] Inflate(ReadOnlyMemory<byte> data, DicomReadOptions options)
    {
        try
        {
            using var input = new MemoryStream(data.ToArray(), writable: false);
            using var inflater = new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + n > options.MaxInflatedLength)
                {
                    throw new DicomFormatException($"Deflated data set inflates past the limit of {options.MaxInflatedLength} bytes.");
                }

                output.Write(buffer, 0, n);
            }

            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DicomFormatException("Deflated data set is not a valid deflate stream (PS3.5 A.5).", e);
        }
    }
}
