using System.Globalization;
using DicomSegNode.Node.Configuration;
using Microsoft.Extensions.Options;

namespace DicomSegNode.Node.Pipeline;

internal sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        var errors = new List<string>();
        ValidationRules.Range(errors, "Pipeline:QuietPeriodSeconds", options.QuietPeriodSeconds, 1, 86400);
        ValidationRules.Range(errors, "Pipeline:SegSeriesNumber", options.SegSeriesNumber, 1, 99999);
        ValidationRules.Range(errors, "Pipeline:KeepSourcesHours", options.KeepSourcesHours, 0, 24 * 365);
        if (options.Device is not ("auto" or "cpu" or "cuda"))
        {
            errors.Add($"Pipeline:Device: '{options.Device}' is not one of auto, cpu, cuda");
        }

        if (string.IsNullOrWhiteSpace(options.SegSeriesDescription) || options.SegSeriesDescription.Length > 64)
        {
            errors.Add("Pipeline:SegSeriesDescription: must be 1 to 64 characters (LO)");
        }

        return ValidationRules.Result(errors);
    }
}

internal sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        var errors = new List<string>();
        ValidationRules.Range(errors, "Delivery:MaxAttempts", options.MaxAttempts, 1, 1000);
        if (options.InitialDelaySeconds is <= 0 or > 3600)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Delivery:InitialDelaySeconds: must be above 0 and at most 3600 (was {options.InitialDelaySeconds})"));
        }

        if (options.MaxDelaySeconds < options.InitialDelaySeconds || options.MaxDelaySeconds > 86400)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Delivery:MaxDelaySeconds: must be between InitialDelaySeconds and 86400 (was {options.MaxDelaySeconds})"));
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Destinations.Count; i++)
        {
            var d = options.Destinations[i];
            var path = string.Create(CultureInfo.InvariantCulture, $"Delivery:Destinations:{i}");
            if (d.Name.Length == 0 || d.Name.Length > 32 || !d.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                errors.Add($"{path}:Name: '{d.Name}' must be 1-32 letters, digits, '-' or '_'");
            }
            else if (!names.Add(d.Name))
            {
                errors.Add($"{path}:Name: '{d.Name}' is used by another destination");
            }

            if (string.IsNullOrWhiteSpace(d.Host))
            {
                errors.Add($"{path}:Host: must not be empty");
            }

            ValidationRules.Port(errors, $"{path}:Port", d.Port, allowZero: false);
            ValidationRules.AeTitle(errors, $"{path}:AeTitle", d.AeTitle);
            if (d.CallingAeTitle.Length > 0)
            {
                ValidationRules.AeTitle(errors, $"{path}:CallingAeTitle", d.CallingAeTitle);
            }
        }

        return ValidationRules.Result(errors);
    }
}
