using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace DicomSegNode.Dicom.Dictionary;

/// <summary>UID syntax (PS3.5 9.1) and generation under the 2.25 root (PS3.5 B.2: a UUID as one decimal number).</summary>
public static class DicomUid
{
    /// <summary>This implementation's Implementation Class UID (PS3.7 D.3.3.2), written in every file meta and association.</summary>
    public const string ImplementationClassUid = "2.25.207319476655916286218431327496452384587";

    /// <summary>This implementation's Implementation Version Name (at most 16 characters).</summary>
    public const string ImplementationVersionName = "DICOMSEGNODE_01";

    /// <summary>True for a syntactically valid UID: 1-64 characters, components of digits without leading zeros, dots between.</summary>
    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > 64)
        {
            return false;
        }

        var start = 0;
        for (var i = 0; i <= uid.Length; i++)
        {
            if (i == uid.Length || uid[i] == '.')
            {
                var len = i - start;
                if (len == 0 || (len > 1 && uid[start] == '0'))
                {
                    return false;
                }

                start = i + 1;
            }
            else if (!char.IsAsciiDigit(uid[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A new random UID: 2.25 followed by a random (version 4) UUID as a decimal integer.</summary>
    public static string Generate() => FromUuid(Guid.NewGuid());

    /// <summary>
    /// A deterministic UID from names: 2.25 followed by a name-based UUID (SHA-256 of the parts, version 8 layout),
    /// so the same inputs always give the same UID (idempotent re-sends).
    /// </summary>
    public static string FromHash(params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001F', parts)));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var value = new BigInteger(hash.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }

    private static string FromUuid(Guid guid)
    {
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }
}
