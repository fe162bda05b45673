using System.Globalization;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Node.Series;

/// <summary>
/// From the instances of one series to a HU volume: headers are read in parallel without pixel data, the CT stack is
/// chosen and checked (<see cref="StackSelector"/>), then only the chosen slices' pixels are decoded, each with its own
/// rescale, straight into the volume. A series that cannot be a volume is a <see cref="SeriesRejection"/> with a
/// reason code, never an exception.
/// </summary>
public static class SeriesAssembler
{
    private static readonly DicomReadOptions s_headerOnly = new() { StopBeforeTag = DicomTags.PixelData };

    /// <summary>Assembles every file under <paramref name="folder"/> (recursively).</summary>
    public static SeriesAssemblyResult AssembleFolder(string folder, SeriesAssemblyOptions? options = null, string? seriesInstanceUid = null, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
        {
            return new SeriesAssemblyResult(null, new SeriesRejection(SeriesRejectionReason.NoImages, $"folder '{folder}' does not exist"), []);
        }

        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        return Assemble(files, options, seriesInstanceUid, cancellationToken);
    }

    /// <summary>Assembles the given files; with <paramref name="seriesInstanceUid"/>, instances of other series are left out.</summary>
    public static SeriesAssemblyResult Assemble(IEnumerable<string> paths, SeriesAssemblyOptions? options = null, string? seriesInstanceUid = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        options ??= new SeriesAssemblyOptions();
        var files = paths.ToArray();
        var headers = new (IReadOnlyList<SliceCandidate> Slices, ExcludedInstance? Excluded)[files.Length];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, files.Length, parallel, i => headers[i] = InstanceHeaderReader.Read(files[i]));

        var excluded = headers.Where(h => h.Excluded is not null).Select(h => h.Excluded!).ToList();
        var candidates = headers.SelectMany(h => h.Slices).ToList();
        if (seriesInstanceUid is not null)
        {
            foreach (var other in candidates.Where(c => c.SeriesInstanceUid != seriesInstanceUid))
            {
                excluded.Add(new ExcludedInstance(other.Path, null, $"belongs to series {other.SeriesInstanceUid}"));
            }

            candidates.RemoveAll(c => c.SeriesInstanceUid != seriesInstanceUid);
        }

        if (candidates.Count == 0)
        {
            return new SeriesAssemblyResult(null, Summarise(excluded, files.Length), excluded);
        }

        var series = candidates.GroupBy(c => c.SeriesInstanceUid).ToList();
        if (series.Count > 1)
        {
            string list = string.Join(", ", series.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} ({s.Count()} images)")));
            return new SeriesAssemblyResult(null, new SeriesRejection(SeriesRejectionReason.MultipleSeries,
                $"the input holds {series.Count} series: {list}; choose one"), excluded);
        }

        var (stack, geometry, rejection) = StackSelector.Select(candidates, options, excluded);
        if (rejection is not null)
        {
            return new SeriesAssemblyResult(null, rejection, excluded);
        }

        try
        {
            var voxels = DecodeStack(stack!, geometry!, parallel);
            var first = stack![0];
            var header = DicomFile.Open(first.Path, s_headerOnly).Dataset;
            var sources = stack.Select(c => new SliceSource(c.Path, c.SopClassUid, c.SopInstanceUid, c.FrameIndex + 1)).ToArray();
            var volume = new Volume(geometry!, voxels, [.. stack.Select(c => c.SopInstanceUid)]);
            var assembled = new AssembledSeries(volume, sources, header.GetUid(DicomTags.StudyInstanceUID) ?? string.Empty,
                first.SeriesInstanceUid, header.GetUid(DicomTags.FrameOfReferenceUID) ?? string.Empty, header);
            return new SeriesAssemblyResult(assembled, null, excluded);
        }
        catch (Exception e) when (e is DicomException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return new SeriesAssemblyResult(null, new SeriesRejection(SeriesRejectionReason.Unreadable, $"pixel data could not be read: {e.Message}"), excluded);
        }
    }

    private static float[] DecodeStack(IReadOnlyList<SliceCandidate> stack, VolumeGeometry geometry, ParallelOptions parallel)
    {
        var voxels = new float[geometry.Size.VoxelCount];
        int pixels = geometry.Size.SliceVoxels;
        var byFile = stack.Select((c, k) => (c, k)).GroupBy(x => x.c.Path).ToArray();
        Parallel.ForEach(byFile, parallel, file =>
        {
            var ds = DicomFile.Open(file.Key).Dataset;
            var data = ds.GetBytes(DicomTags.PixelData);
            if (data.IsEmpty)
            {
                throw new InvalidDataException($"{file.First().c.Describe()} has no native pixel data");
            }

            foreach (var (c, k) in file)
            {
                NativePixelDecoder.DecodeHu(data.Span, c.FrameIndex ?? 0, pixels, c.Format, c.RescaleSlope, c.RescaleIntercept,
                    voxels.AsSpan(k * pixels, pixels));
            }
        });
        return voxels;
    }

    // With no usable image, the series is rejected for the commonest reason its files were left out.
    private static SeriesRejection Summarise(List<ExcludedInstance> excluded, int files)
    {
        var reasons = excluded.Where(e => e.Reason is not null).GroupBy(e => e.Reason!.Value).OrderByDescending(g => g.Count()).ToList();
        if (files == 0 || reasons.Count == 0)
        {
            return new SeriesRejection(SeriesRejectionReason.NoImages,
                string.Create(CultureInfo.InvariantCulture, $"no CT image among {files} file(s)"));
        }

        var top = reasons[0];
        string others = reasons.Count > 1
            ? "; also " + string.Join(", ", reasons.Skip(1).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key.Code()}")))
            : string.Empty;
        return new SeriesRejection(top.Key, string.Create(CultureInfo.InvariantCulture,
            $"{top.Count()} of {files} file(s): {top.First().Detail}{others}"));
    }
}
