using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace DicomSegNode.Node.Configuration;

/// <summary>
/// Start-time validation of every options section. Each failure names its configuration path
/// (<c>Section:Key</c>) and what is wrong, so a bad setting costs the operator one line to fix.
/// </summary>
internal sealed class DicomOptionsValidator : IValidateOptions<DicomOptions>
{
    public ValidateOptionsResult Validate(string? name, DicomOptions options)
    {
        var errors = new List<string>();
        ValidationRules.AeTitle(errors, "Dicom:AeTitle", options.AeTitle);
        ValidationRules.Port(errors, "Dicom:Port", options.Port, allowZero: true);
        ValidationRules.Address(errors, "Dicom:BindAddress", options.BindAddress);
        ValidationRules.Range(errors, "Dicom:MaxAssociations", options.MaxAssociations, 1, 1024);
        ValidationRules.ExistingFile(errors, "Dicom:TlsCertificate", options.TlsCertificate);
        ValidationRules.ExistingFile(errors, "Dicom:TlsKey", options.TlsKey);
        ValidationRules.ExistingFile(errors, "Dicom:TlsClientCa", options.TlsClientCa);
        if (options.TlsCertificate.Length == 0 && (options.TlsKey.Length > 0 || options.TlsClientCa.Length > 0))
        {
            errors.Add("Dicom:TlsCertificate: must be set when Dicom:TlsKey or Dicom:TlsClientCa is");
        }

        return ValidationRules.Result(errors);
    }
}

internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var errors = new List<string>();
        ValidationRules.Port(errors, "Http:Port", options.Port, allowZero: true);
        ValidationRules.Address(errors, "Http:BindAddress", options.BindAddress);
        return ValidationRules.Result(errors);
    }
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            errors.Add("Storage:DataDir: must not be empty");
        }
        else if (options.DataDir.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"Storage:DataDir: '{options.DataDir}' contains characters not allowed in a path");
        }
        else if (File.Exists(options.DataDir))
        {
            errors.Add($"Storage:DataDir: '{options.DataDir}' is a file, not a directory");
        }

        return ValidationRules.Result(errors);
    }
}

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.OtlpEndpoint)
            && (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"Telemetry:OtlpEndpoint: '{options.OtlpEndpoint}' is not an absolute http:// or https:// address");
        }

        if (options.OtlpProtocol is not ("grpc" or "http/protobuf"))
        {
            errors.Add($"Telemetry:OtlpProtocol: '{options.OtlpProtocol}' is not one of grpc, http/protobuf");
        }

        ValidationRules.Range(errors, "Telemetry:OtlpExportIntervalSeconds", options.OtlpExportIntervalSeconds, 1, 3600);
        return ValidationRules.Result(errors);
    }
}

internal sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        var errors = new List<string>();
        ValidationRules.Range(errors, "Host:ShutdownTimeoutSeconds", options.ShutdownTimeoutSeconds, 1, 3600);
        return ValidationRules.Result(errors);
    }
}

internal static class ValidationRules
{
    public static ValidateOptionsResult Result(List<string> errors) =>
        errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

    public static void ExistingFile(List<string> errors, string path, string value)
    {
        if (value.Length > 0 && !File.Exists(value))
        {
            errors.Add($"{path}: '{value}' does not exist");
        }
    }

    public static void Range(List<string> errors, string path, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: must be between {min} and {max} (was {value})"));
        }
    }

    public static void Port(List<string> errors, string path, int value, bool allowZero)
    {
        if (value < (allowZero ? 0 : 1) || value > 65535)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: must be a TCP port between {(allowZero ? 0 : 1)} and 65535 (was {value})"));
        }
    }

    public static void Address(List<string> errors, string path, string value)
    {
        if (!IPAddress.TryParse(value, out _) && value != "localhost" && value != "*")
        {
            errors.Add($"{path}: '{value}' is not an IP address (use 0.0.0.0 for all IPv4 interfaces, :: for all IPv6, or 127.0.0.1)");
        }
    }

    /// <summary>PS3.5 6.2: AE is 16 characters at most, no backslash, no control characters; leading/trailing spaces are not significant.</summary>
    public static void AeTitle(List<string> errors, string path, string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length is 0 or > 16)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: must be 1 to 16 characters (was {trimmed.Length})"));
        }
        else if (trimmed.Any(c => c == '\\' || char.IsControl(c) || c > 0x7E))
        {
            errors.Add($"{path}: '{trimmed}' contains a backslash, a control character or a non-ASCII character");
        }
    }
}
