using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace DicomSegNode.Seg2DicomSeg.Uids;

/// <summary>
/// UIDs derived from names: SHA-256 over the parts, the first 128 bits made a version 8 (name-based, custom hash)
/// UUID (RFC 9562 5.8), written under the root 2.25 as its decimal integer (PS3.5 B.2, ISO/IEC 9834-8).
/// The same inputs always give the same UID, so a re-run or re-send is idempotent at the PACS.
/// </summary>
public static class DeterministicUid
{
    /// <summary>The UID for the given parts (order matters; each part is length-prefixed so ("ab","c") and ("a","bc") differ).</summary>
    public static string Create(params ReadOnlySpan<string> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (string part in parts)
        {
            ArgumentNullException.ThrowIfNull(part);
            byte[] bytes = Encoding.UTF8.GetBytes(part);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        Span<byte> uuid = digest[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80); // version 8
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // variant 10
        var value = new BigInteger(uuid, isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }
}
