using System.Text.Json.Nodes;
using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Cascade;

namespace DicomSegNode.Segmentation.Tests.Cascade;

/// <summary>The committed test model packages (TestData/cascade, made by make_threshold_models.py), optionally at another spacing.</summary>
internal static class TestPackages
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "cascade", name);

    /// <summary>Loads a package; with <paramref name="spacingZyx"/>, from a copy whose model.json asks for that spacing.</summary>
    public static PackageStageModel Load(string name, double[]? spacingZyx = null)
    {
        string folder = Folder(name);
        if (spacingZyx is not null)
        {
            string copy = Directory.CreateTempSubdirectory("cascade-package").FullName;
            File.Copy(Path.Combine(folder, "weights.safetensors"), Path.Combine(copy, "weights.safetensors"));
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "model.json")))!;
            json["input"]!["spacingMm"] = new JsonArray([.. spacingZyx.Select(s => (JsonNode)JsonValue.Create(s))]);
            File.WriteAllText(Path.Combine(copy, "model.json"), json.ToJsonString());
            var model = PackageStageModel.Load(copy, Device.Cpu);
            Directory.Delete(copy, recursive: true);
            return model;
        }

        return PackageStageModel.Load(folder, Device.Cpu);
    }
}
