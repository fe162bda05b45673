using DicomSegNode.Segmentation.Backends.Cuda.Native;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// Convolution on the GPU. Weights [K, C, k...] and bias [K] are uploaded once. Per input shape a plan holds the
/// descriptors and the algorithm cuDNN measured fastest (found once, <see cref="AlgorithmCache"/>). The epilogue
/// is fused where cuDNN allows: cudnnConvolutionBiasActivationForward computes act(conv(x) + residual + bias) in
/// one pass for ReLU (and for no activation with the IMPLICIT_PRECOMP_GEMM algorithm); otherwise convolution
/// (accumulating onto the residual with beta = 1), cudnnAddTensor for the bias and an in-place activation.
/// 1x1 convolutions may instead run as one cuBLAS SGEMM per batch item when that measured faster on first use.
/// </summary>
internal sealed unsafe class CudaConvolution : IPreparedConvolution, IDisposable
{
    private const int FwdAlgoCount = 8; // CUDNN_CONVOLUTION_FWD_ALGO_COUNT

    private readonly CudaBackend _owner;
    private readonly DeviceBlock _weights;
    private readonly DeviceBlock _bias;
    private readonly bool _hasBias;
    private readonly Dictionary<TensorShape, Plan> _plans = [];

    public CudaConvolution(CudaBackend owner, ConvolutionParams p, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        ArgumentNullException.ThrowIfNull(p);
        p.Validate();
        if (weight.Length != p.WeightLength)
        {
            throw new ArgumentException($"convolution weight has {weight.Length} values, {p.WeightLength} expected for {p}");
        }

        if (bias.Length != 0 && bias.Length != p.OutChannels)
        {
            throw new ArgumentException($"convolution bias has {bias.Length} values, {p.OutChannels} expected");
        }

        _owner = owner;
        Params = p;
        _hasBias = bias.Length != 0;
        _weights = owner.Memory.Rent((long)weight.Length * sizeof(float));
        _bias = owner.Memory.Rent((long)p.OutChannels * sizeof(float));
        CudaTransfers.UploadNow(owner, weight, _weights.Pointer);
        if (_hasBias)
        {
            CudaTransfers.UploadNow(owner, bias, _bias.Pointer);
        }
        else
        {
            // cudnnConvolutionBiasActivationForward always adds a bias: a zero one stands in.
            owner.Runtime.Check(owner.Runtime.MemsetAsync(_bias.Pointer, 0, (nuint)(p.OutChannels * sizeof(float)), owner.Stream), "cudaMemsetAsync");
        }
    }

    public ConvolutionParams Params { get; }

    /// <summary>Whether the plan for <paramref name="x"/> uses cuBLAS (after the first run of that shape).</summary>
    internal bool UsesGemm(TensorShape x) => _plans.TryGetValue(x, out var plan) && plan.UseGemm;

    public void Run(CudaBackend b, Tensor x, Tensor y, Tensor? residual, Activation activation)
    {
        var expected = Params.OutputShape(x.Shape);
        if (y.Shape != expected)
        {
            throw new ArgumentException($"convolution output {y.Shape} should be {expected}");
        }

        if (residual is not null && residual.Shape != expected)
        {
            throw new ArgumentException($"convolution residual {residual.Shape} should be {expected}");
        }

        IntPtr xp = b.In(x);
        IntPtr rp = residual is null ? IntPtr.Zero : b.In(residual);
        var output = b.OutFresh(y, x, residual);
        if (!_plans.TryGetValue(x.Shape, out var plan))
        {
            plan = CreatePlan(b, x.Shape, xp, rp, output.Pointer, activation);
            _plans[x.Shape] = plan;
        }

        if (plan.UseGemm)
        {
            RunGemm(b, plan, xp, rp, output.Pointer, activation);
        }
        else
        {
            RunCudnn(b, plan, xp, rp, output.Pointer, activation);
        }

        b.Commit(output);
    }

    public void Dispose()
    {
        _owner.Memory.Return(_weights);
        _owner.Memory.Return(_bias);
    }

    private Plan CreatePlan(CudaBackend b, TensorShape x, IntPtr xp, IntPtr rp, IntPtr yp, Activation activation)
    {
        var g = CudnnConvolutionGeometry.Forward(Params, x);
        var d = b.Descriptors;
        bool tf32 = b.Options.AllowTf32;
        var plan = new Plan(g, d.Tensor(g.InputDims), d.Tensor(g.OutputDims), d.Filter(g.FilterDims),
            d.Convolution(g, tf32 ? NativeConstants.CudnnDefaultMath : NativeConstants.CudnnFmaMath), d.Channels(Params.OutChannels, g.Rank));
        plan.Algorithm = b.Algorithms.GetOrSearch(AlgorithmCache.Key("fwd", g, tf32), () => Search(b, plan, xp, yp));
        b.Cudnn.Check(b.Cudnn.SetConvolutionMathType(plan.ConvDesc, plan.Algorithm.MathType), "cudnnSetConvolutionMathType");

        bool pointwise = Params.Kernel == Int3.All(1) && Params.Stride == Int3.All(1) && Params.Padding == Int3.All(0);
        if (pointwise && b.Options.PointwiseOnCublas is bool forced)
        {
            plan.UseGemm = forced;
        }
        else if (pointwise)
        {
            // Measure both paths on this very problem (after one warm-up each) and keep the faster.
            float cudnnMs = CudaTransfers.Time(b, () => RunCudnn(b, plan, xp, rp, yp, activation));
            float gemmMs = CudaTransfers.Time(b, () => RunGemm(b, plan, xp, rp, yp, activation));
            plan.UseGemm = gemmMs < cudnnMs;
        }

        return plan;
    }

    private ConvolutionAlgorithm Search(CudaBackend b, Plan plan, IntPtr xp, IntPtr yp)
    {
        long limit = Math.Min(b.Options.MaxWorkspaceBytes, b.Device.MemoryInfo().Free / 4);
        IntPtr ws = b.Workspace(limit);
        var results = stackalloc ConvolutionAlgoPerf[FwdAlgoCount];
        int returned;
        b.Cudnn.Check(b.Cudnn.FindConvolutionForwardAlgorithmEx(b.CudnnHandle, plan.XDesc, xp, plan.WDesc, _weights.Pointer, plan.ConvDesc, plan.YDesc, yp,
            FwdAlgoCount, &returned, results, ws, (nuint)limit), "cudnnFindConvolutionForwardAlgorithmEx");
        b.ReleaseWorkspace();
        var span = new ReadOnlySpan<ConvolutionAlgoPerf>(results, returned);
        return ConvolutionAlgorithm.Choose(span, b.Options.AllowTf32, limit)
            ?? throw new CudaException($"convolution {Params} on {plan.Geometry.InputDims.Length}D input: {ConvolutionAlgorithm.DescribeRejected(span, b.Options.AllowTf32, limit)}");
    }

    private void RunCudnn(CudaBackend b, Plan plan, IntPtr xp, IntPtr rp, IntPtr yp, Activation activation)
    {
        var cudnn = b.Cudnn;
        float one = 1f, zero = 0f;
        var algo = plan.Algorithm;
        IntPtr ws = b.Workspace(algo.WorkspaceBytes);
        bool fusable = !plan.FusedRejected
            && (activation == Activation.Relu || (activation == Activation.None && algo.Algo == NativeConstants.CudnnFwdAlgoImplicitPrecompGemm));
        if (fusable)
        {
            float alpha2 = rp == IntPtr.Zero ? 0f : 1f;
            IntPtr z = rp;
            if (rp == IntPtr.Zero)
            {
                // z is blended with alpha2 = 0; zeroing it keeps stale NaNs in a reused buffer from reaching y.
                b.Runtime.Check(b.Runtime.MemsetAsync(yp, 0, (nuint)((long)plan.OutputElements * sizeof(float)), b.Stream), "cudaMemsetAsync");
                z = yp;
            }

            IntPtr act = b.Descriptors.ActivationFor(activation == Activation.Relu ? NativeConstants.CudnnActivationRelu : NativeConstants.CudnnActivationIdentity);
            int status = cudnn.ConvolutionBiasActivationForward(b.CudnnHandle, &one, plan.XDesc, xp, plan.WDesc, _weights.Pointer, plan.ConvDesc, algo.Algo, ws,
                (nuint)algo.WorkspaceBytes, &alpha2, plan.YDesc, z, plan.BiasDesc, _bias.Pointer, act, plan.YDesc, yp);
            if (status == NativeConstants.CudnnStatusSuccess)
            {
                return;
            }

            // Not every algorithm / dimensionality has a fused kernel; remember and take the unfused path.
            plan.FusedRejected = true;
        }

        float beta = 0f;
        if (rp != IntPtr.Zero)
        {
            CopyResidual(b, plan, rp, yp);
            beta = 1f;
        }

        cudnn.Check(cudnn.ConvolutionForward(b.CudnnHandle, &one, plan.XDesc, xp, plan.WDesc, _weights.Pointer, plan.ConvDesc, algo.Algo, ws, (nuint)algo.WorkspaceBytes,
            &beta, plan.YDesc, yp), "cudnnConvolutionForward");
        Epilogue(b, plan, yp, activation, &one, &zero);
    }

    // x: [N, C, S] -> y: [N, K, S] = W[K, C] x[C, S] per item; column-major, so y^T = x^T W^T: m = S, n = K, k = C.
    private void RunGemm(CudaBackend b, Plan plan, IntPtr xp, IntPtr rp, IntPtr yp, Activation activation)
    {
        float one = 1f, zero = 0f, beta = 0f;
        if (rp != IntPtr.Zero)
        {
            CopyResidual(b, plan, rp, yp);
            beta = 1f;
        }

        int n = plan.Geometry.InputDims[0];
        int s = plan.InputElements / n / Params.InChannels;
        CublasApi.Check(b.Cublas.SgemmStridedBatched(b.CublasHandle, NativeConstants.CublasOpN, NativeConstants.CublasOpN, s, Params.OutChannels, Params.InChannels,
            &one, xp, s, (long)Params.InChannels * s, _weights.Pointer, Params.InChannels, 0, &beta, yp, s, (long)Params.OutChannels * s, n), "cublasSgemmStridedBatched");
        Epilogue(b, plan, yp, activation, &one, &zero);
    }

    private void Epilogue(CudaBackend b, Plan plan, IntPtr yp, Activation activation, float* one, float* zero)
    {
        var cudnn = b.Cudnn;
        if (_hasBias)
        {
            cudnn.Check(cudnn.AddTensor(b.CudnnHandle, one, plan.BiasDesc, _bias.Pointer, one, plan.YDesc, yp), "cudnnAddTensor(bias)");
        }

        if (activation != Activation.None)
        {
            int mode = activation == Activation.Relu ? NativeConstants.CudnnActivationRelu : NativeConstants.CudnnActivationSigmoid;
            cudnn.Check(cudnn.ActivationForward(b.CudnnHandle, b.Descriptors.ActivationFor(mode), one, plan.YDesc, yp, zero, plan.YDesc, yp), "cudnnActivationForward");
        }
    }

    private static void CopyResidual(CudaBackend b, Plan plan, IntPtr rp, IntPtr yp)
    {
        if (rp != yp)
        {
            b.Runtime.Check(b.Runtime.MemcpyAsync(yp, rp, (nuint)((long)plan.OutputElements * sizeof(float)), NativeConstants.CudaMemcpyDeviceToDevice, b.Stream), "cudaMemcpyAsync(residual)");
        }
    }

    private sealed class Plan(CudnnConvolutionGeometry geometry, IntPtr xDesc, IntPtr yDesc, IntPtr wDesc, IntPtr convDesc, IntPtr biasDesc)
    {
        public CudnnConvolutionGeometry Geometry { get; } = geometry;

        public IntPtr XDesc { get; } = xDesc;

        public IntPtr YDesc { get; } = yDesc;

        public IntPtr WDesc { get; } = wDesc;

        public IntPtr ConvDesc { get; } = convDesc;

        public IntPtr BiasDesc { get; } = biasDesc;

        public int InputElements { get; } = geometry.InputDims.Aggregate(1, (a, v) => a * v);

        public int OutputElements { get; } = geometry.OutputDims.Aggregate(1, (a, v) => a * v);

        public ConvolutionAlgorithm Algorithm { get; set; }

        public bool FusedRejected { get; set; }

        public bool UseGemm { get; set; }
    }
}
