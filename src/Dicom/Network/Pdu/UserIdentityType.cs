namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>User identity type of the user identity negotiation sub-item (PS3.7 D.3.3.7.1, Table D.3-14).</summary>
public enum UserIdentityType : byte
{
    /// <summary>Username as a UTF-8 string.</summary>
    Username = 1,

    /// <summary>Username and passcode.</summary>
    UsernameAndPasscode = 2,

    /// <summary>Kerberos service ticket.</summary>
    Kerberos = 3,

    /// <summary>SAML assertion.</summary>
    Saml = 4,

    /// <summary>JSON web token.</summary>
    Jwt = 5,
}
