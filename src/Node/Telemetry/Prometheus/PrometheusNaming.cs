using System.Text;

namespace DicomSegNode.Node.Telemetry.Prometheus;

/// <summary>
/// OpenTelemetry instrument names and units to Prometheus metric names, as the OpenTelemetry
/// "Prometheus and OpenMetrics compatibility" specification describes: invalid characters become
/// underscores, the unit becomes a base-unit suffix (<c>s</c> -> <c>_seconds</c>, <c>By</c> -> <c>_bytes</c>),
/// unit annotations in braces are dropped, and monotonic counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusNaming
{
    private static readonly Dictionary<string, string> s_units = new(StringComparer.Ordinal)
    {
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["min"] = "minutes",
        ["h"] = "hours",
        ["d"] = "days",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
    };

    public static string MetricName(string instrumentName, string? unit, bool isCounter, bool isGauge)
    {
        var name = new StringBuilder(Sanitize(instrumentName, allowColon: true));
        var suffix = UnitSuffix(unit, isGauge);
        if (suffix.Length > 0 && !EndsWithToken(name, suffix))
        {
            name.Append('_').Append(suffix);
        }

        if (isCounter && !EndsWithToken(name, "total"))
        {
            name.Append("_total");
        }
        else if (!isCounter && (EndsWithToken(name, "count") || EndsWithToken(name, "sum") || EndsWithToken(name, "bucket")))
        {
            // _count, _sum and _bucket belong to histogram and summary series; a gauge named
            // dotnet.assembly.count would read as one (promtool rejects it), so it becomes dotnet_assembly_count_current.
            name.Append("_current");
        }

        return name.ToString();
    }

    public static string LabelName(string key)
    {
        var name = Sanitize(key, allowColon: false);
        // Names starting with "__" are reserved for Prometheus itself.
        return name.StartsWith("__", StringComparison.Ordinal) ? "key" + name : name;
    }

    internal static string UnitSuffix(string? unit, bool isGauge)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return "";
        }

        // "{request}" and "By{page}" style annotations carry no unit of their own.
        var bare = StripAnnotations(unit);
        if (bare.Length == 0)
        {
            return "";
        }

        if (bare == "1")
        {
            return isGauge ? "ratio" : "";
        }

        var slash = bare.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && slash < bare.Length - 1)
        {
            var numerator = Map(bare[..slash]);
            var denominator = Map(bare[(slash + 1)..]);
            return $"{numerator}_per_{SingularTime(denominator)}";
        }

        return Map(bare);
    }

    private static string Map(string unit) => s_units.TryGetValue(unit, out var word) ? word : Sanitize(unit, allowColon: false).Trim('_');

    private static string SingularTime(string unit) => unit switch
    {
        "seconds" => "second",
        "minutes" => "minute",
        "hours" => "hour",
        "days" => "day",
        _ => unit,
    };

    private static string StripAnnotations(string unit)
    {
        var sb = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Trim();
    }

    private static bool EndsWithToken(StringBuilder name, string token)
    {
        if (name.Length < token.Length)
        {
            return false;
        }

        for (var i = 0; i < token.Length; i++)
        {
            if (name[name.Length - token.Length + i] != token[i])
            {
                return false;
            }
        }

        return name.Length == token.Length || name[name.Length - token.Length - 1] == '_';
    }

    /// <summary>Metric names match <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, label names <c>[a-zA-Z_][a-zA-Z0-9_]*</c>; runs of other characters become one underscore.</summary>
    private static string Sanitize(string value, bool allowColon)
    {
        var sb = new StringBuilder(value.Length + 1);
        var lastUnderscore = false;
        foreach (var c in value)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            if (ok)
            {
                sb.Append(c);
                lastUnderscore = c == '_';
            }
            else if (!lastUnderscore)
            {
                sb.Append('_');
                lastUnderscore = true;
            }
        }

        if (sb.Length == 0 || char.IsAsciiDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }

        return sb.ToString();
    }
}
