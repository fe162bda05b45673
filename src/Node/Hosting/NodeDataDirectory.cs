namespace DicomSegNode.Node.Hosting;

/// <summary>The data directory (<c>Storage:DataDir</c>) as an absolute path, fixed at start.</summary>
public sealed record NodeDataDirectory(string Path);
