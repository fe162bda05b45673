using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>Reads PDUs in the wire format of PS3.8 9.3. Every length is checked against what is left before anything
/// is allocated; anything malformed throws <see cref="PduDecodeException"/> with the A-ABORT reason to send.</summary>
public static class PduDecoder
{
    /// <summary>Reads the 6-byte PDU header when it is complete in <paramref name="buffer"/>. An unknown type is
    /// reported at once (PS3.8 9.3.1: "unrecognized PDU"), before its length is believed.</summary>
    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out PduType type, out uint length)
    {
        type = default;
        length = 0;
        if (buffer.Length < PduEncoder.PduHeaderLength)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[PduEncoder.PduHeaderLength];
        buffer.Slice(0, PduEncoder.PduHeaderLength).CopyTo(header);
        if (header[0] is 0 or > 7)
        {
            throw new PduDecodeException(AbortReason.UnrecognizedPdu, $"Unrecognized PDU type {header[0]:X2}H.");
        }

        type = (PduType)header[0];
        length = BinaryPrimitives.ReadUInt32BigEndian(header[2..]);
        return true;
    }

    /// <summary>Decodes the body (the bytes after the 6-byte header) of a PDU of type <paramref name="type"/>.
    /// For a P-DATA-TF the PDV data points into <paramref name="body"/> without copying.</summary>
    public static ProtocolDataUnit Decode(PduType type, ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        switch (type)
        {
            case PduType.AssociateRequest:
                return DecodeAssociateRequest(span);
            case PduType.AssociateAccept:
                return DecodeAssociateAccept(span);
            case PduType.AssociateReject:
                RequireFixedLength(type, span);
                if (span[1] is < 1 or > 2 || span[2] is < 1 or > 3)
                {
                    throw new PduDecodeException($"A-ASSOCIATE-RJ with result {span[1]} and source {span[2]}.");
                }

                return new AAssociateReject((AssociateRejectResult)span[1], (AssociateRejectSource)span[2], span[3]);
            case PduType.DataTransfer:
                return DecodeData(body);
            case PduType.ReleaseRequest:
                RequireFixedLength(type, span);
                return AReleaseRequest.Instance;
            case PduType.ReleaseResponse:
                RequireFixedLength(type, span);
                return AReleaseResponse.Instance;
            case PduType.Abort:
                RequireFixedLength(type, span);
                return new AAbort((AbortSource)span[2], (AbortReason)span[3]);
            default:
                throw new PduDecodeException(AbortReason.UnrecognizedPdu, $"Unrecognized PDU type {(byte)type:X2}H.");
        }
    }

    /// <summary>Decodes one complete PDU, header included (tests and captured bytes).</summary>
    public static ProtocolDataUnit Decode(ReadOnlyMemory<byte> pdu)
    {
        var sequence = new ReadOnlySequence<byte>(pdu);
        if (!TryReadHeader(sequence, out var type, out var length))
        {
            throw new PduDecodeException("Truncated PDU header.");
        }

        if (length != pdu.Length - PduEncoder.PduHeaderLength)
        {
            throw new PduDecodeException($"PDU length {length} but {pdu.Length - PduEncoder.PduHeaderLength} bytes follow the header.");
        }

        return Decode(type, pdu[PduEncoder.PduHeaderLength..]);
    }

    private static void RequireFixedLength(PduType type, ReadOnlySpan<byte> body)
    {
        if (body.Length != 4)
        {
            throw new PduDecodeException($"{type} PDU with length {body.Length}, expected 4.");
        }
    }

    private static PDataTransfer DecodeData(ReadOnlyMemory<byte> body)
    {
        var values = new List<PresentationDataValue>(1);
        var span = body.Span;
        var offset = 0;
        while (offset < span.Length)
        {
            if (span.Length - offset < 6)
            {
                throw new PduDecodeException("Truncated PDV item header in P-DATA-TF.");
            }

            var itemLength = BinaryPrimitives.ReadUInt32BigEndian(span[offset..]);
            if (itemLength < 2 || itemLength > (uint)(span.Length - offset - 4))
            {
                throw new PduDecodeException($"PDV item length {itemLength} does not fit the {span.Length - offset - 4} bytes left in the P-DATA-TF.");
            }

            var contextId = span[offset + 4];
            var control = span[offset + 5];
            if ((control & 0xFC) != 0 || (contextId & 1) == 0)
            {
                throw new PduDecodeException($"PDV with presentation context {contextId} and control header {control:X2}H.");
            }

            values.Add(new PresentationDataValue(contextId, (control & 1) != 0, (control & 2) != 0, body.Slice(offset + 6, (int)itemLength - 2)));
            offset += 4 + (int)itemLength;
        }

        if (values.Count == 0)
        {
            throw new PduDecodeException("P-DATA-TF without any PDV item.");
        }

        return new PDataTransfer(values);
    }

    private static AAssociateRequest DecodeAssociateRequest(ReadOnlySpan<byte> body)
    {
        var (version, called, calling, context, contexts, user) = DecodeAssociateBody(body, 0x20, DecodeProposal, "A-ASSOCIATE-RQ");
        return new AAssociateRequest
        {
            ProtocolVersion = version,
            CalledAeTitle = called,
            CallingAeTitle = calling,
            ApplicationContextName = context,
            PresentationContexts = contexts.Count > 0 ? contexts : throw new PduDecodeException("A-ASSOCIATE-RQ without presentation context."),
            UserInformation = user,
        };
    }

    private static AAssociateAccept DecodeAssociateAccept(ReadOnlySpan<byte> body)
    {
        var (version, called, calling, context, contexts, user) = DecodeAssociateBody(body, 0x21, DecodeResult, "A-ASSOCIATE-AC");
        return new AAssociateAccept
        {
            ProtocolVersion = version,
            CalledAeTitle = called,
            CallingAeTitle = calling,
            ApplicationContextName = context,
            PresentationContexts = contexts,
            UserInformation = user,
        };
    }

    private delegate T ItemDecoder<out T>(ReadOnlySpan<byte> value);

    /// <summary>
    /// The body shared by A-ASSOCIATE-RQ and -AC (PS3.8 9.3.2, 9.3.3): fixed fields, then exactly one application
    /// context item (10H), presentation context items of <paramref name="contextItemType"/> (20H proposals, 21H
    /// results), and exactly one user information item (50H); any other item is an A-ABORT.
    /// </summary>
    private static (ushort Version, string Called, string Calling, string Context, List<T> Contexts, UserInformation User) DecodeAssociateBody<T>(
        ReadOnlySpan<byte> body, byte contextItemType, ItemDecoder<T> decodeContext, string pdu)
    {
        var (version, called, calling) = ReadFixedFields(body);
        string? context = null;
        var contexts = new List<T>();
        UserInformation? user = null;
        foreach (var (type, value) in new ItemReader(body[68..]))
        {
            if (type == 0x10)
            {
                context = context is null ? Uid(value, "application context") : throw new PduDecodeException(AbortReason.UnexpectedPduParameter, "Two application context items.");
            }
            else if (type == contextItemType)
            {
                contexts.Add(decodeContext(value));
            }
            else if (type == 0x50)
            {
                user = user is null ? DecodeUserInformation(value) : throw new PduDecodeException(AbortReason.UnexpectedPduParameter, "Two user information items.");
            }
            else
            {
                throw new PduDecodeException(AbortReason.UnrecognizedPduParameter, $"Unexpected item {type:X2}H in {pdu}.");
            }
        }

        return (version, called, calling,
            context ?? throw new PduDecodeException($"{pdu} without application context."),
            contexts,
            user ?? throw new PduDecodeException($"{pdu} without user information."));
    }

    private static (ushort Version, string Called, string Calling) ReadFixedFields(ReadOnlySpan<byte> body)
    {
        if (body.Length < 68)
        {
            throw new PduDecodeException($"A-ASSOCIATE PDU of {body.Length} bytes is shorter than its 68 fixed bytes.");
        }

        return (BinaryPrimitives.ReadUInt16BigEndian(body), AeTitle(body.Slice(4, 16)), AeTitle(body.Slice(20, 16)));
    }

    private static PresentationContextProposal DecodeProposal(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            throw new PduDecodeException("Truncated presentation context item.");
        }

        var id = value[0];
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        foreach (var (type, sub) in new ItemReader(value[4..]))
        {
            switch (type)
            {
                case 0x30:
                    abstractSyntax = abstractSyntax is null ? Uid(sub, "abstract syntax") : throw new PduDecodeException(AbortReason.UnexpectedPduParameter, $"Two abstract syntaxes in presentation context {id}.");
                    break;
                case 0x40:
                    transferSyntaxes.Add(Uid(sub, "transfer syntax"));
                    break;
                default:
                    throw new PduDecodeException(AbortReason.UnrecognizedPduParameter, $"Unexpected sub-item {type:X2}H in presentation context {id}.");
            }
        }

        if (abstractSyntax is null || transferSyntaxes.Count == 0)
        {
            throw new PduDecodeException($"Presentation context {id} without abstract syntax or transfer syntax.");
        }

        return new PresentationContextProposal(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextResult DecodeResult(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            throw new PduDecodeException("Truncated presentation context item.");
        }

        var id = value[0];
        var result = value[2];
        if (result > 4)
        {
            throw new PduDecodeException($"Presentation context {id} with result {result}.");
        }

        string? transferSyntax = null;
        foreach (var (type, sub) in new ItemReader(value[4..]))
        {
            if (type != 0x40 || transferSyntax is not null)
            {
                throw new PduDecodeException(AbortReason.UnexpectedPduParameter, $"Unexpected sub-item {type:X2}H in presentation context {id}.");
            }

            transferSyntax = Uid(sub, "transfer syntax", allowEmpty: true);
        }

        // A rejected context's transfer syntax sub-item is not significant (PS3.8 9.3.3.2); some peers leave it out.
        return new PresentationContextResult(id, (PresentationContextResultReason)result, transferSyntax ?? string.Empty);
    }

    private static UserInformation DecodeUserInformation(ReadOnlySpan<byte> value)
    {
        uint? maxLength = null;
        string? classUid = null;
        string? versionName = null;
        AsyncOperationsWindow? window = null;
        UserIdentityRequest? identity = null;
        ReadOnlyMemory<byte>? identityResponse = null;
        var roles = new List<RoleSelection>();
        var others = new List<RawSubItem>();
        foreach (var (type, sub) in new ItemReader(value))
        {
            switch (type)
            {
                case 0x51:
                    maxLength = sub.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(sub) : throw new PduDecodeException("Maximum length sub-item is not 4 bytes.");
                    break;
                case 0x52:
                    classUid = Uid(sub, "implementation class UID");
                    break;
                case 0x53:
                    window = sub.Length == 4
                        ? new AsyncOperationsWindow(BinaryPrimitives.ReadUInt16BigEndian(sub), BinaryPrimitives.ReadUInt16BigEndian(sub[2..]))
                        : throw new PduDecodeException("Asynchronous operations window sub-item is not 4 bytes.");
                    break;
                case 0x54:
                    roles.Add(DecodeRole(sub));
                    break;
                case 0x55:
                    versionName = Uid(sub, "implementation version name", allowEmpty: true);
                    break;
                case 0x58:
                    identity = DecodeIdentity(sub);
                    break;
                case 0x59:
                    identityResponse = DecodeLengthPrefixed(sub, 0, out var end).ToArray();
                    if (end != sub.Length)
                    {
                        throw new PduDecodeException("User identity response sub-item length mismatch.");
                    }

                    break;
                default:
                    others.Add(new RawSubItem(type, sub.ToArray()));
                    break;
            }
        }

        return new UserInformation
        {
            MaxPduLength = maxLength ?? throw new PduDecodeException("User information without maximum length sub-item."),
            ImplementationClassUid = classUid ?? string.Empty,
            ImplementationVersionName = versionName,
            AsyncOperations = window,
            RoleSelections = roles,
            UserIdentity = identity,
            UserIdentityServerResponse = identityResponse,
            OtherItems = others,
        };
    }

    private static RoleSelection DecodeRole(ReadOnlySpan<byte> sub)
    {
        var uid = DecodeLengthPrefixed(sub, 0, out var end);
        if (sub.Length != end + 2)
        {
            throw new PduDecodeException("Role selection sub-item length mismatch.");
        }

        return new RoleSelection(Uid(uid, "role selection SOP class"), sub[end] != 0, sub[end + 1] != 0);
    }

    private static UserIdentityRequest DecodeIdentity(ReadOnlySpan<byte> sub)
    {
        if (sub.Length < 2)
        {
            throw new PduDecodeException("Truncated user identity sub-item.");
        }

        var primary = DecodeLengthPrefixed(sub, 2, out var end);
        var secondary = DecodeLengthPrefixed(sub, end, out end);
        if (end != sub.Length || sub[0] is < 1 or > 5)
        {
            throw new PduDecodeException("Malformed user identity sub-item.");
        }

        return new UserIdentityRequest((UserIdentityType)sub[0], sub[1] != 0, primary.ToArray(), secondary.ToArray());
    }

    private static ReadOnlySpan<byte> DecodeLengthPrefixed(ReadOnlySpan<byte> span, int at, out int end)
    {
        if (span.Length - at < 2)
        {
            throw new PduDecodeException("Truncated length field in user information sub-item.");
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
        if (length > span.Length - at - 2)
        {
            throw new PduDecodeException("Field length beyond the end of its sub-item.");
        }

        end = at + 2 + length;
        return span.Slice(at + 2, length);
    }

    private static string AeTitle(ReadOnlySpan<byte> field)
    {
        var title = Ascii(field, "AE title").Trim(' ', '\0');
        return title.Length > 0 ? title : throw new PduDecodeException("Empty AE title.");
    }

    private static string Uid(ReadOnlySpan<byte> value, string what, bool allowEmpty = false)
    {
        var text = Ascii(value, what).TrimEnd('\0', ' ');
        return text.Length > 0 || allowEmpty ? text : throw new PduDecodeException($"Empty {what}.");
    }

    private static string Ascii(ReadOnlySpan<byte> value, string what)
    {
        foreach (var b in value)
        {
            if (b is not 0 and (< 0x20 or > 0x7E))
            {
                throw new PduDecodeException($"Non-ASCII byte {b:X2}H in {what}.");
            }
        }

        return Encoding.ASCII.GetString(value);
    }

    /// <summary>Walks items/sub-items (type, reserved, 16-bit big-endian length, value), PS3.8 9.3.2.</summary>
    private ref struct ItemReader
    {
        private ReadOnlySpan<byte> _rest;

        public ItemReader(ReadOnlySpan<byte> items)
        {
            _rest = items;
            Current = default;
        }

        public Item Current { get; private set; }

        public readonly ItemReader GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_rest.IsEmpty)
            {
                return false;
            }

            if (_rest.Length < 4)
            {
                throw new PduDecodeException("Truncated item header.");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]);
            if (length > _rest.Length - 4)
            {
                throw new PduDecodeException($"Item {_rest[0]:X2}H of length {length} runs past the end of its PDU.");
            }

            Current = new Item(_rest[0], _rest.Slice(4, length));
            _rest = _rest[(4 + length)..];
            return true;
        }
    }

    private readonly ref struct Item
    {
        public Item(byte type, ReadOnlySpan<byte> value)
        {
            Type = type;
            Value = value;
        }

        public byte Type { get; }

        public ReadOnlySpan<byte> Value { get; }

        public void Deconstruct(out byte type, out ReadOnlySpan<byte> value)
        {
            type = Type;
            value = Value;
        }
    }
}
