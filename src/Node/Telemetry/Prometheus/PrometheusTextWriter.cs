using System.Globalization;
using System.Text;

namespace DicomSegNode.Node.Telemetry.Prometheus;

/// <summary>
/// Writes the Prometheus text exposition format, version 0.0.4: <c># HELP</c> and <c># TYPE</c> once per
/// family, then its samples; label values and help text escaped as the format requires.
/// </summary>
internal static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void WriteFamily(StringBuilder output, MetricFamily family)
    {
        output.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
        output.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
        foreach (var sample in family.Samples)
        {
            output.Append(sample);
        }
    }

    /// <summary>A sample line: <c>name{a="x",b="y"} value</c>; <paramref name="extraLabel"/> (such as <c>le</c>) goes last.</summary>
    public static string Sample(string name, IReadOnlyList<KeyValuePair<string, string>> labels, KeyValuePair<string, string>? extraLabel, string value)
    {
        var sb = new StringBuilder(name.Length + 32);
        sb.Append(name);
        if (labels.Count > 0 || extraLabel is not null)
        {
            sb.Append('{');
            var first = true;
            foreach (var label in labels)
            {
                AppendLabel(sb, label, ref first);
            }

            if (extraLabel is { } extra)
            {
                AppendLabel(sb, extra, ref first);
            }

            sb.Append('}');
        }

        sb.Append(' ').Append(value).Append('\n');
        return sb.ToString();
    }

    public static string FormatDouble(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        return double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
    }

    public static string FormatLong(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Label values: backslash, double quote and line feed are escaped.</summary>
    public static string EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny("\\\"\n") < 0)
        {
            return value;
        }

        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>Help text: backslash and line feed are escaped (a double quote is legal there).</summary>
    public static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static void AppendLabel(StringBuilder sb, KeyValuePair<string, string> label, ref bool first)
    {
        if (!first)
        {
            sb.Append(',');
        }

        first = false;
        sb.Append(label.Key).Append("=\"").Append(EscapeLabelValue(label.Value)).Append('"');
    }
}
