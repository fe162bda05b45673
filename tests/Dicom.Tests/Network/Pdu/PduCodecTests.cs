using DicomSegNode.Dicom.Network.Pdu;

namespace DicomSegNode.Dicom.Tests.Network.Pdu;

public class PduCodecTests
{
    // dcmtk 3.6.7 `echoscu -aet ECHOSCU -aec ANY-SCP`: its A-ASSOCIATE-RQ as captured on the wire.
    private const string EchoScuRequestHex =
        "0100000000cd00010000414e592d5343502020202020202020204543484f534355202020202020202020000000000000000000000000000000000000000000000000000000000000000010000015312e322e3834302e31303030382e332e312e312e312000002e0100ff0030000011312e322e3834302e31303030382e312e3140000011312e322e3834302e31303030382e312e325000003a51000004000040005200001b312e322e3237362e302e373233303031302e332e302e332e362e375500000f4f464649535f44434d544b5f333637";

    [Fact]
    public void Decode_DcmtkEchoScuRequest_ReadsEveryField()
    {
        var rq = Assert.IsType<AAssociateRequest>(PduDecoder.Decode(Convert.FromHexString(EchoScuRequestHex)));

        Assert.Equal("ANY-SCP", rq.CalledAeTitle);
        Assert.Equal("ECHOSCU", rq.CallingAeTitle);
        Assert.Equal(AAssociateRequest.DicomApplicationContext, rq.ApplicationContextName);
        var pc = Assert.Single(rq.PresentationContexts);
        Assert.Equal(1, pc.Id);
        Assert.Equal("1.2.840.10008.1.1", pc.AbstractSyntax);
        Assert.Equal(["1.2.840.10008.1.2"], pc.TransferSyntaxes);
        Assert.Equal(16384u, rq.UserInformation.MaxPduLength);
        Assert.Equal("1.2.276.0.7230010.3.0.3.6.7", rq.UserInformation.ImplementationClassUid);
        Assert.Equal("OFFIS_DCMTK_367", rq.UserInformation.ImplementationVersionName);
    }

    [Fact]
    public void Encode_DecodedDcmtkEchoScuRequest_ReproducesTheCapturedBytes()
    {
        var captured = Convert.FromHexString(EchoScuRequestHex);

        var encoded = PduEncoder.ToArray(PduDecoder.Decode(captured));

        // The one difference: dcmtk sends FFH in a reserved byte of the presentation context item; PS3.8 9.3.2.2 says
        // to send 00H and not to test it on receipt, which is what we do.
        captured[0x69] = 0x00;
        Assert.Equal(Convert.ToHexString(captured), Convert.ToHexString(encoded));
    }

    [Fact]
    public void Encode_RequestWithEveryUserInformationSubItem_RoundTripsByteExact()
    {
        var rq = new AAssociateRequest
        {
            CalledAeTitle = "PACS",
            CallingAeTitle = "DICOMSEGNODE",
            PresentationContexts =
            [
                new(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"]),
                new(3, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.4.70"]),
            ],
            UserInformation = new UserInformation
            {
                MaxPduLength = 262144,
                ImplementationClassUid = "2.25.1",
                ImplementationVersionName = "TEST_1",
                AsyncOperations = new AsyncOperationsWindow(5, 1),
                RoleSelections = [new RoleSelection("1.2.840.10008.5.1.4.1.1.2", true, false)],
                UserIdentity = new UserIdentityRequest(UserIdentityType.UsernameAndPasscode, true, "user"u8.ToArray(), "secret"u8.ToArray()),
                OtherItems = [new RawSubItem(0x56, (byte[])[0, 25, .. "1.2.840.10008.5.1.4.1.2.1"u8.ToArray(), 1, 0])],
            },
        };

        var bytes = PduEncoder.ToArray(rq);
        var decoded = Assert.IsType<AAssociateRequest>(PduDecoder.Decode(bytes));

        Assert.Equal(bytes, PduEncoder.ToArray(decoded));
        Assert.Equal(new AsyncOperationsWindow(5, 1), decoded.UserInformation.AsyncOperations);
        Assert.Equal(rq.UserInformation.RoleSelections, decoded.UserInformation.RoleSelections);
        Assert.Equal("secret", System.Text.Encoding.UTF8.GetString(decoded.UserInformation.UserIdentity!.SecondaryField.Span));
        Assert.Equal(0x56, Assert.Single(decoded.UserInformation.OtherItems).ItemType);
    }

    [Fact]
    public void Encode_Accept_RoundTripsWithResultsAndIdentityResponse()
    {
        var ac = new AAssociateAccept
        {
            CalledAeTitle = "DICOMSEGNODE",
            CallingAeTitle = "PACS",
            PresentationContexts =
            [
                new(1, PresentationContextResultReason.Acceptance, "1.2.840.10008.1.2.1"),
                new(3, PresentationContextResultReason.TransferSyntaxesNotSupported, "1.2.840.10008.1.2.4.70"),
            ],
            UserInformation = new UserInformation { MaxPduLength = 0, ImplementationClassUid = "2.25.1", UserIdentityServerResponse = "ok"u8.ToArray() },
        };

        var bytes = PduEncoder.ToArray(ac);
        var decoded = Assert.IsType<AAssociateAccept>(PduDecoder.Decode(bytes));

        Assert.Equal(bytes, PduEncoder.ToArray(decoded));
        Assert.Equal(ac.PresentationContexts, decoded.PresentationContexts);
        Assert.Equal("ok", System.Text.Encoding.ASCII.GetString(decoded.UserInformation.UserIdentityServerResponse!.Value.Span));
    }

    [Theory]
    [InlineData("03000000000400010107", typeof(AAssociateReject))]
    [InlineData("05000000000400000000", typeof(AReleaseRequest))]
    [InlineData("06000000000400000000", typeof(AReleaseResponse))]
    [InlineData("07000000000400000206", typeof(AAbort))]
    public void Decode_FixedLengthPdu_RoundTripsByteExact(string hex, Type type)
    {
        var bytes = Convert.FromHexString(hex);

        var pdu = PduDecoder.Decode(bytes);

        Assert.IsType(type, pdu);
        Assert.Equal(hex, Convert.ToHexString(PduEncoder.ToArray(pdu)), ignoreCase: true);
    }

    [Fact]
    public void Decode_Reject_ReadsResultSourceReason()
    {
        var rj = Assert.IsType<AAssociateReject>(PduDecoder.Decode(Convert.FromHexString("03000000000400020302")));

        Assert.Equal(AAssociateReject.LocalLimitExceeded(), rj);
        Assert.Contains("local limit exceeded", rj.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_DataTransferWithTwoPdvs_MatchesHandWrittenBytes()
    {
        var pdu = new PDataTransfer([new(1, true, true, new byte[] { 0xAA, 0xBB }), new(3, false, false, new byte[] { 0xCC })]);

        var bytes = PduEncoder.ToArray(pdu);

        Assert.Equal("04000000000F" + "00000004" + "01" + "03" + "AABB" + "00000003" + "03" + "00" + "CC", Convert.ToHexString(bytes));
        var decoded = Assert.IsType<PDataTransfer>(PduDecoder.Decode(bytes));
        Assert.Equal(2, decoded.Values.Count);
        Assert.True(decoded.Values[0].IsCommand && decoded.Values[0].IsLast);
        Assert.False(decoded.Values[1].IsCommand || decoded.Values[1].IsLast);
        Assert.Equal(new byte[] { 0xCC }, decoded.Values[1].Data.ToArray());
    }

    [Fact]
    public void WriteSinglePdvHeader_ThenData_DecodesAsOnePdv()
    {
        var bytes = new byte[12 + 3];
        PduEncoder.WriteSinglePdvHeader(bytes, 5, isCommand: false, isLast: true, dataLength: 3);
        bytes[12] = 1;
        bytes[13] = 2;
        bytes[14] = 3;

        var pdv = Assert.Single(Assert.IsType<PDataTransfer>(PduDecoder.Decode(bytes)).Values);

        Assert.Equal(5, pdv.PresentationContextId);
        Assert.True(pdv.IsLast);
        Assert.Equal(new byte[] { 1, 2, 3 }, pdv.Data.ToArray());
    }

    [Theory]
    [InlineData("0800000000040000000000", AbortReason.UnrecognizedPdu)] // unknown PDU type 08H
    [InlineData("000000000004000000", AbortReason.UnrecognizedPdu)] // type 00H
    [InlineData("0500000000050000000000", AbortReason.InvalidPduParameterValue)] // A-RELEASE-RQ of 5 bytes
    [InlineData("0300000000040001040A", AbortReason.InvalidPduParameterValue)] // A-ASSOCIATE-RJ source 4
    [InlineData("04000000000600000002", AbortReason.InvalidPduParameterValue)] // PDV header cut short
    [InlineData("0400000000060000FFFF0103", AbortReason.InvalidPduParameterValue)] // PDV length past the PDU
    [InlineData("040000000006000000010103", AbortReason.InvalidPduParameterValue)] // PDV length 1 (< 2)
    [InlineData("040000000006000000020203", AbortReason.InvalidPduParameterValue)] // even presentation context id
    [InlineData("040000000006000000020107", AbortReason.InvalidPduParameterValue)] // reserved control header bits
    [InlineData("040000000000", AbortReason.InvalidPduParameterValue)] // P-DATA-TF without PDV
    [InlineData("0100000000100001000041", AbortReason.InvalidPduParameterValue)] // A-ASSOCIATE-RQ shorter than its fixed part
    public void Decode_MalformedPdu_ThrowsWithAbortReason(string hex, AbortReason reason)
    {
        var bytes = Convert.FromHexString(hex);

        var error = Assert.Throws<PduDecodeException>(() => DecodeAllowingWrongLength(bytes));

        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Decode_RequestWithItemLengthPastTheEnd_Throws()
    {
        var bytes = Convert.FromHexString(EchoScuRequestHex);
        bytes[0x4C] = 0x7F; // application context item claims 0x7F15 bytes

        Assert.Throws<PduDecodeException>(() => PduDecoder.Decode(bytes));
    }

    [Fact]
    public void Decode_RequestWithoutPresentationContext_Throws()
    {
        var rq = new AAssociateRequest { CalledAeTitle = "A", CallingAeTitle = "B", UserInformation = new UserInformation { MaxPduLength = 1, ImplementationClassUid = "1.2" } };

        var error = Assert.Throws<PduDecodeException>(() => PduDecoder.Decode(PduEncoder.ToArray(rq)));

        Assert.Contains("presentation context", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NonAsciiUid_Throws()
    {
        var bytes = Convert.FromHexString(EchoScuRequestHex);
        bytes[0x50] = 0xC3;

        Assert.Throws<PduDecodeException>(() => PduDecoder.Decode(bytes));
    }

    [Fact]
    public void Decode_EveryTruncationOfARealRequest_ThrowsTypedException()
    {
        var bytes = Convert.FromHexString(EchoScuRequestHex);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var truncated = bytes[..cut];
            if (cut >= 6)
            {
                // Make the header agree with what is left, so the body itself is what is cut short.
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(truncated.AsSpan(2), (uint)(cut - 6));
            }

            Assert.Throws<PduDecodeException>(() => PduDecoder.Decode(truncated));
        }
    }

    [Fact]
    public void Encode_AeTitleLongerThan16_Throws()
    {
        var rq = new AAssociateRequest { CalledAeTitle = "THIS-IS-17-CHARS!", CallingAeTitle = "B" };

        Assert.Throws<ArgumentException>(() => PduEncoder.ToArray(rq));
    }

    private static ProtocolDataUnit DecodeAllowingWrongLength(byte[] bytes)
    {
        var sequence = new System.Buffers.ReadOnlySequence<byte>(bytes);
        if (!PduDecoder.TryReadHeader(sequence, out var type, out _))
        {
            throw new PduDecodeException("Truncated PDU header.");
        }

        return PduDecoder.Decode(type, bytes.AsMemory(6));
    }
}
