using System.Security.Cryptography;

namespace DicomSegNode.Segmentation.Models;

/// <summary>
/// A loaded model package: a folder holding model.json and its weights file (docs/engine.md, "Model package").
/// <see cref="Load"/> validates everything before returning: the manifest, the weights' SHA-256 against
/// model.json, the safetensors structure, and that the tensors are exactly those the architecture needs
/// (names, dtypes, shapes). The network is then built from it without further checks.
/// </summary>
public sealed class ModelPackage
{
    /// <summary>The manifest file name inside a package folder.</summary>
    public const string ManifestFile = "model.json";

    /// <summary>The largest weights file accepted (1 GiB; the U-Nets here are tens of MB).</summary>
    public const long MaxWeightsBytes = 1L << 30;

    private ModelPackage(string folder, ModelManifest manifest, IReadOnlyDictionary<string, SafeTensor> tensors)
    {
        Folder = folder;
        Manifest = manifest;
        Tensors = tensors;
    }

    /// <summary>The package folder.</summary>
    public string Folder { get; }

    /// <summary>The parsed model.json.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The weights, by state_dict name (F32 values; I64 batch-norm counters without values).</summary>
    public IReadOnlyDictionary<string, SafeTensor> Tensors { get; }

    /// <summary>Loads and validates the package in <paramref name="folder"/>; any problem is a <see cref="ModelFormatException"/> naming the file.</summary>
    public static ModelPackage Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string manifestPath = Path.Combine(folder, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            throw new ModelFormatException($"{manifestPath}: no model.json in the model folder");
        }

        var manifest = ModelManifestReader.Parse(File.ReadAllText(manifestPath), manifestPath);
        string weightsPath = Path.Combine(folder, manifest.Weights.File);
        if (!File.Exists(weightsPath))
        {
            throw new ModelFormatException($"{weightsPath}: the weights file named by model.json does not exist");
        }

        long size = new FileInfo(weightsPath).Length;
        if (size > MaxWeightsBytes)
        {
            throw new ModelFormatException($"{weightsPath}: {size} bytes is larger than the {MaxWeightsBytes}-byte limit for a weights file");
        }

        byte[] bytes = File.ReadAllBytes(weightsPath);
        string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != manifest.Weights.Sha256)
        {
            throw new ModelFormatException($"{weightsPath}: SHA-256 {actual} does not match model.json's {manifest.Weights.Sha256}; the file is corrupt or belongs to another model");
        }

        var tensors = SafeTensorsReader.Parse(bytes, weightsPath);
        Validate(manifest.Architecture, tensors, weightsPath);
        return new ModelPackage(Path.GetFullPath(folder), manifest, tensors);
    }

    /// <summary>Checks that <paramref name="tensors"/> are exactly those <paramref name="architecture"/> needs.</summary>
    public static void Validate(ModelArchitecture architecture, IReadOnlyDictionary<string, SafeTensor> tensors, string source)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(tensors);
        var expected = AttentionResUNetLayout.Expected(architecture);
        var names = new HashSet<string>(StringComparer.Ordinal);
        string arch = $"{architecture.SpatialDims}D, {architecture.InChannels} in, {architecture.BaseFeatures} base features, {architecture.Levels} levels, {architecture.Classes} classes";
        foreach (var (name, shape) in expected)
        {
            names.Add(name);
            if (!tensors.TryGetValue(name, out var t))
            {
                throw new ModelFormatException($"{source}: tensor '{name}' [{string.Join(", ", shape)}] needed by the architecture in model.json ({arch}) is missing");
            }

            if (t.DType != "F32")
            {
                throw new ModelFormatException($"{source}: tensor '{name}' is {t.DType}, expected F32");
            }

            if (!t.Shape.SequenceEqual(shape))
            {
                throw new ModelFormatException($"{source}: tensor '{name}' has shape {t.ShapeText} but the architecture in model.json ({arch}) needs [{string.Join(", ", shape)}]");
            }
        }

        foreach (var t in tensors.Values)
        {
            if (names.Contains(t.Name))
            {
                continue;
            }

            string owner = t.Name[..Math.Max(0, t.Name.Length - AttentionResUNetLayout.BatchNormCounter.Length)] + "weight";
            if (AttentionResUNetLayout.IsBatchNormCounter(t.Name) && names.Contains(owner) && t.DType == "I64")
            {
                continue;
            }

            throw new ModelFormatException($"{source}: tensor '{t.Name}' {t.ShapeText} is not part of the architecture in model.json ({arch})");
        }
    }
}
