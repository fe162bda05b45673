using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace DicomSegNode.Dicom.Network.Dimse;

/// <summary>A DIMSE command set: the group 0000 elements of PS3.7 E.1, encoded in Implicit VR Little Endian with
/// Command Group Length (0000,0000) first (PS3.7 6.3.1). Elements are kept sorted by element number as raw values.</summary>
public sealed class DimseCommand
{
    /// <summary>(0000,0002) Affected SOP Class UID.</summary>
    public const ushort AffectedSopClassUidTag = 0x0002;

    /// <summary>(0000,0100) Command Field.</summary>
    public const ushort CommandFieldTag = 0x0100;

    /// <summary>(0000,0110) Message ID.</summary>
    public const ushort MessageIdTag = 0x0110;

    /// <summary>(0000,0120) Message ID Being Responded To.</summary>
    public const ushort MessageIdBeingRespondedToTag = 0x0120;

    /// <summary>(0000,0700) Priority.</summary>
    public const ushort PriorityTag = 0x0700;

    /// <summary>(0000,0800) Command Data Set Type.</summary>
    public const ushort CommandDataSetTypeTag = 0x0800;

    /// <summary>(0000,0900) Status.</summary>
    public const ushort StatusTag = 0x0900;

    /// <summary>(0000,0902) Error Comment.</summary>
    public const ushort ErrorCommentTag = 0x0902;

    /// <summary>(0000,1000) Affected SOP Instance UID.</summary>
    public const ushort AffectedSopInstanceUidTag = 0x1000;

    /// <summary>(0000,1030) Move Originator Application Entity Title.</summary>
    public const ushort MoveOriginatorAeTag = 0x1030;

    /// <summary>(0000,1031) Move Originator Message ID.</summary>
    public const ushort MoveOriginatorMessageIdTag = 0x1031;

    /// <summary>Command Data Set Type value meaning "no data set" (PS3.7 E.1).</summary>
    public const ushort NoDataSet = 0x0101;

    /// <summary>Largest command set we decode: command sets are a few hundred bytes; this bounds a hostile one.</summary>
    public const int MaxEncodedLength = 64 * 1024;

    private readonly SortedDictionary<ushort, byte[]> _elements = [];

    /// <summary>Command Field (0000,0100).</summary>
    public DimseCommandField CommandField
    {
        get => (DimseCommandField)(GetUInt16(CommandFieldTag) ?? throw new DimseProtocolException("Command set without Command Field (0000,0100)."));
        set => SetUInt16(CommandFieldTag, (ushort)value);
    }

    /// <summary>Message ID (0000,0110).</summary>
    public ushort? MessageId { get => GetUInt16(MessageIdTag); set => SetUInt16(MessageIdTag, value); }

    /// <summary>Message ID Being Responded To (0000,0120).</summary>
    public ushort? MessageIdBeingRespondedTo { get => GetUInt16(MessageIdBeingRespondedToTag); set => SetUInt16(MessageIdBeingRespondedToTag, value); }

    /// <summary>Affected SOP Class UID (0000,0002).</summary>
    public string? AffectedSopClassUid { get => GetString(AffectedSopClassUidTag); set => SetString(AffectedSopClassUidTag, value, 0); }

    /// <summary>Affected SOP Instance UID (0000,1000).</summary>
    public string? AffectedSopInstanceUid { get => GetString(AffectedSopInstanceUidTag); set => SetString(AffectedSopInstanceUidTag, value, 0); }

    /// <summary>Priority (0000,0700): 0 medium, 1 high, 2 low.</summary>
    public ushort? Priority { get => GetUInt16(PriorityTag); set => SetUInt16(PriorityTag, value); }

    /// <summary>True when Command Data Set Type (0000,0800) says a data set follows.</summary>
    public bool HasDataSet
    {
        get => (GetUInt16(CommandDataSetTypeTag) ?? NoDataSet) != NoDataSet;
        set => SetUInt16(CommandDataSetTypeTag, value ? (ushort)0x0000 : NoDataSet);
    }

    /// <summary>Status (0000,0900) of a response.</summary>
    public DimseStatus? Status
    {
        get => GetUInt16(StatusTag) is { } code ? new DimseStatus(code) : null;
        set => SetUInt16(StatusTag, value?.Code);
    }

    /// <summary>Error Comment (0000,0902), at most 64 characters.</summary>
    public string? ErrorComment
    {
        get => GetString(ErrorCommentTag);
        set => SetString(ErrorCommentTag, value is { Length: > 64 } ? value[..64] : value, (byte)' ');
    }

    /// <summary>Move Originator Application Entity Title (0000,1030).</summary>
    public string? MoveOriginatorAeTitle { get => GetString(MoveOriginatorAeTag); set => SetString(MoveOriginatorAeTag, value, (byte)' '); }

    /// <summary>Move Originator Message ID (0000,1031).</summary>
    public ushort? MoveOriginatorMessageId { get => GetUInt16(MoveOriginatorMessageIdTag); set => SetUInt16(MoveOriginatorMessageIdTag, value); }

    /// <summary>The element numbers present, in order.</summary>
    public IEnumerable<ushort> Elements => _elements.Keys;

    /// <summary>C-ECHO-RQ (PS3.7 9.3.5.1).</summary>
    public static DimseCommand CreateEchoRequest(ushort messageId) => new()
    {
        CommandField = DimseCommandField.CEchoRequest,
        AffectedSopClassUid = "1.2.840.10008.1.1",
        MessageId = messageId,
        HasDataSet = false,
    };

    /// <summary>C-STORE-RQ (PS3.7 9.3.1.1).</summary>
    public static DimseCommand CreateStoreRequest(ushort messageId, string sopClassUid, string sopInstanceUid) => new()
    {
        CommandField = DimseCommandField.CStoreRequest,
        AffectedSopClassUid = sopClassUid,
        MessageId = messageId,
        Priority = 0,
        HasDataSet = true,
        AffectedSopInstanceUid = sopInstanceUid,
    };

    /// <summary>C-CANCEL-RQ (PS3.7 9.3.2.3) for the operation with <paramref name="messageIdBeingRespondedTo"/>.</summary>
    public static DimseCommand CreateCancelRequest(ushort messageIdBeingRespondedTo) => new()
    {
        CommandField = DimseCommandField.CCancelRequest,
        MessageIdBeingRespondedTo = messageIdBeingRespondedTo,
        HasDataSet = false,
    };

    /// <summary>The response to <paramref name="request"/> (C-ECHO-RSP, C-STORE-RSP; PS3.7 9.3.5.2, 9.3.1.2).</summary>
    public static DimseCommand CreateResponse(DimseCommand request, DimseStatus status, string? errorComment = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new DimseCommand
        {
            CommandField = (DimseCommandField)((ushort)request.CommandField | 0x8000),
            AffectedSopClassUid = request.AffectedSopClassUid,
            MessageIdBeingRespondedTo = request.MessageId,
            HasDataSet = false,
            Status = status,
        };
        if (request.AffectedSopInstanceUid is { } instance)
        {
            response.AffectedSopInstanceUid = instance;
        }

        if (errorComment is not null && !status.IsSuccess)
        {
            response.ErrorComment = errorComment;
        }

        return response;
    }

    /// <summary>Encodes the command set in Implicit VR Little Endian with its group length (PS3.7 6.3.1).</summary>
    public byte[] Encode()
    {
        var length = 0;
        foreach (var (element, value) in _elements)
        {
            if (element != 0)
            {
                length += 8 + value.Length;
            }
        }

        var bytes = new byte[12 + length];
        var span = bytes.AsSpan();
        WriteElementHeader(span, 0x0000, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)length);
        var offset = 12;
        foreach (var (element, value) in _elements)
        {
            if (element == 0)
            {
                continue;
            }

            WriteElementHeader(span[offset..], element, value.Length);
            value.CopyTo(span[(offset + 8)..]);
            offset += 8 + value.Length;
        }

        return bytes;
    }

    /// <summary>Decodes a command set. Every element must be in group 0000 with a length that fits.</summary>
    /// <exception cref="DimseProtocolException">Malformed command set.</exception>
    public static DimseCommand Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedLength)
        {
            throw new DimseProtocolException($"Command set of {bytes.Length} bytes exceeds {MaxEncodedLength}.");
        }

        var command = new DimseCommand();
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (bytes.Length - offset < 8)
            {
                throw new DimseProtocolException("Truncated element header in command set.");
            }

            var group = BinaryPrimitives.ReadUInt16LittleEndian(bytes[offset..]);
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(offset + 2)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(offset + 4)..]);
            if (group != 0)
            {
                throw new DimseProtocolException(string.Create(CultureInfo.InvariantCulture, $"Element ({group:X4},{element:X4}) in a command set (only group 0000 is allowed)."));
            }

            if (length > (uint)(bytes.Length - offset - 8))
            {
                throw new DimseProtocolException(string.Create(CultureInfo.InvariantCulture, $"Element (0000,{element:X4}) of length {length} runs past the end of the command set."));
            }

            command._elements[element] = bytes.Slice(offset + 8, (int)length).ToArray();
            offset += 8 + (int)length;
        }

        if (command.GetUInt16(CommandFieldTag) is null)
        {
            throw new DimseProtocolException("Command set without Command Field (0000,0100).");
        }

        return command;
    }

    /// <summary>Reads an element as US.</summary>
    public ushort? GetUInt16(ushort element)
    {
        if (!_elements.TryGetValue(element, out var value))
        {
            return null;
        }

        return value.Length == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(value) : throw new DimseProtocolException(string.Create(CultureInfo.InvariantCulture, $"(0000,{element:X4}) is {value.Length} bytes, expected 2 (US)."));
    }

    /// <summary>Reads an element as a string with its padding (NUL or space) removed.</summary>
    public string? GetString(ushort element) => _elements.TryGetValue(element, out var value) ? Encoding.ASCII.GetString(value).TrimEnd('\0', ' ') : null;

    /// <summary>Sets (or with null removes) a US element.</summary>
    public void SetUInt16(ushort element, ushort? value)
    {
        if (value is null)
        {
            _elements.Remove(element);
            return;
        }

        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value.Value);
        _elements[element] = bytes;
    }

    /// <summary>Sets (or with null removes) a string element, padded to even length with <paramref name="padding"/>.</summary>
    public void SetString(ushort element, string? value, byte padding)
    {
        if (value is null)
        {
            _elements.Remove(element);
            return;
        }

        var length = Encoding.ASCII.GetByteCount(value);
        var bytes = new byte[length + (length & 1)];
        Encoding.ASCII.GetBytes(value, bytes);
        if ((length & 1) != 0)
        {
            bytes[^1] = padding;
        }

        _elements[element] = bytes;
    }

    private static void WriteElementHeader(Span<byte> span, ushort element, int length)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)length);
    }
}
