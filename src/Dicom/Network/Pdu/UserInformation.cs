namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>User information item (PS3.8 9.3.2.3 and PS3.7 Annex D.3.3): maximum length, implementation class UID and
/// version name, asynchronous operations window, role selections, user identity, and uninterpreted sub-items.</summary>
public sealed record UserInformation
{
    /// <summary>Maximum length of the P-DATA-TF PDUs the sender of this item can receive (PS3.8 D.1); 0 = no limit.</summary>
    public uint MaxPduLength { get; init; }

    /// <summary>Implementation class UID (PS3.7 D.3.3.2), mandatory.</summary>
    public string ImplementationClassUid { get; init; } = string.Empty;

    /// <summary>Implementation version name (PS3.7 D.3.3.2), 1-16 characters, optional.</summary>
    public string? ImplementationVersionName { get; init; }

    /// <summary>Asynchronous operations window (PS3.7 D.3.3.3), optional.</summary>
    public AsyncOperationsWindow? AsyncOperations { get; init; }

    /// <summary>SCP/SCU role selections (PS3.7 D.3.3.4).</summary>
    public IReadOnlyList<RoleSelection> RoleSelections { get; init; } = [];

    /// <summary>User identity request (A-ASSOCIATE-RQ only, PS3.7 D.3.3.7.1).</summary>
    public UserIdentityRequest? UserIdentity { get; init; }

    /// <summary>User identity server response (A-ASSOCIATE-AC only, PS3.7 D.3.3.7.2).</summary>
    public ReadOnlyMemory<byte>? UserIdentityServerResponse { get; init; }

    /// <summary>Sub-items carried without interpretation (extended negotiation 56H/57H and unknown types).</summary>
    public IReadOnlyList<RawSubItem> OtherItems { get; init; } = [];
}
