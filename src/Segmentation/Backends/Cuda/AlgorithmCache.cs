using System.Collections.Concurrent;
using System.Globalization;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// Algorithms found once per problem and reused (cuDNN's search runs every candidate, milliseconds to seconds, so it
/// must not run per patch). The key is everything the choice depends on: the op, the descriptor geometry and
/// whether TF32 is allowed.
/// </summary>
internal sealed class AlgorithmCache
{
    private readonly ConcurrentDictionary<string, ConvolutionAlgorithm> _entries = new(StringComparer.Ordinal);
    private int _searches;

    /// <summary>How many searches ran (cache misses).</summary>
    public int Searches => _searches;

    /// <summary>Entries held.</summary>
    public int Count => _entries.Count;

    /// <summary>The cache key of a problem.</summary>
    public static string Key(string op, CudnnConvolutionGeometry g, bool allowTf32)
    {
        ArgumentNullException.ThrowIfNull(g);
        static string J(int[] v) => string.Join(',', v.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        return $"{op}|r{g.Rank}|x{J(g.InputDims)}|w{J(g.FilterDims)}|y{J(g.OutputDims)}|p{J(g.Pads)}|s{J(g.Strides)}|d{J(g.Dilations)}|tf32={allowTf32}";
    }

    /// <summary>The cached choice for <paramref name="key"/>, if any.</summary>
    public bool TryGet(string key, out ConvolutionAlgorithm algorithm) => _entries.TryGetValue(key, out algorithm);

    /// <summary>The cached choice for <paramref name="key"/>, or the result of <paramref name="search"/> (run once).</summary>
    public ConvolutionAlgorithm GetOrSearch(string key, Func<ConvolutionAlgorithm> search)
    {
        ArgumentNullException.ThrowIfNull(search);
        if (_entries.TryGetValue(key, out var hit))
        {
            return hit;
        }

        Interlocked.Increment(ref _searches);
        var found = search();
        _entries[key] = found;
        return found;
    }
}
