using DicomSegNode.Dicom.Data;
using DicomSegNode.Seg2DicomSeg.Enums;

namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>A SEG read back: its segments and frames, and (with the source instances) masks on the source grid.</summary>
public sealed class DecodedSegmentation
{
    // Positions are written with DS precision (16 characters); a frame and its source plane agree far better than
    // this, while neighbouring CT planes are at least tenths of a millimetre apart.
    private const double PositionToleranceMm = 0.01;

    /// <summary>SOP Instance UID of the SEG.</summary>
    public required string SopInstanceUid { get; init; }

    /// <summary>Rows of every frame.</summary>
    public required int Rows { get; init; }

    /// <summary>Columns of every frame.</summary>
    public required int Columns { get; init; }

    /// <summary>BINARY or FRACTIONAL.</summary>
    public required SegmentationType Type { get; init; }

    /// <summary>Maximum Fractional Value (0062,000E) for FRACTIONAL, else 1.</summary>
    public int MaximumValue { get; init; } = 1;

    /// <summary>The Segment Sequence.</summary>
    public required IReadOnlyList<DecodedSegment> Segments { get; init; }

    /// <summary>The frames in object order.</summary>
    public required IReadOnlyList<DecodedFrame> Frames { get; init; }

    /// <summary>
    /// Masks on the source grid, per segment number: [slice, row, column], slices in the order of
    /// <paramref name="sourceInstances"/>. A frame goes to the instance it names as its source image, else to the
    /// instance at its plane position; a frame that fits none is an error rather than silently dropped.
    /// </summary>
    public IReadOnlyDictionary<int, byte[]> ToSourceGrid(IReadOnlyList<DicomDataset> sourceInstances)
    {
        var source = SourceSeries.From(sourceInstances);
        if (source.Rows != Rows || source.Columns != Columns)
        {
            throw new SegmentationFormatException($"SEG frames are {Rows}x{Columns}; the source images are {source.Rows}x{source.Columns}.");
        }

        var byUid = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < source.SopInstanceUids.Length; k++)
        {
            byUid[source.SopInstanceUids[k]] = k;
        }

        var positions = source.Positions.Select(Parse).ToArray();
        int pixels = Rows * Columns;
        var masks = Segments.ToDictionary(s => s.Number, _ => new byte[(long)source.Instances.Count * pixels]);
        foreach (var frame in Frames)
        {
            if (!masks.TryGetValue(frame.SegmentNumber, out var mask))
            {
                throw new SegmentationFormatException($"Frame {frame.Index + 1} references segment {frame.SegmentNumber}, which the Segment Sequence does not describe.");
            }

            int slice = SliceOf(frame, byUid, positions);
            var target = mask.AsSpan(slice * pixels, pixels);
            for (int i = 0; i < pixels; i++)
            {
                // Overlapping frames of one segment on one plane: keep the larger value (a union for BINARY).
                target[i] = Math.Max(target[i], frame.Pixels[i]);
            }
        }

        return masks;
    }

    private static int SliceOf(DecodedFrame frame, Dictionary<string, int> byUid, double[][] positions)
    {
        if (frame.SourceSopInstanceUid is { } uid && byUid.TryGetValue(uid, out int k))
        {
            return k;
        }

        if (frame.Position is { } p)
        {
            for (int s = 0; s < positions.Length; s++)
            {
                double dx = positions[s][0] - p[0], dy = positions[s][1] - p[1], dz = positions[s][2] - p[2];
                if (Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz)) <= PositionToleranceMm)
                {
                    return s;
                }
            }
        }

        throw new SegmentationFormatException(
            $"Frame {frame.Index + 1} (segment {frame.SegmentNumber}) fits no source slice: source image {frame.SourceSopInstanceUid ?? "not named"}, position {(frame.Position is null ? "not given" : string.Join('\\', frame.Position))}.");
    }

    private static double[] Parse(string[] values) =>
        [.. values.Select(v => double.Parse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture))];
}
