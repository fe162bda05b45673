using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Models;
using DicomSegNode.Segmentation.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace DicomSegNode.Segmentation.Inference;

/// <summary>
/// Runs one model package over a whole HU volume that is already on the model's spacing: intensities are clipped
/// to the model's HU window and normalised, the volume is covered by overlapping patches of the model's patch
/// size (a volume smaller than a patch is padded, centred, with the window's lower bound), each patch's softmax
/// probabilities are blended with Gaussian (or constant) weights, and the result is per-class probabilities on the
/// input grid. 2D models run slice by slice (with neighbouring slices as channels when inChannels &gt; 1).
/// Memory: the output and one weight map the size of the volume, plus the network's intermediates for one patch,
/// which the backend's pool reuses from patch to patch and releases after the call (unless
/// <see cref="PredictorOptions.KeepBuffersBetweenCalls"/>). One <see cref="Predict"/> at a time per predictor.
/// </summary>
public sealed class SegmentationPredictor : IDisposable
{
    private readonly IComputeBackend _backend;
    private readonly AttentionResUNet _network;
    private readonly Lock _gate = new();
    private readonly bool _keepBuffers;

    /// <summary>Builds the network of <paramref name="package"/> on the backend <paramref name="options"/> select.</summary>
    public SegmentationPredictor(ModelPackage package, PredictorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        options ??= new PredictorOptions();
        Manifest = package.Manifest;
        _keepBuffers = options.KeepBuffersBetweenCalls;
        _backend = ComputeBackends.Create(options.Device, options.Threads, options.CpuIsa, options.Cuda, out string? reason);
        FallbackReason = reason;
        try
        {
            _network = AttentionResUNet.Create(package, _backend);
        }
        catch
        {
            _backend.Dispose();
            throw;
        }
    }

    /// <summary>The model's manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The backend in use (e.g. "cpu-avx512").</summary>
    public string BackendName => _backend.Name;

    /// <summary>Why Device=auto did not pick a GPU backend; null when the requested device was used.</summary>
    public string? FallbackReason { get; }

    /// <summary>
    /// Per-class probabilities [classes, depth, height, width] for the HU volume <paramref name="hu"/>
    /// ([depth, height, width], width fastest). Reports progress after every patch; honours cancellation between patches.
    /// </summary>
    public ProbabilityVolume Predict(float[] hu, int depth, int height, int width, IProgress<InferenceProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hu);
        if (depth < 1 || height < 1 || width < 1)
        {
            throw new ArgumentException($"volume extents must be positive, got (depth {depth}, height {height}, width {width})");
        }

        if ((long)depth * height * width != hu.Length)
        {
            throw new ArgumentException($"the HU array holds {hu.Length} values but (depth {depth}, height {height}, width {width}) needs {(long)depth * height * width}", nameof(hu));
        }

        long outputLength = (long)Manifest.Architecture.Classes * hu.Length;
        if (outputLength > Array.MaxLength)
        {
            throw new ArgumentException($"{Manifest.Architecture.Classes} classes over {hu.Length} voxels do not fit one probability array; crop the volume first");
        }

        lock (_gate)
        {
            try
            {
                return Manifest.Architecture.SpatialDims == 3
                    ? Predict3D(hu, depth, height, width, progress, cancellationToken)
                    : Predict2D(hu, depth, height, width, progress, cancellationToken);
            }
            finally
            {
                if (!_keepBuffers)
                {
                    _backend.Pool.Clear();
                }
            }
        }
    }

    private ProbabilityVolume Predict3D(float[] hu, int depth, int height, int width, IProgress<InferenceProgress>? progress, CancellationToken ct)
    {
        var spec = Manifest.Inference;
        int pd = spec.PatchSize[0], ph = spec.PatchSize[1], pw = spec.PatchSize[2];
        var grid = new Grid(depth, height, width, pd, ph, pw);
        int[] zs = SlidingWindow.Starts(grid.PaddedD, pd, spec.Overlap);
        int[] ys = SlidingWindow.Starts(grid.PaddedH, ph, spec.Overlap);
        int[] xs = SlidingWindow.Starts(grid.PaddedW, pw, spec.Overlap);
        var weights = SlidingWindow.Weights(pd, ph, pw, spec.Blending == BlendingMode.Gaussian, spec.GaussianSigmaScale, gaussianAlongDepth: true);
        var acc = new Accumulator(Manifest.Architecture.Classes, depth, height, width, _backend.Threads);
        var input = _backend.Pool.Rent(new TensorShape(1, 1, pd, ph, pw));
        _backend.ToHost(input);
        int total = zs.Length * ys.Length * xs.Length, done = 0;
        try
        {
            foreach (int z0 in zs)
            {
                foreach (int y0 in ys)
                {
                    foreach (int x0 in xs)
                    {
                        ct.ThrowIfCancellationRequested();
                        int sz = z0 - grid.OffsetD, sy = y0 - grid.OffsetH, sx = x0 - grid.OffsetW;
                        for (int z = 0; z < pd; z++)
                        {
                            FillPlane(hu, grid, sz + z, sy, sx, input.Buffer.AsSpan(z * ph * pw, ph * pw), ph, pw);
                        }

                        RunPatch(input, acc, weights, sz, sy, sx, pd, ph, pw);
                        progress?.Report(new InferenceProgress(++done, total));
                    }
                }
            }
        }
        finally
        {
            _backend.Pool.Return(input);
        }

        return acc.Finish(Manifest.Architecture.ClassNames);
    }

    private ProbabilityVolume Predict2D(float[] hu, int depth, int height, int width, IProgress<InferenceProgress>? progress, CancellationToken ct)
    {
        var spec = Manifest.Inference;
        int ph = spec.PatchSize[0], pw = spec.PatchSize[1];
        int channels = Manifest.Architecture.InChannels, half = channels / 2;
        var grid = new Grid(depth, height, width, 1, ph, pw);
        int[] ys = SlidingWindow.Starts(grid.PaddedH, ph, spec.Overlap);
        int[] xs = SlidingWindow.Starts(grid.PaddedW, pw, spec.Overlap);
        var weights = SlidingWindow.Weights(1, ph, pw, spec.Blending == BlendingMode.Gaussian, spec.GaussianSigmaScale, gaussianAlongDepth: false);
        var acc = new Accumulator(Manifest.Architecture.Classes, depth, height, width, _backend.Threads);
        var input = _backend.Pool.Rent(new TensorShape(1, channels, 1, ph, pw));
        _backend.ToHost(input);
        int total = depth * ys.Length * xs.Length, done = 0;
        try
        {
            for (int z = 0; z < depth; z++)
            {
                foreach (int y0 in ys)
                {
                    foreach (int x0 in xs)
                    {
                        ct.ThrowIfCancellationRequested();
                        int sy = y0 - grid.OffsetH, sx = x0 - grid.OffsetW;
                        for (int c = 0; c < channels; c++)
                        {
                            int slice = Math.Clamp(z + c - half, 0, depth - 1);
                            FillPlane(hu, grid, slice, sy, sx, input.Buffer.AsSpan(c * ph * pw, ph * pw), ph, pw);
                        }

                        RunPatch(input, acc, weights, z, sy, sx, 1, ph, pw);
                        progress?.Report(new InferenceProgress(++done, total));
                    }
                }
            }
        }
        finally
        {
            _backend.Pool.Return(input);
        }

        return acc.Finish(Manifest.Architecture.ClassNames);
    }

    /// <summary>Writes one normalised patch plane whose top-left is source (z, y0, x0); outside the volume is padding.</summary>
    private void FillPlane(float[] hu, Grid grid, int z, int y0, int x0, Span<float> dst, int ph, int pw)
    {
        var input = Manifest.Input;
        float pad = input.Normalize((float)input.HuWindowLow);
        if ((uint)z >= (uint)grid.D)
        {
            dst.Fill(pad);
            return;
        }

        float lo = (float)input.HuWindowLow, hi = (float)input.HuWindowHigh;
        float mean = (float)input.NormalizationMean, inv = (float)(1.0 / input.NormalizationStd);
        int xa = Math.Max(0, -x0), xb = Math.Min(pw, grid.W - x0);
        for (int y = 0; y < ph; y++)
        {
            var row = dst.Slice(y * pw, pw);
            int sy = y0 + y;
            if ((uint)sy >= (uint)grid.H || xb <= xa)
            {
                row.Fill(pad);
                continue;
            }

            row[..xa].Fill(pad);
            row[xb..].Fill(pad);
            var part = row[xa..xb];
            hu.AsSpan((((z * grid.H) + sy) * grid.W) + x0 + xa, xb - xa).CopyTo(part);

            // A NaN voxel (e.g. outside a resampled field of view) counts as the window's lower bound rather than
            // spreading NaN through every convolution that sees it; infinities are clipped by the window.
            if (float.IsNaN(TensorPrimitives.Sum(part)))
            {
                foreach (ref float v in part)
                {
                    if (float.IsNaN(v))
                    {
                        v = lo;
                    }
                }
            }

            TensorPrimitives.Clamp(part, lo, hi, part);
            TensorPrimitives.Subtract(part, mean, part);
            TensorPrimitives.Multiply(part, inv, part);
        }
    }

    private void RunPatch(Tensor input, Accumulator acc, float[] weights, int sz, int sy, int sx, int pd, int ph, int pw)
    {
        var logits = _network.Forward(input);
        try
        {
            _backend.Softmax(logits, logits);
            _backend.ToHost(logits);
            acc.Add(logits.Buffer, weights, sz, sy, sx, pd, ph, pw);
        }
        finally
        {
            _backend.Pool.Return(logits);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _backend.Dispose();

    private readonly record struct Grid(int D, int H, int W, int PatchD, int PatchH, int PatchW)
    {
        public int PaddedD => Math.Max(D, PatchD);

        public int PaddedH => Math.Max(H, PatchH);

        public int PaddedW => Math.Max(W, PatchW);

        public int OffsetD => (PaddedD - D) / 2;

        public int OffsetH => (PaddedH - H) / 2;

        public int OffsetW => (PaddedW - W) / 2;
    }
}
