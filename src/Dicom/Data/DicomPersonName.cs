namespace DicomSegNode.Dicom.Data;

/// <summary>
/// A Person Name (PN, PS3.5 6.2.1): up to three component groups (alphabetic, ideographic, phonetic) separated by
/// '=', each of five components separated by '^': family, given, middle, prefix, suffix.
/// </summary>
/// <param name="Alphabetic">The alphabetic group.</param>
/// <param name="Ideographic">The ideographic group (may be empty).</param>
/// <param name="Phonetic">The phonetic group (may be empty).</param>
public readonly record struct DicomPersonName(string Alphabetic, string Ideographic, string Phonetic)
{
    /// <summary>Family name of the alphabetic group.</summary>
    public string FamilyName => Component(Alphabetic, 0);

    /// <summary>Given name of the alphabetic group.</summary>
    public string GivenName => Component(Alphabetic, 1);

    /// <summary>Middle name of the alphabetic group.</summary>
    public string MiddleName => Component(Alphabetic, 2);

    /// <summary>Name prefix of the alphabetic group.</summary>
    public string Prefix => Component(Alphabetic, 3);

    /// <summary>Name suffix of the alphabetic group.</summary>
    public string Suffix => Component(Alphabetic, 4);

    /// <summary>Splits a decoded PN value into its component groups.</summary>
    public static DicomPersonName Parse(string value)
    {
        var groups = value.Split('=');
        return new DicomPersonName(groups[0], groups.Length > 1 ? groups[1] : string.Empty, groups.Length > 2 ? groups[2] : string.Empty);
    }

    /// <summary>The PN value, trailing empty components and groups removed (PS3.5 6.2.1).</summary>
    public override string ToString() => string.Join('=', Alphabetic.TrimEnd('^'), Ideographic.TrimEnd('^'), Phonetic.TrimEnd('^')).TrimEnd('=');

    private static string Component(string group, int index)
    {
        var parts = group.Split('^');
        return index < parts.Length ? parts[index] : string.Empty;
    }
}
