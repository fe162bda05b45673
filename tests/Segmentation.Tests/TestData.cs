using System.Buffers.Binary;

namespace DicomSegNode.Segmentation.Tests;

/// <summary>Locates the committed fixtures next to the test assembly.</summary>
internal static class TestData
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        }

        return values;
    }

    /// <summary>Copies a fixture package to a fresh temporary folder the test may damage.</summary>
    public static string CopyPackage(string caseName)
    {
        string source = Path("parity", caseName, "model");
        string target = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dsn-engine-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }

        return target;
    }
}
