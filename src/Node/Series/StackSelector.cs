using System.Globalization;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Node.Series;

/// <summary>
/// Chooses the CT stack among a series' slice candidates and checks it: one orientation, one matrix and pixel
/// spacing, sorted along the slice normal, duplicates dropped, the largest stack when there are several (acquisitions,
/// reconstructions, reformats), then its spacing (gaps are rejected, never stretched) and its line of positions.
/// Gantry tilt and oblique orientations are kept, not resampled: the geometry's slice axis follows the positions
/// (a sheared grid), which every voxel-to-patient mapping and the cascade's resampling handle exactly.
/// </summary>
internal static class StackSelector
{
    public static (IReadOnlyList<SliceCandidate>? Stack, VolumeGeometry? Geometry, SeriesRejection? Rejection) Select(
        IReadOnlyList<SliceCandidate> candidates, SeriesAssemblyOptions options, List<ExcludedInstance> excluded)
    {
        // Duplicates: the same instance (and frame) received twice.
        var unique = new List<SliceCandidate>();
        var seen = new HashSet<(string, int?)>();
        foreach (var c in candidates)
        {
            if (seen.Add((c.SopInstanceUid, c.FrameIndex)))
            {
                unique.Add(c);
            }
            else
            {
                excluded.Add(new ExcludedInstance(c.Path, null, $"duplicate of {c.Describe()}"));
            }
        }

        // Stacks: same orientation, matrix and pixel spacing; then split where two slices share a position.
        var groups = new List<List<SliceCandidate>>();
        foreach (var c in unique)
        {
            var group = groups.FirstOrDefault(g => SamePlaneGeometry(g[0], c, options));
            if (group is null)
            {
                groups.Add([c]);
            }
            else
            {
                group.Add(c);
            }
        }

        var stacks = groups.SelectMany(g => SplitOverlapping(g, options, excluded)).ToList();
        var chosen = stacks.OrderByDescending(s => s.Count).ThenBy(s => s.Min(c => c.InstanceNumber ?? int.MaxValue)).First();
        foreach (var other in stacks.Where(s => !ReferenceEquals(s, chosen)))
        {
            foreach (var c in other)
            {
                excluded.Add(new ExcludedInstance(c.Path, null,
                    FormattableString.Invariant($"{c.Describe()} belongs to a smaller stack ({other.Count} slices) than the one chosen ({chosen.Count})")));
            }
        }

        if (chosen.Count < Math.Max(2, options.MinSlices))
        {
            return Reject(SeriesRejectionReason.TooFewSlices,
                FormattableString.Invariant($"the largest consistent stack has {chosen.Count} slices; at least {options.MinSlices} are needed"));
        }

        var normal = Vec3.Cross(chosen[0].RowDirection, chosen[0].ColumnDirection);
        var sorted = chosen.OrderBy(c => Vec3.Dot(c.Position, normal)).ToList();
        var steps = new double[sorted.Count - 1];
        for (int i = 0; i < steps.Length; i++)
        {
            steps[i] = Vec3.Dot(sorted[i + 1].Position - sorted[i].Position, normal);
        }

        double typical = steps.Order().ElementAt(steps.Length / 2);
        if (!(typical > 1e-3))
        {
            return Reject(SeriesRejectionReason.InconsistentGeometry, "the slices do not advance along the slice normal");
        }

        for (int i = 0; i < steps.Length; i++)
        {
            if (steps[i] > options.GapFactor * typical)
            {
                int missing = (int)Math.Round(steps[i] / typical) - 1;
                return Reject(SeriesRejectionReason.MissingSlices, FormattableString.Invariant(
                    $"gap of {steps[i]:0.###} mm between slices {i + 1} and {i + 2} of {sorted.Count} (typical step {typical:0.###} mm): about {missing} slice(s) missing"));
            }
        }

        for (int i = 0; i < steps.Length; i++)
        {
            if (Math.Abs(steps[i] - typical) > options.SpacingTolerance * typical)
            {
                return Reject(SeriesRejectionReason.IrregularSpacing, FormattableString.Invariant(
                    $"step of {steps[i]:0.###} mm between slices {i + 1} and {i + 2} differs from the typical {typical:0.###} mm by more than {options.SpacingTolerance:P0}"));
            }
        }

        // The positions must lie on one straight line (any tilt), evenly spaced along it.
        var first = sorted[0].Position;
        var span = sorted[^1].Position - first;
        var axis = span.Normalized();
        double step = span.Length / (sorted.Count - 1);
        for (int i = 0; i < sorted.Count; i++)
        {
            var expected = first + (axis * (step * i));
            double deviation = (sorted[i].Position - expected).Length;
            if (deviation > Math.Max(options.PositionToleranceMm, options.SpacingTolerance * step))
            {
                return Reject(SeriesRejectionReason.InconsistentGeometry, FormattableString.Invariant(
                    $"slice {i + 1} lies {deviation:0.###} mm from the line through the stack's positions"));
            }
        }

        var c0 = sorted[0];
        try
        {
            var geometry = new VolumeGeometry(new GridSize(c0.Columns, c0.Rows, sorted.Count), first,
                new Vec3(c0.ColumnSpacing, c0.RowSpacing, step), c0.RowDirection, c0.ColumnDirection, axis);
            return (sorted, geometry, null);
        }
        catch (ArgumentException e)
        {
            return Reject(SeriesRejectionReason.InconsistentGeometry, e.Message);
        }
    }

    private static bool SamePlaneGeometry(SliceCandidate a, SliceCandidate b, SeriesAssemblyOptions o) =>
        a.Rows == b.Rows && a.Columns == b.Columns
        && (a.RowDirection - b.RowDirection).Length < o.OrientationTolerance
        && (a.ColumnDirection - b.ColumnDirection).Length < o.OrientationTolerance
        && Math.Abs(a.RowSpacing - b.RowSpacing) < 1e-3 * a.RowSpacing
        && Math.Abs(a.ColumnSpacing - b.ColumnSpacing) < 1e-3 * a.ColumnSpacing;

    // Two distinct instances at one position mean two stacks (acquisitions or reconstructions): split by
    // AcquisitionNumber; what still collides keeps the lowest InstanceNumber, the rest is excluded and reported.
    private static IEnumerable<List<SliceCandidate>> SplitOverlapping(List<SliceCandidate> group, SeriesAssemblyOptions o, List<ExcludedInstance> excluded)
    {
        var normal = Vec3.Cross(group[0].RowDirection, group[0].ColumnDirection);
        if (!HasCollisions(group, normal, o))
        {
            yield return group;
            yield break;
        }

        foreach (var part in group.GroupBy(c => c.AcquisitionNumber))
        {
            var ordered = part.OrderBy(c => Vec3.Dot(c.Position, normal)).ThenBy(c => c.InstanceNumber ?? int.MaxValue).ToList();
            var kept = new List<SliceCandidate>();
            foreach (var c in ordered)
            {
                if (kept.Count > 0 && Math.Abs(Vec3.Dot(c.Position - kept[^1].Position, normal)) < o.SamePositionMm)
                {
                    excluded.Add(new ExcludedInstance(c.Path, null, string.Create(CultureInfo.InvariantCulture,
                        $"{c.Describe()} is at the same position as {kept[^1].Describe()} in acquisition {c.AcquisitionNumber?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}")));
                    continue;
                }

                kept.Add(c);
            }

            yield return kept;
        }
    }

    private static bool HasCollisions(List<SliceCandidate> group, Vec3 normal, SeriesAssemblyOptions o)
    {
        var positions = group.Select(c => Vec3.Dot(c.Position, normal)).Order().ToArray();
        for (int i = 1; i < positions.Length; i++)
        {
            if (positions[i] - positions[i - 1] < o.SamePositionMm)
            {
                return true;
            }
        }

        return false;
    }

    private static (IReadOnlyList<SliceCandidate>?, VolumeGeometry?, SeriesRejection?) Reject(SeriesRejectionReason reason, string message) =>
        (null, null, new SeriesRejection(reason, message));
}
