using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Seg2DicomSeg.Pixels;
using DicomSegNode.Seg2DicomSeg.Uids;

namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>
/// Masks on the source grid + the source instances -> one Segmentation Storage object
/// (1.2.840.10008.5.1.4.1.1.66.4, PS3.3 A.51), BINARY, for Explicit VR Little Endian.
/// Frames are ordered by segment number, then along the slice normal; the dimension organisation says so
/// (Referenced Segment Number, then Image Position (Patient)).
/// </summary>
public static partial class SegmentationEncoder
{
    /// <summary>Segmentation Storage SOP Class UID (PS3.4 B.5).</summary>
    public const string SegmentationStorageUid = DicomUids.SegmentationStorage;

    /// <summary>Encodes a SEG, or says why there is nothing to encode (every selected segment empty).</summary>
    /// <exception cref="SegmentationInputException">The source instances or masks are inconsistent.</exception>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public static SegmentationEncodeResult Encode(SegmentationInput input, SegmentationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new SegmentationOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid SEG options: " + string.Join(" ", errors), nameof(options));
        }

        if (input.ModelVersions is null || input.ModelVersions.Count == 0 || input.ModelVersions.Any(string.IsNullOrWhiteSpace))
        {
            throw new SegmentationInputException("Model versions are required (non-blank): they identify the algorithm and derive the SEG UIDs.");
        }

        var source = SourceSeries.From(input.SourceInstances);
        var given = SelectSegments(input.Segments, options.SegmentNumbers, source);
        var (seriesUid, instanceUid) = DeriveUids(source, input.ModelVersions, given, options);

        // Segment numbers start at 1 and increase by 1 in the Segment Sequence (PS3.3 C.8.20.2.4), so a selection
        // such as {1, 3} is written as 1, 2; the map in the result tells the caller.
        var numberMap = new Dictionary<int, int>();
        var segments = new List<SegmentData>(given.Count);
        for (int i = 0; i < given.Count; i++)
        {
            numberMap[given[i].Description.Number] = i + 1;
            segments.Add(given[i] with { Description = Renumber(given[i].Description, i + 1) });
        }

        int pixelsPerFrame = source.Rows * source.Columns;
        var emptySegments = segments.Where(s => s.Mask.Span.IndexOfAnyExcept((byte)0) < 0).Select(s => s.Description.Number).ToList();
        if (emptySegments.Count == segments.Count)
        {
            return new SegmentationEncodeResult
            {
                Outcome = SegmentationOutcome.AllSegmentsEmpty,
                SopInstanceUid = instanceUid,
                SeriesInstanceUid = seriesUid,
                SegmentNumbers = [.. segments.Select(s => s.Description.Number)],
                SegmentNumberMap = numberMap,
                EmptySegmentNumbers = emptySegments,
                Reason = $"All {segments.Count} selected segment(s) are empty on all {source.Instances.Count} slice(s); no SEG is written.",
            };
        }

        var frames = PlanFrames(segments, source, pixelsPerFrame, options.OmitEmptyFrames);
        var now = options.ContentDateTime ?? options.TimeProvider.GetLocalNow();

        var ds = new DicomDataset(64);
        WriteSopCommonAndPatient(ds, source, instanceUid, now);
        WriteSeriesAndEquipment(ds, source, seriesUid, options, now);
        WriteImage(ds, source, segments, options, frames.Count, now);
        WriteDimensions(ds, instanceUid);
        WriteFunctionalGroups(ds, source, segments, frames);
        WriteReferences(ds, source);

        var packed = new byte[BinaryFramePacker.PackedLength(frames.Count, pixelsPerFrame)];
        BinaryFramePacker.Pack([.. frames.Select(f => segments[f.Segment].Mask.Slice(f.Instance * pixelsPerFrame, pixelsPerFrame))], packed);
        ds.SetBytes(DicomTags.PixelData, DicomVR.OB, packed);

        return new SegmentationEncodeResult
        {
            Outcome = SegmentationOutcome.Encoded,
            Dataset = ds,
            SopInstanceUid = instanceUid,
            SeriesInstanceUid = seriesUid,
            FrameCount = frames.Count,
            SegmentNumbers = [.. segments.Select(s => s.Description.Number)],
            SegmentNumberMap = numberMap,
            EmptySegmentNumbers = emptySegments,
        };
    }

    /// <summary>One frame: which segment (index into the selected list), which source instance, and the
    /// instance's 1-based rank along the slice normal (its dimension index value).</summary>
    private readonly record struct PlannedFrame(int Segment, int Instance, int Rank);

    private static List<SegmentData> SelectSegments(IReadOnlyList<SegmentData> all, IReadOnlyList<int>? selection, SourceSeries source)
    {
        if (all is null || all.Count == 0)
        {
            throw new SegmentationInputException("No segments given.");
        }

        long expected = (long)source.Instances.Count * source.Rows * source.Columns;
        var byNumber = new Dictionary<int, SegmentData>();
        foreach (var segment in all)
        {
            if (segment?.Description is null)
            {
                throw new SegmentationInputException("A segment or its description is null.");
            }

            int number = segment.Description.Number;
            if (!byNumber.TryAdd(number, segment))
            {
                throw new SegmentationInputException($"Segment number {number} is given twice; segment numbers are unique within a SEG (PS3.3 C.8.20.2.4).");
            }

            if (segment.Mask.Length != expected)
            {
                throw new SegmentationInputException(
                    $"Segment {number} \"{segment.Description.Label}\": mask has {segment.Mask.Length} voxels; the source grid has {source.Instances.Count} x {source.Rows} x {source.Columns} = {expected}.");
            }
        }

        if (selection is null)
        {
            return [.. byNumber.Values.OrderBy(s => s.Description.Number)];
        }

        var chosen = new List<SegmentData>();
        foreach (int number in selection.Distinct().Order())
        {
            chosen.Add(byNumber.TryGetValue(number, out var s)
                ? s
                : throw new SegmentationInputException($"Segment {number} was selected but not given (given: {string.Join(", ", byNumber.Keys.Order())})."));
        }

        return chosen;
    }

    private static Content.SegmentDescription Renumber(Content.SegmentDescription d, int number) =>
        d.Number == number
            ? d
            : new Content.SegmentDescription(number, d.Label, d.Category, d.Type, d.AlgorithmType, d.Algorithm, d.AnatomicRegion, d.Color, d.Description);

    private static (string Series, string Instance) DeriveUids(SourceSeries source, IReadOnlyList<string> models, List<SegmentData> segments, SegmentationOptions options)
    {
        string modelList = string.Join('\n', models);
        string series = DeterministicUid.Create("dicomsegnode/seg/series", source.SeriesInstanceUid, modelList);
        // The instance also depends on what was chosen to be written, so a SEG with other segments or with empty
        // frames left out is a different object, while the same choice again is the same object.
        string selection = string.Join(',', segments.Select(s => s.Description.Number)) + (options.OmitEmptyFrames ? ";sparse" : ";dense");
        string instance = DeterministicUid.Create("dicomsegnode/seg/instance", source.SeriesInstanceUid, modelList, selection);
        return (series, instance);
    }

    private static List<PlannedFrame> PlanFrames(List<SegmentData> segments, SourceSeries source, int pixelsPerFrame, bool omitEmpty)
    {
        var frames = new List<PlannedFrame>(segments.Count * source.Instances.Count);
        for (int s = 0; s < segments.Count; s++)
        {
            var mask = segments[s].Mask.Span;
            int before = frames.Count;
            for (int rank = 0; rank < source.OrderAlongNormal.Length; rank++)
            {
                int k = source.OrderAlongNormal[rank];
                if (omitEmpty && mask.Slice(k * pixelsPerFrame, pixelsPerFrame).IndexOfAnyExcept((byte)0) < 0)
                {
                    continue;
                }

                frames.Add(new PlannedFrame(s, k, rank + 1));
            }

            if (frames.Count == before)
            {
                // An empty segment keeps its first frame so that the segment it describes is still referenced.
                frames.Add(new PlannedFrame(s, source.OrderAlongNormal[0], 1));
            }
        }

        return frames;
    }
}
