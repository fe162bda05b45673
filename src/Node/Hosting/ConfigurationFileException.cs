namespace DicomSegNode.Node.Hosting;

/// <summary>A configuration file that is missing or not valid JSON; the message is the whole story.</summary>
public sealed class ConfigurationFileException(string message) : Exception(message);
