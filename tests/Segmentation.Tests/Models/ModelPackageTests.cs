using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DicomSegNode.Segmentation.Models;

namespace DicomSegNode.Segmentation.Tests.Models;

/// <summary>Loading model packages: the good fixture, and each way a package can be broken giving a clear error.</summary>
public sealed class ModelPackageTests : IDisposable
{
    private readonly List<string> _folders = [];

    public void Dispose()
    {
        foreach (var f in _folders)
        {
            Directory.Delete(f, recursive: true);
        }
    }

    [Fact]
    public void Load_ParityFixture_ReadsManifestAndAllTensors()
    {
        var package = ModelPackage.Load(TestData.Path("parity", "net3d", "model"));
        var m = package.Manifest;
        Assert.Equal(1, m.FormatVersion);
        Assert.Equal("net3d", m.Name);
        Assert.Equal(new ModelArchitecture("attention-res-unet", 3, 1, 4, 3, ["class0", "class1", "class2"]) with { ClassNames = m.Architecture.ClassNames }, m.Architecture);
        Assert.Equal(["class0", "class1", "class2"], m.Architecture.ClassNames);
        Assert.Equal([2.0, 1.5, 1.5], m.Input.SpacingMm);
        Assert.Equal((-200.0, 300.0), (m.Input.HuWindowLow, m.Input.HuWindowHigh));
        Assert.Equal([16, 24, 20], m.Inference.PatchSize);
        Assert.Equal(BlendingMode.Gaussian, m.Inference.Blending);
        Assert.Equal(AttentionResUNetLayout.Expected(m.Architecture).Count, package.Tensors.Values.Count(t => t.DType == "F32"));
    }

    [Fact]
    public void Load_TruncatedWeights_ThrowsShaMismatch()
    {
        string folder = Copy("net2d");
        string weights = Path.Combine(folder, "weights.safetensors");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<ModelFormatException>(() => ModelPackage.Load(folder));
        Assert.Contains("SHA-256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedWeightsWithMatchingSha_ThrowsStructuralError()
    {
        string folder = Copy("net2d");
        var bytes = File.ReadAllBytes(Path.Combine(folder, "weights.safetensors"));
        var ex = Assert.Throws<ModelFormatException>(() => Rewrite(folder, bytes[..(bytes.Length - 100)]));
        Assert.Contains("data area", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HeaderLengthPastEnd_ThrowsTruncated()
    {
        string folder = Copy("net2d");
        var bytes = File.ReadAllBytes(Path.Combine(folder, "weights.safetensors"));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)bytes.Length);
        var ex = Assert.Throws<ModelFormatException>(() => Rewrite(folder, bytes));
        Assert.Contains("truncated or not safetensors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HeaderNotJson_ThrowsInvalidJson()
    {
        string folder = Copy("net2d");
        var bytes = File.ReadAllBytes(Path.Combine(folder, "weights.safetensors"));
        bytes[8] = (byte)'#';
        var ex = Assert.Throws<ModelFormatException>(() => Rewrite(folder, bytes));
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "dtype F16")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "gap or overlap")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,80]}}", 8, "outside the 8-byte data area")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "non-negative integer")]
    [InlineData("[1,2]", 0, "must be a JSON object")]
    [InlineData("{\"a\":{\"dtype\":\"F32\"}}", 0, "needs \"dtype\"")]
    public void Parse_MalformedHeader_ThrowsClearMessage(string header, int dataBytes, string expected)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        var ex = Assert.Throws<ModelFormatException>(() => SafeTensorsReader.Parse(bytes, "x.safetensors"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("x.safetensors: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooShort_Throws()
    {
        var ex = Assert.Throws<ModelFormatException>(() => SafeTensorsReader.Parse(new byte[5], "w"));
        Assert.Contains("too short", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("levels", 4, "is missing")]
    [InlineData("baseFeatures", 8, "has shape")]
    [InlineData("inChannels", 1, "'encoders.0.conv1.weight' has shape [4, 3, 3, 3]")]
    [InlineData("inChannels", 2, "must be odd")]
    public void Load_ArchitectureDisagreesWithWeights_ThrowsNamingTheTensor(string field, int value, string expected)
    {
        string folder = Copy("net2d");
        EditManifest(folder, j => j["architecture"]![field] = value);
        var ex = Assert.Throws<ModelFormatException>(() => ModelPackage.Load(folder));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MoreClassesThanTheHead_ThrowsNamingHeadWeight()
    {
        string folder = Copy("net3d");
        EditManifest(folder, j => j["architecture"]!["classNames"] = new JsonArray("a", "b", "c", "d"));
        var ex = Assert.Throws<ModelFormatException>(() => ModelPackage.Load(folder));
        Assert.Contains("head.weight", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExtraTensor_ThrowsNotPartOfArchitecture()
    {
        string folder = Copy("net3d");
        var bytes = File.ReadAllBytes(Path.Combine(folder, "weights.safetensors"));
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonNode.Parse(bytes.AsSpan(8, headerLength))!;
        int dataLength = bytes.Length - 8 - headerLength;
        header["extra.weight"] = JsonNode.Parse($"{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[{dataLength},{dataLength + 4}]}}");
        var newHeader = Encoding.UTF8.GetBytes(header.ToJsonString());
        var image = new byte[8 + newHeader.Length + dataLength + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(image, (ulong)newHeader.Length);
        newHeader.CopyTo(image, 8);
        bytes.AsSpan(8 + headerLength).CopyTo(image.AsSpan(8 + newHeader.Length));
        var ex = Assert.Throws<ModelFormatException>(() => Rewrite(folder, image));
        Assert.Contains("'extra.weight' [1] is not part of the architecture", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("formatVersion", "2", "formatVersion 2 is not supported")]
    [InlineData("inference.patchSize", "[16, 24, 22]", "multiple of 4")]
    [InlineData("inference.overlap", "1.0", "overlap must be in [0, 1)")]
    [InlineData("inference.patchSize", "[4096, 4096, 4096]", "more than one buffer holds")]
    [InlineData("inference.blending", "\"median\"", "is not \"gaussian\" or \"constant\"")]
    [InlineData("input.huWindow", "[300, -200]", "low < high")]
    [InlineData("input.normalization.std", "0", "std must be positive")]
    [InlineData("weights.file", "\"../weights.safetensors\"", "plain file name")]
    [InlineData("architecture.name", "\"unet\"", "is not \"attention-res-unet\"")]
    public void Load_InvalidManifestField_ThrowsNamingThePath(string path, string json, string expected)
    {
        string folder = Copy("net3d");
        EditManifest(folder, j =>
        {
            var parts = path.Split('.');
            JsonNode node = j;
            foreach (var p in parts[..^1])
            {
                node = node[p]!;
            }

            node[parts[^1]] = JsonNode.Parse(json);
        });
        var ex = Assert.Throws<ModelFormatException>(() => ModelPackage.Load(folder));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("model.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFolder_ThrowsNoModelJson()
    {
        var ex = Assert.Throws<ModelFormatException>(() => ModelPackage.Load(Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid())));
        Assert.Contains("no model.json", ex.Message, StringComparison.Ordinal);
    }

    private string Copy(string caseName)
    {
        string folder = TestData.CopyPackage(caseName);
        _folders.Add(folder);
        return folder;
    }

    /// <summary>Replaces the weights and fixes model.json's checksum, so the structural checks are what fails.</summary>
    private static ModelPackage Rewrite(string folder, byte[] weights)
    {
        File.WriteAllBytes(Path.Combine(folder, "weights.safetensors"), weights);
        string sha = Convert.ToHexStringLower(SHA256.HashData(weights));
        EditManifest(folder, j => j["weights"]!["sha256"] = sha);
        return ModelPackage.Load(folder);
    }

    private static void EditManifest(string folder, Action<JsonNode> edit)
    {
        string path = Path.Combine(folder, "model.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }
}
