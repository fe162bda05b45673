using System.Globalization;

namespace DicomSegNode.Dicom.Text;

/// <summary>Parses and formats TM and DT values (PS3.5 6.2, Table 6.2-1).</summary>
internal static class DicomDateTimeParser
{
    public static TimeOnly? ParseTime(string s)
    {
        s = s.Replace(":", string.Empty, StringComparison.Ordinal);
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var main = dot < 0 ? s : s[..dot];
        if (main.Length is not (2 or 4 or 6) || !main.All(char.IsAsciiDigit))
        {
            return null;
        }

        var h = int.Parse(main.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var m = main.Length >= 4 ? int.Parse(main.AsSpan(2, 2), CultureInfo.InvariantCulture) : 0;
        var sec = main.Length >= 6 ? int.Parse(main.AsSpan(4, 2), CultureInfo.InvariantCulture) : 0;
        var ticks = 0L;
        if (dot >= 0)
        {
            var frac = s[(dot + 1)..];
            if (frac.Length is 0 or > 6 || !frac.All(char.IsAsciiDigit))
            {
                return null;
            }

            ticks = long.Parse(frac.PadRight(7, '0'), CultureInfo.InvariantCulture);
        }

        if (h > 23 || m > 59 || sec > 60)
        {
            return null;
        }

        return new TimeOnly(h, m, Math.Min(sec, 59)).Add(TimeSpan.FromTicks(ticks));
    }

    public static DateTimeOffset? ParseDateTime(string s)
    {
        var offset = TimeSpan.Zero;
        var sign = s.IndexOfAny(['+', '-'], 4);
        if (sign > 0)
        {
            var z = s[(sign + 1)..];
            if (z.Length != 4 || !z.All(char.IsAsciiDigit))
            {
                return null;
            }

            offset = new TimeSpan(int.Parse(z.AsSpan(0, 2), CultureInfo.InvariantCulture), int.Parse(z.AsSpan(2, 2), CultureInfo.InvariantCulture), 0);
            if (s[sign] == '-')
            {
                offset = -offset;
            }

            s = s[..sign];
        }

        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var main = dot < 0 ? s : s[..dot];
        if (main.Length is not (4 or 6 or 8 or 10 or 12 or 14) || !main.All(char.IsAsciiDigit))
        {
            return null;
        }

        int Part(int at, int fallback) => main.Length > at ? int.Parse(main.AsSpan(at, 2), CultureInfo.InvariantCulture) : fallback;
        try
        {
            var year = int.Parse(main.AsSpan(0, 4), CultureInfo.InvariantCulture);
            var dt = new DateTime(year, Part(4, 1), Part(6, 1), Part(8, 0), Part(10, 0), Math.Min(Part(12, 0), 59), DateTimeKind.Unspecified);
            if (dot >= 0)
            {
                var frac = s[(dot + 1)..];
                if (frac.Length is 0 or > 6 || !frac.All(char.IsAsciiDigit))
                {
                    return null;
                }

                dt = dt.AddTicks(long.Parse(frac.PadRight(7, '0'), CultureInfo.InvariantCulture));
            }

            return new DateTimeOffset(dt, offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
