namespace DicomSegNode.Node.Pipeline;

/// <summary>Configuration section <c>Delivery</c>: where results go and how hard the node tries.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary>SCPs each SEG is stored to. None = results stay in <c>results/</c> under the data directory.</summary>
    public List<DestinationOptions> Destinations { get; set; } = [];

    /// <summary>Attempts per SEG and destination before it goes to <c>dead-letter/</c>.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; doubles per attempt, with jitter.</summary>
    public double InitialDelaySeconds { get; set; } = 2;

    /// <summary>Upper bound of the retry delay.</summary>
    public double MaxDelaySeconds { get; set; } = 300;
}
