namespace DicomSegNode.Segmentation.Cascade;

/// <summary>How long one step of the cascade took.</summary>
public sealed record CascadeStageTiming(string Stage, TimeSpan Duration);
