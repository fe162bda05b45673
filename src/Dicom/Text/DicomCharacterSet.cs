using System.Text;
using DicomSegNode.Dicom.Data;

namespace DicomSegNode.Dicom.Text;

/// <summary>
/// The character repertoires named by Specific Character Set (0008,0005), PS3.3 C.12.1.1.2 and PS3.5 6.1:
/// single-byte ISO 8859 sets, UTF-8, GB18030/GBK, and ISO 2022 code extension (escape sequences) for Japanese,
/// Korean and Chinese multi-byte sets.
/// </summary>
public sealed class DicomCharacterSet
{
    private static readonly Encoding s_latin1 = Encoding.Latin1;

    static DicomCharacterSet()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Default = new DicomCharacterSet([string.Empty]);
    }

    private DicomCharacterSet(string[] terms)
    {
        Terms = terms;
        InitialEncoding = EncodingFor(terms.Length > 0 ? terms[0] : string.Empty);
        UsesCodeExtensions = terms.Length > 1 || (terms.Length == 1 && terms[0].StartsWith("ISO 2022", StringComparison.Ordinal));
    }

    /// <summary>The default repertoire (ISO IR 6, read leniently as ISO 8859-1 as pydicom and dcmtk do).</summary>
    public static DicomCharacterSet Default { get; }

    /// <summary>UTF-8 (ISO_IR 192).</summary>
    public static DicomCharacterSet Utf8 { get; } = new(["ISO_IR 192"]);

    /// <summary>The defined terms of (0008,0005), in order.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>True when the value can switch repertoire with ISO 2022 escape sequences.</summary>
    public bool UsesCodeExtensions { get; }

    private Encoding InitialEncoding { get; }

    /// <summary>The character set for the values of (0008,0005).</summary>
    public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms)
    {
        if (terms.Count == 0 || (terms.Count == 1 && terms[0].Length == 0))
        {
            return Default;
        }

        return new DicomCharacterSet([.. terms]);
    }

    /// <summary>Decodes a text value (SH, LO, ST, LT, UC, UT, PN).</summary>
    public string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOfAnyExceptInRange((byte)0, (byte)0x7E) < 0 && bytes.IndexOf((byte)0x1B) < 0)
        {
            return Encoding.ASCII.GetString(bytes);
        }

        if (!UsesCodeExtensions || bytes.IndexOf((byte)0x1B) < 0)
        {
            return InitialEncoding.GetString(bytes);
        }

        return DecodeIso2022(bytes);
    }

    /// <summary>Encodes a text value; throws <see cref="DicomValueException"/> when a character is not in the repertoire.</summary>
    public byte[] Encode(string value)
    {
        if (Ascii.IsValid(value))
        {
            return Encoding.ASCII.GetBytes(value);
        }

        if (UsesCodeExtensions || Terms.Count == 0 || Terms[0].Length == 0)
        {
            throw new DicomValueException(
                $"'{value}' has characters outside the default repertoire; set SpecificCharacterSet (e.g. ISO_IR 192) before setting it (PS3.5 6.1.2.5).");
        }

        var strict = Encoding.GetEncoding(InitialEncoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback);
        try
        {
            return strict.GetBytes(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new DicomValueException($"'{value}' cannot be encoded in {string.Join('\\', Terms)}.", e);
        }
    }

    private string DecodeIso2022(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        var encoding = InitialEncoding;
        var multiByteG0 = false;
        var start = 0;
        var i = 0;
        while (i <= bytes.Length)
        {
            if (i == bytes.Length || bytes[i] == 0x1B)
            {
                AppendSegment(sb, bytes[start..i], encoding, multiByteG0);
                if (i == bytes.Length)
                {
                    break;
                }

                var (length, next, g0) = Escape(bytes[i..]);
                if (length == 0)
                {
                    sb.Append('\u001B');
                    i++;
                    start = i;
                    continue;
                }

                encoding = next ?? encoding;
                multiByteG0 = g0;
                i += length;
                start = i;
                continue;
            }

            // Delimiters return to the initial repertoire for the next component (PS3.5 6.1.2.5.3).
            if (bytes[i] is (byte)'\\' or (byte)'=' or (byte)'^' or 0x0D or 0x0A or 0x09 or 0x0C && !multiByteG0)
            {
                AppendSegment(sb, bytes[start..(i + 1)], encoding, false);
                encoding = InitialEncoding;
                start = i + 1;
            }

            i++;
        }

        return sb.ToString();
    }

    private static void AppendSegment(StringBuilder sb, ReadOnlySpan<byte> segment, Encoding encoding, bool sevenBitMultiByte)
    {
        if (segment.IsEmpty)
        {
            return;
        }

        if (sevenBitMultiByte)
        {
            // JIS X 0208/0212 in G0 are 7-bit pairs; EUC-JP is the same code with the high bit set.
            Span<byte> shifted = segment.Length <= 512 ? stackalloc byte[segment.Length] : new byte[segment.Length];
            for (var k = 0; k < segment.Length; k++)
            {
                shifted[k] = segment[k] >= 0x21 ? (byte)(segment[k] | 0x80) : segment[k];
            }

            sb.Append(encoding.GetString(shifted));
            return;
        }

        sb.Append(encoding.GetString(segment));
    }

    /// <summary>Recognises an escape sequence (PS3.3 C.12.1.1.2 Tables C.12-3/4): length, encoding, whether G0 is multi-byte.</summary>
    private static (int Length, Encoding? Encoding, bool MultiByteG0) Escape(ReadOnlySpan<byte> s)
    {
        if (s.Length >= 4 && s[1] == (byte)'$' && s[2] == (byte)'(' && s[3] == (byte)'D')
        {
            return (4, Encoding.GetEncoding(20932), true); // JIS X 0212 (IR 159): not in EUC-JP decoder; best effort
        }

        if (s.Length >= 4 && s[1] == (byte)'$' && s[2] == (byte)')')
        {
            return s[3] switch
            {
                (byte)'C' => (4, Encoding.GetEncoding(51949), false), // KS X 1001 (IR 149) in G1
                (byte)'A' => (4, Encoding.GetEncoding(936), false), // GB 2312 (IR 58) in G1
                _ => (0, null, false),
            };
        }

        if (s.Length >= 3)
        {
            return (s[1], s[2]) switch
            {
                ((byte)'$', (byte)'B') or ((byte)'$', (byte)'@') => (3, Encoding.GetEncoding(20932), true), // JIS X 0208 (IR 87)
                ((byte)'(', (byte)'B') => (3, s_latin1, false), // ASCII (IR 6)
                ((byte)'(', (byte)'J') => (3, Encoding.GetEncoding(932), false), // JIS X 0201 Romaji (IR 14)
                ((byte)')', (byte)'I') => (3, Encoding.GetEncoding(932), false), // JIS X 0201 Katakana (IR 13)
                ((byte)'-', (byte)'A') => (3, s_latin1, false),
                ((byte)'-', (byte)'B') => (3, Encoding.GetEncoding(28592), false),
                ((byte)'-', (byte)'C') => (3, Encoding.GetEncoding(28593), false),
                ((byte)'-', (byte)'D') => (3, Encoding.GetEncoding(28594), false),
                ((byte)'-', (byte)'F') => (3, Encoding.GetEncoding(28597), false),
                ((byte)'-', (byte)'G') => (3, Encoding.GetEncoding(28596), false),
                ((byte)'-', (byte)'H') => (3, Encoding.GetEncoding(28598), false),
                ((byte)'-', (byte)'L') => (3, Encoding.GetEncoding(28595), false),
                ((byte)'-', (byte)'M') => (3, Encoding.GetEncoding(28599), false),
                ((byte)'-', (byte)'T') => (3, Encoding.GetEncoding(874), false),
                _ => (0, null, false),
            };
        }

        return (0, null, false);
    }

    private static Encoding EncodingFor(string term) => term switch
    {
        "" or "ISO_IR 6" or "ISO 2022 IR 6" or "ISO_IR 100" or "ISO 2022 IR 100" => s_latin1,
        "ISO_IR 101" or "ISO 2022 IR 101" => Encoding.GetEncoding(28592),
        "ISO_IR 109" or "ISO 2022 IR 109" => Encoding.GetEncoding(28593),
        "ISO_IR 110" or "ISO 2022 IR 110" => Encoding.GetEncoding(28594),
        "ISO_IR 144" or "ISO 2022 IR 144" => Encoding.GetEncoding(28595),
        "ISO_IR 127" or "ISO 2022 IR 127" => Encoding.GetEncoding(28596),
        "ISO_IR 126" or "ISO 2022 IR 126" => Encoding.GetEncoding(28597),
        "ISO_IR 138" or "ISO 2022 IR 138" => Encoding.GetEncoding(28598),
        "ISO_IR 148" or "ISO 2022 IR 148" => Encoding.GetEncoding(28599),
        "ISO_IR 166" or "ISO 2022 IR 166" => Encoding.GetEncoding(874),
        "ISO_IR 13" or "ISO 2022 IR 13" => Encoding.GetEncoding(932),
        "ISO_IR 192" => Encoding.UTF8,
        "GB18030" => Encoding.GetEncoding(54936),
        "GBK" => Encoding.GetEncoding(936),
        "ISO 2022 IR 87" or "ISO 2022 IR 159" => Encoding.GetEncoding(20932),
        "ISO 2022 IR 149" => Encoding.GetEncoding(51949),
        "ISO 2022 IR 58" => Encoding.GetEncoding(936),
        _ => s_latin1,
    };
}
