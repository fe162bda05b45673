using System.Buffers.Binary;
using System.Text;

namespace DicomSegNode.Dicom.Network.Services;

/// <summary>What an SCU needs from a Part 10 file before sending it (PS3.10 7.1): the SOP class and instance and the
/// transfer syntax from the file meta group, and where the data set starts, so the data set bytes can be streamed to
/// the peer unparsed.</summary>
public sealed record Part10Header(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, long DataSetOffset)
{
    private const int MaxMetaLength = 64 * 1024;

    /// <summary>Reads the header of the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Not a Part 10 file, or its meta group is malformed or incomplete.</exception>
    public static Part10Header Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        return Read(stream);
    }

    /// <summary>Reads the header from <paramref name="stream"/>, positioned at the start of the file.</summary>
    public static Part10Header Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = new byte[132 + MaxMetaLength];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read < 132 || !head.AsSpan(128, 4).SequenceEqual("DICM"u8))
        {
            throw new InvalidDataException("Not a DICOM Part 10 file (no DICM prefix after the 128-byte preamble).");
        }

        string? sopClass = null, sopInstance = null, transferSyntax = null;
        var offset = 132;
        while (true)
        {
            if (read - offset < 8)
            {
                if (read - offset == 0 && read < head.Length)
                {
                    break; // a file of meta only: the data set is empty
                }

                throw new InvalidDataException("File meta information truncated or longer than 64 KiB.");
            }

            var span = head.AsSpan(offset, read - offset);
            var group = BinaryPrimitives.ReadUInt16LittleEndian(span);
            if (group != 0x0002)
            {
                break;
            }

            var element = BinaryPrimitives.ReadUInt16LittleEndian(span[2..]);
            var vr = Encoding.ASCII.GetString(span.Slice(4, 2));
            int headerLength;
            long length;
            if (vr is "OB" or "OW" or "OF" or "SQ" or "UT" or "UN" or "UC" or "UR" or "OD" or "OL" or "OV" or "SV" or "UV")
            {
                if (span.Length < 12)
                {
                    throw new InvalidDataException("File meta information truncated.");
                }

                headerLength = 12;
                length = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
            }
            else
            {
                headerLength = 8;
                length = BinaryPrimitives.ReadUInt16LittleEndian(span[6..]);
            }

            if (length > span.Length - headerLength)
            {
                throw new InvalidDataException($"File meta element (0002,{element:X4}) runs past the end of the meta group.");
            }

            var value = Encoding.ASCII.GetString(span.Slice(headerLength, (int)length)).TrimEnd('\0', ' ');
            switch (element)
            {
                case 0x0002: sopClass = value; break;
                case 0x0003: sopInstance = value; break;
                case 0x0010: transferSyntax = value; break;
            }

            offset += headerLength + (int)length;
        }

        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance) || string.IsNullOrEmpty(transferSyntax))
        {
            throw new InvalidDataException("File meta information lacks Media Storage SOP Class/Instance UID or Transfer Syntax UID.");
        }

        return new Part10Header(sopClass, sopInstance, transferSyntax, offset);
    }
}
