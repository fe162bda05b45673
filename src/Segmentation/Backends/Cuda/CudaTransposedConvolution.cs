using DicomSegNode.Segmentation.Backends.Cuda.Native;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// Transposed convolution as cuDNN's backward-data pass of the forward convolution it is the adjoint of
/// (<see cref="CudnnConvolutionGeometry.TransposedAsBackwardData"/>): PyTorch's weights [C_in, C_out, k...] are
/// that convolution's filter as they are. The fastest backward-data algorithm is found once per shape; the bias
/// is added with cudnnAddTensor. A shape cuDNN cannot express (output padding of a stride or more) runs on the CPU.
/// </summary>
internal sealed unsafe class CudaTransposedConvolution : IPreparedTransposedConvolution, IDisposable
{
    private const int BwdDataAlgoCount = 6; // CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT

    private readonly CudaBackend _owner;
    private readonly DeviceBlock _weights;
    private readonly DeviceBlock _bias;
    private readonly bool _hasBias;
    private readonly float[] _hostWeights;
    private readonly float[] _hostBias;
    private readonly Dictionary<TensorShape, Plan?> _plans = [];
    private IPreparedTransposedConvolution? _cpu;

    public CudaTransposedConvolution(CudaBackend owner, TransposedConvolutionParams p, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        ArgumentNullException.ThrowIfNull(p);
        p.Validate();
        if (weight.Length != p.WeightLength)
        {
            throw new ArgumentException($"transposed convolution weight has {weight.Length} values, {p.WeightLength} expected for {p}");
        }

        if (bias.Length != 0 && bias.Length != p.OutChannels)
        {
            throw new ArgumentException($"transposed convolution bias has {bias.Length} values, {p.OutChannels} expected");
        }

        _owner = owner;
        Params = p;
        _hasBias = bias.Length != 0;
        _hostWeights = weight.ToArray();
        _hostBias = bias.ToArray();
        _weights = owner.Memory.Rent((long)weight.Length * sizeof(float));
        CudaTransfers.UploadNow(owner, weight, _weights.Pointer);
        if (_hasBias)
        {
            _bias = owner.Memory.Rent((long)bias.Length * sizeof(float));
            CudaTransfers.UploadNow(owner, bias, _bias.Pointer);
        }
    }

    public TransposedConvolutionParams Params { get; }

    public void Run(CudaBackend b, Tensor x, Tensor y)
    {
        var expected = Params.OutputShape(x.Shape);
        if (y.Shape != expected)
        {
            throw new ArgumentException($"transposed convolution output {y.Shape} should be {expected}");
        }

        if (!_plans.TryGetValue(x.Shape, out var plan))
        {
            var g = CudnnConvolutionGeometry.TransposedAsBackwardData(Params, x.Shape, out _);
            plan = g is null ? null : CreatePlan(b, g, x, y);
            _plans[x.Shape] = plan;
        }

        if (plan is null)
        {
            b.ToHostForFallback(x);
            _cpu ??= b.Cpu.PrepareTransposedConvolution(Params, _hostWeights, _hostBias);
            b.Cpu.TransposedConvolution(_cpu, x, y);
            b.HostWrote(y);
            return;
        }

        IntPtr dy = b.In(x);
        var output = b.OutFresh(y, x);
        Execute(b, plan, dy, output.Pointer);
        b.Commit(output);
    }

    public void Dispose()
    {
        _owner.Memory.Return(_weights);
        _owner.Memory.Return(_bias);
    }

    private Plan CreatePlan(CudaBackend b, CudnnConvolutionGeometry g, Tensor x, Tensor y)
    {
        var d = b.Descriptors;
        bool tf32 = b.Options.AllowTf32;
        var plan = new Plan(d.Tensor(g.InputDims), d.Tensor(g.OutputDims), d.Filter(g.FilterDims),
            d.Convolution(g, tf32 ? NativeConstants.CudnnDefaultMath : NativeConstants.CudnnFmaMath), d.Channels(Params.OutChannels, g.Rank));
        plan.Algorithm = b.Algorithms.GetOrSearch(AlgorithmCache.Key("bwd-data", g, tf32), () =>
        {
            IntPtr dy = b.In(x);
            var output = b.OutFresh(y, x);
            long limit = Math.Min(b.Options.MaxWorkspaceBytes, b.Device.MemoryInfo().Free / 4);
            IntPtr ws = b.Workspace(limit);
            var results = stackalloc ConvolutionAlgoPerf[BwdDataAlgoCount];
            int returned;
            b.Cudnn.Check(b.Cudnn.FindConvolutionBackwardDataAlgorithmEx(b.CudnnHandle, plan.WDesc, _weights.Pointer, plan.DyDesc, dy, plan.ConvDesc, plan.DxDesc,
                output.Pointer, BwdDataAlgoCount, &returned, results, ws, (nuint)limit), "cudnnFindConvolutionBackwardDataAlgorithmEx");
            b.ReleaseWorkspace();
            b.Commit(output);
            var span = new ReadOnlySpan<ConvolutionAlgoPerf>(results, returned);
            return ConvolutionAlgorithm.Choose(span, tf32, limit)
                ?? throw new CudaException($"transposed convolution {Params}: {ConvolutionAlgorithm.DescribeRejected(span, tf32, limit)}");
        });
        b.Cudnn.Check(b.Cudnn.SetConvolutionMathType(plan.ConvDesc, plan.Algorithm.MathType), "cudnnSetConvolutionMathType");
        return plan;
    }

    private void Execute(CudaBackend b, Plan plan, IntPtr dy, IntPtr dx)
    {
        float one = 1f, zero = 0f;
        var algo = plan.Algorithm;
        IntPtr ws = b.Workspace(algo.WorkspaceBytes);
        b.Cudnn.Check(b.Cudnn.ConvolutionBackwardData(b.CudnnHandle, &one, plan.WDesc, _weights.Pointer, plan.DyDesc, dy, plan.ConvDesc, algo.Algo, ws,
            (nuint)algo.WorkspaceBytes, &zero, plan.DxDesc, dx), "cudnnConvolutionBackwardData");
        if (_hasBias)
        {
            b.Cudnn.Check(b.Cudnn.AddTensor(b.CudnnHandle, &one, plan.BiasDesc, _bias.Pointer, &one, plan.DxDesc, dx), "cudnnAddTensor(bias)");
        }
    }

    /// <summary>Descriptors of one shape: dx = the transposed op's output y, dy = its input x.</summary>
    private sealed class Plan(IntPtr dxDesc, IntPtr dyDesc, IntPtr wDesc, IntPtr convDesc, IntPtr biasDesc)
    {
        public IntPtr DxDesc { get; } = dxDesc;

        public IntPtr DyDesc { get; } = dyDesc;

        public IntPtr WDesc { get; } = wDesc;

        public IntPtr ConvDesc { get; } = convDesc;

        public IntPtr BiasDesc { get; } = biasDesc;

        public ConvolutionAlgorithm Algorithm { get; set; }
    }
}
