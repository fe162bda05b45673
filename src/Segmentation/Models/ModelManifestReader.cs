using System.Globalization;
using System.Text.Json;

namespace DicomSegNode.Segmentation.Models;

/// <summary>Parses and validates model.json; every error names the JSON path and what was expected.</summary>
public static class ModelManifestReader
{
    /// <summary>The model.json format version this engine reads.</summary>
    public const int SupportedFormatVersion = 1;

    /// <summary>Parses model.json text; <paramref name="source"/> names the file in messages.</summary>
    public static ModelManifest Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{source}: not valid JSON: {e.Message}", e);
        }

        using (doc)
        {
            var r = new Reader(source);
            var root = doc.RootElement;
            r.Object(root, "(root)");
            int version = r.Int(root, "formatVersion", 1, int.MaxValue);
            if (version != SupportedFormatVersion)
            {
                throw new ModelFormatException($"{source}: formatVersion {version} is not supported (this engine reads {SupportedFormatVersion})");
            }

            string name = r.String(root, "name");
            string modelVersion = root.TryGetProperty("version", out _) ? r.String(root, "version") : "0";

            var a = r.Child(root, "architecture");
            string archName = r.String(a, "name", "architecture.name");
            if (archName != ModelArchitecture.AttentionResUNet)
            {
                throw new ModelFormatException($"{source}: architecture.name \"{archName}\" is not \"{ModelArchitecture.AttentionResUNet}\"");
            }

            int dims = r.Int(a, "spatialDims", 2, 3, "architecture.spatialDims");
            int inChannels = r.Int(a, "inChannels", 1, 64, "architecture.inChannels");
            int baseFeatures = r.Int(a, "baseFeatures", 1, 1024, "architecture.baseFeatures");
            int levels = r.Int(a, "levels", 1, 8, "architecture.levels");
            var classNames = r.StringArray(a, "classNames", "architecture.classNames");
            if (classNames.Length < 1 || classNames.Distinct(StringComparer.Ordinal).Count() != classNames.Length)
            {
                throw new ModelFormatException($"{source}: architecture.classNames must list at least one class, each once");
            }

            if (dims == 3 && inChannels != 1)
            {
                throw new ModelFormatException($"{source}: a 3D model takes one input channel, architecture.inChannels is {inChannels}");
            }

            if (dims == 2 && inChannels % 2 == 0)
            {
                throw new ModelFormatException($"{source}: a 2D model's inChannels ({inChannels}) must be odd: neighbouring slices centred on the slice");
            }

            var arch = new ModelArchitecture(archName, dims, inChannels, baseFeatures, levels, classNames);

            var i = r.Child(root, "input");
            var spacing = r.NumberArray(i, "spacingMm", "input.spacingMm");
            if (spacing.Length != 3 || spacing.Any(s => s < 0 || !double.IsFinite(s)))
            {
                throw new ModelFormatException($"{source}: input.spacingMm must be three non-negative numbers (z, y, x) in mm");
            }

            var window = r.NumberArray(i, "huWindow", "input.huWindow");
            if (window.Length != 2 || !(window[0] < window[1]))
            {
                throw new ModelFormatException($"{source}: input.huWindow must be [low, high] with low < high");
            }

            var norm = r.Child(i, "normalization", "input.normalization");
            double mean = r.Number(norm, "mean", "input.normalization.mean");
            double std = r.Number(norm, "std", "input.normalization.std");
            if (!(std > 0))
            {
                throw new ModelFormatException($"{source}: input.normalization.std must be positive");
            }

            var input = new ModelInputSpec(spacing, window[0], window[1], mean, std);

            var inf = r.Child(root, "inference");
            var patchD = r.NumberArray(inf, "patchSize", "inference.patchSize");
            if (patchD.Length != dims || patchD.Any(p => p < 1 || p != Math.Floor(p) || p > 4096 || (int)p % arch.Divisor != 0))
            {
                throw new ModelFormatException($"{source}: inference.patchSize must hold {dims} positive integers, each a multiple of {arch.Divisor} (2^(levels-1))");
            }

            // The largest activation, [2 * baseFeatures, patch] at level 0 (the decoder's concatenation), must fit one buffer.
            double largest = 2.0 * baseFeatures * patchD.Aggregate(1.0, (acc, p) => acc * p);
            if (largest > Array.MaxLength)
            {
                throw new ModelFormatException($"{source}: inference.patchSize with {baseFeatures} base features makes a level-0 activation of {largest:E2} values, more than one buffer holds; use a smaller patch");
            }

            double overlap = r.Number(inf, "overlap", "inference.overlap");
            if (!(overlap >= 0 && overlap < 1))
            {
                throw new ModelFormatException($"{source}: inference.overlap must be in [0, 1)");
            }

            string blendingText = r.String(inf, "blending", "inference.blending");
            var blending = blendingText switch
            {
                "gaussian" => BlendingMode.Gaussian,
                "constant" => BlendingMode.Constant,
                _ => throw new ModelFormatException($"{source}: inference.blending \"{blendingText}\" is not \"gaussian\" or \"constant\""),
            };
            double sigma = inf.TryGetProperty("gaussianSigmaScale", out _) ? r.Number(inf, "gaussianSigmaScale", "inference.gaussianSigmaScale") : 0.125;
            if (!(sigma > 0))
            {
                throw new ModelFormatException($"{source}: inference.gaussianSigmaScale must be positive");
            }

            var sliding = new SlidingWindowSpec(patchD.Select(p => (int)p).ToArray(), overlap, blending, sigma);

            var provenance = ReadProvenance(root, r);

            var w = r.Child(root, "weights");
            string file = r.String(w, "file", "weights.file");
            if (file.Length == 0 || file != Path.GetFileName(file) || file is "." or "..")
            {
                throw new ModelFormatException($"{source}: weights.file \"{file}\" must be a plain file name inside the package folder");
            }

            string sha = r.String(w, "sha256", "weights.sha256");
            if (sha.Length != 64 || !sha.All(Uri.IsHexDigit))
            {
                throw new ModelFormatException($"{source}: weights.sha256 must be 64 hexadecimal digits");
            }

            return new ModelManifest(version, name, modelVersion, arch, input, sliding, provenance, new WeightsSpec(file, sha.ToLowerInvariant()));
        }
    }

    private static ModelProvenance ReadProvenance(JsonElement root, Reader r)
    {
        if (!root.TryGetProperty("provenance", out var p) || p.ValueKind != JsonValueKind.Object)
        {
            return new ModelProvenance("", 0, new Dictionary<string, double>(), "");
        }

        string data = p.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
        int epochs = p.TryGetProperty("epochs", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int ep) ? ep : 0;
        string date = p.TryGetProperty("date", out var dt) && dt.ValueKind == JsonValueKind.String ? dt.GetString()! : "";
        var dice = new Dictionary<string, double>(StringComparer.Ordinal);
        if (p.TryGetProperty("validationDice", out var vd) && vd.ValueKind == JsonValueKind.Object)
        {
            foreach (var kv in vd.EnumerateObject())
            {
                dice[kv.Name] = r.Number(vd, kv.Name, "provenance.validationDice." + kv.Name);
            }
        }

        return new ModelProvenance(data, epochs, dice, date);
    }

    private sealed class Reader(string source)
    {
        public void Object(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                throw new ModelFormatException($"{source}: {path} must be a JSON object");
            }
        }

        public JsonElement Child(JsonElement parent, string name, string? path = null)
        {
            var e = Get(parent, name, path);
            Object(e, path ?? name);
            return e;
        }

        public string String(JsonElement parent, string name, string? path = null)
        {
            var e = Get(parent, name, path);
            return e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Bad(path ?? name, "a string");
        }

        public double Number(JsonElement parent, string name, string? path = null)
        {
            var e = Get(parent, name, path);
            return e.ValueKind == JsonValueKind.Number && double.IsFinite(e.GetDouble()) ? e.GetDouble() : throw Bad(path ?? name, "a finite number");
        }

        public int Int(JsonElement parent, string name, int min, int max, string? path = null)
        {
            var e = Get(parent, name, path);
            if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) && v >= min && v <= max)
            {
                return v;
            }

            throw Bad(path ?? name, string.Create(CultureInfo.InvariantCulture, $"an integer in [{min}, {max}]"));
        }

        public double[] NumberArray(JsonElement parent, string name, string path)
        {
            var e = Get(parent, name, path);
            if (e.ValueKind != JsonValueKind.Array || e.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number))
            {
                throw Bad(path, "an array of numbers");
            }

            return e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        }

        public string[] StringArray(JsonElement parent, string name, string path)
        {
            var e = Get(parent, name, path);
            if (e.ValueKind != JsonValueKind.Array || e.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            {
                throw Bad(path, "an array of strings");
            }

            return e.EnumerateArray().Select(x => x.GetString()!).ToArray();
        }

        private JsonElement Get(JsonElement parent, string name, string? path) =>
            parent.TryGetProperty(name, out var e) ? e : throw new ModelFormatException($"{source}: {path ?? name} is missing");

        private ModelFormatException Bad(string path, string expected) => new($"{source}: {path} must be {expected}");
    }
}
