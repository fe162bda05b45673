namespace DicomSegNode.Seg2DicomSeg.Content;

/// <summary>
/// A code sequence item: Code Value / Long Code Value, Coding Scheme Designator, Code Meaning
/// (PS3.3 8.8 Table 8.8-1 Code Sequence Macro).
/// </summary>
public sealed record CodedConcept
{
    /// <summary>Creates a coded concept; every part is checked against its VR (PS3.5 6.2).</summary>
    public CodedConcept(string value, string scheme, string meaning)
    {
        Value = Check(value, nameof(value), 64);
        Scheme = Check(scheme, nameof(scheme), 16);
        Meaning = Check(meaning, nameof(meaning), 64);
    }

    /// <summary>The code value. Up to 16 characters it is written as Code Value (0008,0100, SH); longer as
    /// Long Code Value (0008,0119, UC). We refuse values past 64 characters although UC allows more: no
    /// standard code is that long, and such a value is a caller mistake.</summary>
    public string Value { get; }

    /// <summary>Coding Scheme Designator (0008,0102, SH), e.g. SCT or DCM.</summary>
    public string Scheme { get; }

    /// <summary>Code Meaning (0008,0104, LO).</summary>
    public string Meaning { get; }

    /// <summary>True when <see cref="Value"/> goes to Long Code Value instead of Code Value.</summary>
    public bool IsLongValue => Value.Length > 16;

    /// <summary>Same code (value and scheme); the meaning is a display string and may differ between editions.</summary>
    public bool Matches(CodedConcept other) =>
        other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal) && string.Equals(Scheme, other.Scheme, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => $"({Value}, {Scheme}, \"{Meaning}\")";

    private static string Check(string text, string name, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text, name);
        if (text.Length == 0 || string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"A code's {name} must not be empty.", name);
        }

        if (text.Length > maxLength)
        {
            throw new ArgumentException($"A code's {name} \"{text}\" has {text.Length} characters; at most {maxLength} are allowed.", name);
        }

        foreach (char c in text)
        {
            if (c == '\\' || char.IsControl(c))
            {
                throw new ArgumentException($"A code's {name} \"{text}\" contains a backslash or control character, which its VR forbids.", name);
            }
        }

        if (text[0] == ' ' || text[^1] == ' ')
        {
            throw new ArgumentException($"A code's {name} \"{text}\" has leading or trailing spaces, which are not significant in DICOM and would not survive a round trip.", name);
        }

        return text;
    }
}
