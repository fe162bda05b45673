namespace DicomSegNode.Segmentation.Phantom;

/// <summary>What to synthesise. Everything not given is drawn from <see cref="Seed"/>, so a seed names one phantom.</summary>
public sealed record PhantomOptions
{
    /// <summary>Seeds every random choice: the same options give the same voxels on every machine.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Number of axial slices; null draws 40..120.</summary>
    public int? Slices { get; init; }

    /// <summary>Rows and columns of every slice (a CT matrix is 512); the field of view, not the anatomy, scales with it.</summary>
    public int Matrix { get; init; } = 512;

    /// <summary>Slice spacing in mm; null draws one of 1, 1.25, 1.5, 2, 2.5, 3, 5.</summary>
    public double? SliceSpacingMm { get; init; }

    /// <summary>Standard deviation of the image noise in HU; null draws 6..18.</summary>
    public double? NoiseHu { get; init; }

    public void Validate()
    {
        if (Slices is < 4 or > 2000)
        {
            throw new ArgumentOutOfRangeException(nameof(Slices), Slices, "Slices must be 4..2000.");
        }

        if (Matrix is < 32 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(Matrix), Matrix, "Matrix must be 32..1024.");
        }

        if (SliceSpacingMm is { } s && !(s >= 0.3 && s <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(SliceSpacingMm), s, "Slice spacing must be 0.3..10 mm.");
        }

        if (NoiseHu is { } n && !(n >= 0 && n <= 200))
        {
            throw new ArgumentOutOfRangeException(nameof(NoiseHu), n, "Noise must be 0..200 HU.");
        }
    }
}
