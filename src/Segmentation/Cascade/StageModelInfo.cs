using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Cascade;

/// <summary>
/// What the cascade needs to know of a stage's model. <see cref="SpacingMm"/> is (X, Y, Z) in mm; 0 on an axis keeps
/// the source's spacing there (a 2D model along Z).
/// </summary>
public sealed record StageModelInfo(string Name, string Version, Vec3 SpacingMm, IReadOnlyList<string> ClassNames)
{
    /// <summary>The index of the first class whose name contains one of <paramref name="names"/> (case-insensitive), or -1.</summary>
    public int ClassIndex(params string[] names)
    {
        for (int c = 1; c < ClassNames.Count; c++)
        {
            if (names.Any(n => ClassNames[c].Contains(n, StringComparison.OrdinalIgnoreCase)))
            {
                return c;
            }
        }

        return -1;
    }

    /// <summary>The model's grid over the same extent as <paramref name="source"/>.</summary>
    public VolumeGeometry GridFor(VolumeGeometry source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var spacing = new Vec3(
            SpacingMm.X > 0 ? SpacingMm.X : source.Spacing.X,
            SpacingMm.Y > 0 ? SpacingMm.Y : source.Spacing.Y,
            SpacingMm.Z > 0 ? SpacingMm.Z : source.Spacing.Z);
        return spacing == source.Spacing ? source : source.WithSpacing(spacing);
    }
}
