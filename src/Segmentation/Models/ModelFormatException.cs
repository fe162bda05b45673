namespace DicomSegNode.Segmentation.Models;

/// <summary>A model package (model.json, weights.safetensors) is malformed, corrupt or inconsistent; the message says where.</summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelFormatException()
    {
    }

    /// <summary>Creates the exception with a message naming the file and the problem.</summary>
    public ModelFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
