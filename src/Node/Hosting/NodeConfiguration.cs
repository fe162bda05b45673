using DicomSegNode.Node.Configuration;
using DicomSegNode.Node.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DicomSegNode.Node.Hosting;

/// <summary>
/// The node's configuration, lowest precedence first: the defaults embedded in the executable, an
/// optional JSON file (<c>appsettings.json</c> in the working directory, or <c>--config-file</c>),
/// environment variables prefixed <c>DICOMSEG_</c> (<c>__</c> between sections), then command-line options.
/// </summary>
public static class NodeConfiguration
{
    public const string EnvironmentPrefix = "DICOMSEG_";
    private const string EmbeddedDefaults = "DicomSegNode.Node.appsettings.json";

    public static IConfigurationRoot Build(string? configFile, IReadOnlyDictionary<string, string?> overrides, string? workingDirectory = null)
    {
        var builder = new ConfigurationBuilder();
        builder.AddJsonStream(typeof(NodeConfiguration).Assembly.GetManifestResourceStream(EmbeddedDefaults)
            ?? throw new InvalidOperationException("embedded default configuration is missing from the build"));
        if (configFile is not null)
        {
            if (!File.Exists(configFile))
            {
                throw new ConfigurationFileException($"--config-file: '{configFile}' does not exist");
            }

            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }
        else
        {
            var local = Path.Combine(workingDirectory ?? Directory.GetCurrentDirectory(), "appsettings.json");
            if (File.Exists(local))
            {
                builder.AddJsonFile(local, optional: true, reloadOnChange: false);
            }
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(overrides);
        try
        {
            return builder.Build();
        }
        catch (FormatException e)
        {
            throw new ConfigurationFileException($"configuration file is not valid JSON: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw new ConfigurationFileException($"configuration file is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// Binds and validates every section; returns one line per problem, each naming its setting.
    /// An empty list means the configuration is usable.
    /// </summary>
    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        var errors = new List<string>();
        Check(configuration, DicomOptions.SectionName, new DicomOptionsValidator(), errors);
        Check(configuration, HttpOptions.SectionName, new HttpOptionsValidator(), errors);
        Check(configuration, StorageOptions.SectionName, new StorageOptionsValidator(), errors);
        Check(configuration, TelemetryOptions.SectionName, new TelemetryOptionsValidator(), errors);
        Check(configuration, HostingOptions.SectionName, new HostingOptionsValidator(), errors);
        Check(configuration, PipelineOptions.SectionName, new PipelineOptionsValidator(), errors);
        Check(configuration, DeliveryOptions.SectionName, new DeliveryOptionsValidator(), errors);
        return errors;
    }

    public static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var value = new T();
        configuration.GetSection(section).Bind(value, o => o.ErrorOnUnknownConfiguration = true);
        return value;
    }

    private static void Check<T>(IConfiguration configuration, string section, IValidateOptions<T> validator, List<string> errors)
        where T : class, new()
    {
        var known = typeof(T).GetProperties().Select(p => p.Name).ToArray();
        var unknown = configuration.GetSection(section).GetChildren()
            .Where(c => !known.Contains(c.Key, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (unknown.Count > 0)
        {
            errors.AddRange(unknown.Select(c => $"{c.Path}: not a known setting (the {section} section has {string.Join(", ", known)})"));
            return;
        }

        T value;
        try
        {
            value = Bind<T>(configuration, section);
        }
        catch (InvalidOperationException e)
        {
            errors.Add(BindingError(configuration, section, e));
            return;
        }

        var result = validator.Validate(Options.DefaultName, value);
        if (result.Failed)
        {
            errors.AddRange(result.Failures);
        }
    }

    /// <summary>The binder's messages name the path but not in the form an operator types; restate them.</summary>
    private static string BindingError(IConfiguration configuration, string section, InvalidOperationException e)
    {
        foreach (var child in configuration.GetSection(section).GetChildren())
        {
            if (e.Message.Contains($"'{child.Path}'", StringComparison.Ordinal))
            {
                return $"{child.Path}: '{child.Value}' is not a valid value ({e.InnerException?.Message ?? e.Message})";
            }
        }

        return $"{section}: {e.Message}";
    }
}
