namespace DicomSegNode.Segmentation.Cascade;

/// <summary>Where the cascade is: the step's name and the fraction of that step done (0..1).</summary>
public readonly record struct CascadeProgress(string Stage, double Fraction);
