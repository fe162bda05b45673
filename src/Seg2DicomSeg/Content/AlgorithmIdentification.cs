namespace DicomSegNode.Seg2DicomSeg.Content;

/// <summary>
/// One Segmentation Algorithm Identification Sequence (0062,0007) item: family, name, version (PS3.3 10.16 Algorithm
/// Identification Macro). Required in a segment whose algorithm type is not MANUAL (PS3.3 C.8.20.2).
/// </summary>
public sealed record AlgorithmIdentification
{
    /// <summary>Creates the item; name and version are LO values and must be 1..64 characters.</summary>
    public AlgorithmIdentification(string name, string version, CodedConcept? family = null, string? source = null)
    {
        Name = CheckLo(name, nameof(name), required: true)!;
        Version = CheckLo(version, nameof(version), required: true)!;
        Family = family ?? Codes.ArtificialIntelligence;
        Source = CheckLo(source, nameof(source), required: false);
    }

    /// <summary>Algorithm Family Code Sequence (0066,002F), CID 7162; DCM 123110 Artificial Intelligence by default.</summary>
    public CodedConcept Family { get; }

    /// <summary>Algorithm Name (0066,0036), e.g. the model package's name.</summary>
    public string Name { get; }

    /// <summary>Algorithm Version (0066,0031): the model package's version.</summary>
    public string Version { get; }

    /// <summary>Algorithm Source (0024,0202), optional: who made the algorithm.</summary>
    public string? Source { get; }

    internal static string? CheckLo(string? text, string name, bool required)
    {
        if (text is null)
        {
            return required ? throw new ArgumentNullException(name) : null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"{name} must not be empty or blank.", name);
        }

        if (text.Length > 64)
        {
            throw new ArgumentException($"{name} \"{text}\" has {text.Length} characters; LO allows 64 (PS3.5 6.2).", name);
        }

        if (text.Contains('\\', StringComparison.Ordinal) || text.Any(char.IsControl))
        {
            throw new ArgumentException($"{name} \"{text}\" contains a backslash or control character, which LO forbids.", name);
        }

        return text;
    }
}
