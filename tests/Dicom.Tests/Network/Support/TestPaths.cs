namespace DicomSegNode.Dicom.Tests.Network.Support;

/// <summary>Test data beside the test assembly, and scratch folders that delete themselves.</summary>
internal static class TestPaths
{
    public static string NetworkData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Network", name);

    public static TempFolder NewTempFolder() => new();
}
