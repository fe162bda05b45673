using System.Reflection;

namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>
/// How a SEG is written: the series and content labels, our equipment, which segments and frames go in.
/// An options record rather than a constructor with thirty parameters; <see cref="Validate"/> names every
/// offending property.
/// </summary>
public sealed record SegmentationOptions
{
    /// <summary>Series Number (0020,0011) of the new SEG series.</summary>
    public int SeriesNumber { get; init; } = 901;

    /// <summary>Series Description (0008,103E).</summary>
    public string SeriesDescription { get; init; } = "AI liver segmentation";

    /// <summary>Content Label (0070,0080): a CS, so upper-case letters, digits, space and underscore, at most 16.</summary>
    public string ContentLabel { get; init; } = "LIVER_AI";

    /// <summary>Content Description (0070,0081).</summary>
    public string? ContentDescription { get; init; } = "Liver, liver tumour and hepatic vessels (automatic)";

    /// <summary>Content Creator's Name (0070,0084), a PN; empty by default (type 2: present, no value).</summary>
    public string? ContentCreatorName { get; init; }

    /// <summary>Manufacturer (0008,0070) of the device that made the SEG: us.</summary>
    public string Manufacturer { get; init; } = "DicomSegNode";

    /// <summary>Manufacturer's Model Name (0008,1090).</summary>
    public string ManufacturerModelName { get; init; } = "DicomSegNode";

    /// <summary>Software Versions (0018,1020); defaults to this assembly's informational version.</summary>
    public string SoftwareVersions { get; init; } = DefaultSoftwareVersion();

    /// <summary>Device Serial Number (0018,1000), type 1 in the Enhanced General Equipment Module (PS3.3 C.7.5.2).</summary>
    public string DeviceSerialNumber { get; init; } = "1";

    /// <summary>Instance Number (0020,0013).</summary>
    public int InstanceNumber { get; init; } = 1;

    /// <summary>Leave out frames with no pixel set. Off by default: several viewers place the frames of a sparse SEG
    /// on the wrong slices. When on, a segment keeps at least one frame so that it stays referenced.</summary>
    public bool OmitEmptyFrames { get; init; }

    /// <summary>The segment numbers to write (null: every segment given).</summary>
    public IReadOnlyList<int>? SegmentNumbers { get; init; }

    /// <summary>Content Date/Time (0008,0023/0033) and Series Date/Time; null: now from <see cref="TimeProvider"/>.
    /// Fixing it makes the output byte-for-byte reproducible.</summary>
    public DateTimeOffset? ContentDateTime { get; init; }

    /// <summary>The clock used when <see cref="ContentDateTime"/> is null.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Every problem with these options, one message per property (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SeriesNumber < 0)
        {
            errors.Add($"{nameof(SeriesNumber)}: {SeriesNumber} is not a valid IS value.");
        }

        if (InstanceNumber < 0)
        {
            errors.Add($"{nameof(InstanceNumber)}: {InstanceNumber} must not be negative.");
        }

        CheckText(errors, nameof(SeriesDescription), SeriesDescription, 64, required: false);
        CheckText(errors, nameof(ContentDescription), ContentDescription, 64, required: false);
        CheckText(errors, nameof(ContentCreatorName), ContentCreatorName, 64, required: false);
        CheckText(errors, nameof(Manufacturer), Manufacturer, 64, required: true);
        CheckText(errors, nameof(ManufacturerModelName), ManufacturerModelName, 64, required: true);
        CheckText(errors, nameof(SoftwareVersions), SoftwareVersions, 64, required: true);
        CheckText(errors, nameof(DeviceSerialNumber), DeviceSerialNumber, 64, required: true);
        if (string.IsNullOrEmpty(ContentLabel) || ContentLabel.Length > 16 || !ContentLabel.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or ' ' or '_'))
        {
            errors.Add($"{nameof(ContentLabel)}: \"{ContentLabel}\" must be 1..16 characters of A-Z, 0-9, space or underscore (CS, PS3.5 6.2).");
        }

        if (SegmentNumbers is { Count: 0 })
        {
            errors.Add($"{nameof(SegmentNumbers)}: an empty selection writes nothing; use null for every segment.");
        }

        if (TimeProvider is null)
        {
            errors.Add($"{nameof(TimeProvider)}: must not be null.");
        }

        return errors;
    }

    private static void CheckText(List<string> errors, string name, string? value, int max, bool required)
    {
        if (value is null || value.Length == 0)
        {
            if (required)
            {
                errors.Add($"{name}: is required.");
            }

            return;
        }

        if (value.Length > max)
        {
            errors.Add($"{name}: \"{value}\" has {value.Length} characters; at most {max} are allowed.");
        }

        if (value.Contains('\\', StringComparison.Ordinal) || value.Any(char.IsControl))
        {
            errors.Add($"{name}: \"{value}\" contains a backslash or control character.");
        }
    }

    private static string DefaultSoftwareVersion()
    {
        string? version = typeof(SegmentationOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // The informational version carries a "+commit" suffix; the commit is useful, but keep it short.
        return string.IsNullOrEmpty(version) ? "0" : version.Length > 64 ? version[..64] : version;
    }
}
