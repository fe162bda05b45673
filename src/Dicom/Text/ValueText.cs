namespace DicomSegNode.Dicom.Text;

/// <summary>Helpers for the byte-level structure of string values (PS3.5 6.2: backslash delimiter, padding).</summary>
internal static class ValueText
{
    /// <summary>Splits an ASCII value at backslashes and trims spaces and NULs of each part.</summary>
    public static string[] Split(ReadOnlySpan<byte> value)
    {
        value = TrimEnd(value);
        if (value.IsEmpty)
        {
            return [];
        }

        var count = value.Count((byte)'\\') + 1;
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            var next = value.IndexOf((byte)'\\');
            var part = next < 0 ? value : value[..next];
            result[i] = System.Text.Encoding.ASCII.GetString(Trim(part));
            value = next < 0 ? default : value[(next + 1)..];
        }

        return result;
    }

    /// <summary>Trims trailing spaces and NULs (padding).</summary>
    public static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> value)
    {
        var end = value.Length;
        while (end > 0 && (value[end - 1] == (byte)' ' || value[end - 1] == 0))
        {
            end--;
        }

        return value[..end];
    }

    /// <summary>Trims leading and trailing spaces and trailing NULs.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        value = TrimEnd(value);
        var start = 0;
        while (start < value.Length && value[start] == (byte)' ')
        {
            start++;
        }

        return value[start..];
    }
}
