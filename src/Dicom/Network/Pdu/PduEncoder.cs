using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>Writes PDUs in the wire format of PS3.8 9.3 (big-endian lengths, items and sub-items as Tables 9-11 to
/// 9-26 and PS3.7 Annex D.3.3). One of the two places where the wire format lives; <see cref="PduDecoder"/> is the other.</summary>
public static class PduEncoder
{
    /// <summary>Size of the PDU header: type, reserved, 32-bit length (PS3.8 9.3.1).</summary>
    public const int PduHeaderLength = 6;

    /// <summary>Size of a PDV item header inside a P-DATA-TF: 32-bit item length, context id, control header (PS3.8 9.3.5.1).</summary>
    public const int PdvHeaderLength = 6;

    /// <summary>Writes <paramref name="pdu"/> to <paramref name="output"/>.</summary>
    public static void Encode(ProtocolDataUnit pdu, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        ArgumentNullException.ThrowIfNull(output);
        switch (pdu)
        {
            case AAssociateRequest rq:
                WriteWithBody(output, PduType.AssociateRequest, body => WriteAssociateRequestBody(rq, body));
                break;
            case AAssociateAccept ac:
                WriteWithBody(output, PduType.AssociateAccept, body => WriteAssociateAcceptBody(ac, body));
                break;
            case AAssociateReject rj:
                WriteFixed(output, PduType.AssociateReject, 0, (byte)rj.Result, (byte)rj.Source, rj.Reason);
                break;
            case PDataTransfer data:
                WritePData(data, output);
                break;
            case AReleaseRequest:
                WriteFixed(output, PduType.ReleaseRequest, 0, 0, 0, 0);
                break;
            case AReleaseResponse:
                WriteFixed(output, PduType.ReleaseResponse, 0, 0, 0, 0);
                break;
            case AAbort abort:
                WriteFixed(output, PduType.Abort, 0, 0, (byte)abort.Source, (byte)abort.Reason);
                break;
            default:
                throw new ArgumentException($"Unknown PDU {pdu.GetType().Name}.", nameof(pdu));
        }
    }

    /// <summary>Encodes <paramref name="pdu"/> into a new array (tests, small PDUs).</summary>
    public static byte[] ToArray(ProtocolDataUnit pdu)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Encode(pdu, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the headers of a P-DATA-TF that carries one PDV of <paramref name="dataLength"/> bytes; the caller
    /// writes the data right after. Lets a sender stream a file into PDUs without an intermediate copy.</summary>
    public static void WriteSinglePdvHeader(Span<byte> destination, byte presentationContextId, bool isCommand, bool isLast, int dataLength)
    {
        destination[0] = (byte)PduType.DataTransfer;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)(dataLength + PdvHeaderLength));
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], (uint)(dataLength + 2));
        destination[10] = presentationContextId;
        destination[11] = (byte)((isCommand ? 1 : 0) | (isLast ? 2 : 0));
    }

    private static void WritePData(PDataTransfer data, IBufferWriter<byte> output)
    {
        long length = 0;
        foreach (var pdv in data.Values)
        {
            length += PdvHeaderLength + pdv.Data.Length;
        }

        if (length > uint.MaxValue)
        {
            throw new ArgumentException("P-DATA-TF longer than 4 GiB.", nameof(data));
        }

        WriteHeader(output, PduType.DataTransfer, (uint)length);
        foreach (var pdv in data.Values)
        {
            var header = output.GetSpan(PdvHeaderLength);
            BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(pdv.Data.Length + 2));
            header[4] = pdv.PresentationContextId;
            header[5] = pdv.MessageControlHeader;
            output.Advance(PdvHeaderLength);
            output.Write(pdv.Data.Span);
        }
    }

    private static void WriteFixed(IBufferWriter<byte> output, PduType type, byte b0, byte b1, byte b2, byte b3)
    {
        WriteHeader(output, type, 4);
        var span = output.GetSpan(4);
        span[0] = b0;
        span[1] = b1;
        span[2] = b2;
        span[3] = b3;
        output.Advance(4);
    }

    private static void WriteHeader(IBufferWriter<byte> output, PduType type, uint length)
    {
        var span = output.GetSpan(PduHeaderLength);
        span[0] = (byte)type;
        span[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[2..], length);
        output.Advance(PduHeaderLength);
    }

    private static void WriteWithBody(IBufferWriter<byte> output, PduType type, Action<ArrayBufferWriter<byte>> writeBody)
    {
        var body = new ArrayBufferWriter<byte>(512);
        writeBody(body);
        WriteHeader(output, type, (uint)body.WrittenCount);
        output.Write(body.WrittenSpan);
    }

    private static void WriteAssociateRequestBody(AAssociateRequest rq, ArrayBufferWriter<byte> body)
    {
        WriteFixedFields(body, rq.ProtocolVersion, rq.CalledAeTitle, rq.CallingAeTitle);
        WriteItem(body, 0x10, Ascii(rq.ApplicationContextName));
        foreach (var pc in rq.PresentationContexts)
        {
            var item = new ArrayBufferWriter<byte>(128);
            item.Write<byte>([pc.Id, 0, 0, 0]);
            WriteItem(item, 0x30, Ascii(pc.AbstractSyntax));
            foreach (var ts in pc.TransferSyntaxes)
            {
                WriteItem(item, 0x40, Ascii(ts));
            }

            WriteItem(body, 0x20, item.WrittenSpan);
        }

        WriteUserInformation(body, rq.UserInformation);
    }

    private static void WriteAssociateAcceptBody(AAssociateAccept ac, ArrayBufferWriter<byte> body)
    {
        WriteFixedFields(body, ac.ProtocolVersion, ac.CalledAeTitle, ac.CallingAeTitle);
        WriteItem(body, 0x10, Ascii(ac.ApplicationContextName));
        foreach (var pc in ac.PresentationContexts)
        {
            var item = new ArrayBufferWriter<byte>(64);
            item.Write<byte>([pc.Id, 0, (byte)pc.Result, 0]);
            WriteItem(item, 0x40, Ascii(pc.TransferSyntax));
            WriteItem(body, 0x21, item.WrittenSpan);
        }

        WriteUserInformation(body, ac.UserInformation);
    }

    private static void WriteFixedFields(ArrayBufferWriter<byte> body, ushort version, string called, string calling)
    {
        var span = body.GetSpan(68);
        span[..68].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(span, version);
        WriteAeTitle(span.Slice(4, 16), called);
        WriteAeTitle(span.Slice(20, 16), calling);
        body.Advance(68);
    }

    private static void WriteAeTitle(Span<byte> destination, string title)
    {
        if (title.Length is 0 or > 16 || !IsAscii(title))
        {
            throw new ArgumentException($"AE title '{title}' must be 1-16 ASCII characters (PS3.5 6.2, VR AE).", nameof(title));
        }

        destination.Fill((byte)' ');
        Encoding.ASCII.GetBytes(title, destination);
    }

    private static void WriteUserInformation(ArrayBufferWriter<byte> body, UserInformation info)
    {
        var item = new ArrayBufferWriter<byte>(128);
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(four, info.MaxPduLength);
        WriteItem(item, 0x51, four);
        WriteItem(item, 0x52, Ascii(info.ImplementationClassUid));
        if (info.AsyncOperations is { } window)
        {
            BinaryPrimitives.WriteUInt16BigEndian(four, window.MaxOperationsInvoked);
            BinaryPrimitives.WriteUInt16BigEndian(four[2..], window.MaxOperationsPerformed);
            WriteItem(item, 0x53, four);
        }

        foreach (var role in info.RoleSelections)
        {
            var uid = Ascii(role.SopClassUid);
            var value = new byte[2 + uid.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)uid.Length);
            uid.CopyTo(value, 2);
            value[^2] = role.ScuRole ? (byte)1 : (byte)0;
            value[^1] = role.ScpRole ? (byte)1 : (byte)0;
            WriteItem(item, 0x54, value);
        }

        if (info.ImplementationVersionName is { } version)
        {
            WriteItem(item, 0x55, Ascii(version));
        }

        foreach (var raw in info.OtherItems)
        {
            WriteItem(item, raw.ItemType, raw.Value.Span);
        }

        if (info.UserIdentity is { } identity)
        {
            var value = new byte[2 + 2 + identity.PrimaryField.Length + 2 + identity.SecondaryField.Length];
            value[0] = (byte)identity.IdentityType;
            value[1] = identity.PositiveResponseRequested ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2), checked((ushort)identity.PrimaryField.Length));
            identity.PrimaryField.Span.CopyTo(value.AsSpan(4));
            var at = 4 + identity.PrimaryField.Length;
            BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(at), checked((ushort)identity.SecondaryField.Length));
            identity.SecondaryField.Span.CopyTo(value.AsSpan(at + 2));
            WriteItem(item, 0x58, value);
        }

        if (info.UserIdentityServerResponse is { } response)
        {
            var value = new byte[2 + response.Length];
            BinaryPrimitives.WriteUInt16BigEndian(value, checked((ushort)response.Length));
            response.Span.CopyTo(value.AsSpan(2));
            WriteItem(item, 0x59, value);
        }

        WriteItem(body, 0x50, item.WrittenSpan);
    }

    private static void WriteItem(ArrayBufferWriter<byte> output, byte type, ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"Item {type:X2}H longer than 65535 bytes.", nameof(value));
        }

        var span = output.GetSpan(4 + value.Length);
        span[0] = type;
        span[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)value.Length);
        value.CopyTo(span[4..]);
        output.Advance(4 + value.Length);
    }

    private static byte[] Ascii(string value)
    {
        if (!IsAscii(value))
        {
            throw new ArgumentException($"'{value}' is not printable ASCII.", nameof(value));
        }

        return Encoding.ASCII.GetBytes(value);
    }

    private static bool IsAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
