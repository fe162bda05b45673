using System.Diagnostics;
using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Backends.Cuda.Native;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// The CUDA backend: convolutions, transposed convolutions, pooling, activations, op-tensor and softmax through
/// cuDNN 9, 1x1 convolutions through cuBLAS where that measures faster, all on one non-blocking stream, with
/// device memory from a caching pool. Tensors stay on the GPU between ops (see <see cref="ToHost"/>): a tensor's
/// host buffer is uploaded when an op reads it and the host holds the newer copy, and downloaded only when the
/// caller asks for it. The libraries are loaded at run time (<see cref="CudaProbe"/>); nothing CUDA is needed to
/// build. Float32 throughout; TF32 only if <see cref="CudaOptions.AllowTf32"/>. One op at a time per backend.
/// </summary>
public sealed unsafe partial class CudaBackend : IComputeBackend
{
    private readonly CudaDevice _device;
    private readonly IntPtr _stream;
    private readonly IntPtr _cudnn;
    private readonly IntPtr _cublas;
    private readonly DeviceMemoryPool _memory;
    private readonly PinnedStaging _staging;
    private readonly CudnnDescriptors _descriptors;
    private readonly CpuBackend _cpu;
    private readonly Lock _gate = new();
    private readonly List<IDisposable> _prepared = [];
    private DeviceBlock _workspace;
    private bool _disposed;

    /// <summary>
    /// Opens the GPU <paramref name="options"/> select (null = defaults). Throws <see cref="PlatformNotSupportedException"/>
    /// with the probe's reason when no usable GPU or library is found, <see cref="CudaException"/> when a call fails.
    /// </summary>
    public CudaBackend(CudaOptions? options = null)
    {
        Options = options ?? CudaOptions.Default;
        _device = CudaProbe.OpenOrThrow(Options);
        var rt = _device.Runtime;
        MakeCurrent();
        IntPtr stream = IntPtr.Zero, cudnn = IntPtr.Zero, cublas = IntPtr.Zero;
        try
        {
            rt.Check(rt.StreamCreateWithFlags(&stream, NativeConstants.CudaStreamNonBlocking), "cudaStreamCreateWithFlags");
            _device.Cudnn.Check(_device.Cudnn.Create(&cudnn), "cudnnCreate");
            _device.Cudnn.Check(_device.Cudnn.SetStream(cudnn, stream), "cudnnSetStream");
            CublasApi.Check(_device.Cublas.Create(&cublas), "cublasCreate");
            CublasApi.Check(_device.Cublas.SetStream(cublas, stream), "cublasSetStream");

            // Pedantic math keeps cuBLAS SGEMM in exact float32; TF32 tensor-op math only when allowed.
            CublasApi.Check(_device.Cublas.SetMathMode(cublas, Options.AllowTf32 ? NativeConstants.CublasTf32TensorOpMath : NativeConstants.CublasPedanticMath), "cublasSetMathMode");
        }
        catch
        {
            if (cublas != IntPtr.Zero)
            {
                _device.Cublas.Destroy(cublas);
            }

            if (cudnn != IntPtr.Zero)
            {
                _device.Cudnn.Destroy(cudnn);
            }

            if (stream != IntPtr.Zero)
            {
                rt.StreamDestroy(stream);
            }

            throw;
        }

        _stream = stream;
        _cudnn = cudnn;
        _cublas = cublas;
        _memory = new DeviceMemoryPool(new CudaAllocator(_device), Options.MemoryLimitBytes, Reclaim);
        _staging = new PinnedStaging(_device, _stream);
        _descriptors = new CudnnDescriptors(_device.Cudnn);
        _cpu = new CpuBackend(threads: Threads);
        Algorithms = new AlgorithmCache();
        CudaMetrics.Register(this);
    }

    /// <summary>The options in effect.</summary>
    public CudaOptions Options { get; }

    /// <inheritdoc/>
    public string Name => "cuda";

    /// <summary>The GPU's name, e.g. "NVIDIA H100 80GB HBM3".</summary>
    public string DeviceName => _device.Name;

    /// <summary>Compute capability, "major.minor".</summary>
    public string ComputeCapability => _device.ComputeCapability;

    /// <summary>The device's total memory in bytes.</summary>
    public long DeviceMemoryBytes => _device.TotalMemoryBytes;

    /// <summary>cuDNN's version number (e.g. 90100 for 9.1.0).</summary>
    public long CudnnVersion => _device.CudnnVersion;

    /// <summary>CUDA runtime version (e.g. 12040).</summary>
    public int RuntimeVersion => _device.RuntimeVersion;

    /// <summary>Device memory held by tensors and workspaces now, in bytes.</summary>
    public long MemoryInUseBytes => _memory.InUseBytes;

    /// <summary>Device memory the pool holds (in use + cached for reuse), in bytes.</summary>
    public long MemoryReservedBytes => _memory.ReservedBytes;

    /// <summary>The largest <see cref="MemoryInUseBytes"/> seen.</summary>
    public long MemoryPeakBytes => _memory.PeakInUseBytes;

    /// <summary>Where each loaded library came from.</summary>
    public string Libraries => _device.Libraries.Describe();

    /// <summary>Host threads for host-side work around the GPU (blending, CPU fallbacks): all cores.</summary>
    public int Threads { get; } = Environment.ProcessorCount;

    /// <inheritdoc/>
    public TensorPool Pool { get; } = new();

    internal AlgorithmCache Algorithms { get; }

    internal CudaDevice Device => _device;

    internal CudnnApi Cudnn => _device.Cudnn;

    internal CublasApi Cublas => _device.Cublas;

    internal CudaRuntimeApi Runtime => _device.Runtime;

    internal IntPtr CudnnHandle => _cudnn;

    internal IntPtr CublasHandle => _cublas;

    internal IntPtr Stream => _stream;

    internal CudnnDescriptors Descriptors => _descriptors;

    internal DeviceMemoryPool Memory => _memory;

    internal PinnedStaging Staging => _staging;

    internal CpuBackend Cpu => _cpu;

    /// <inheritdoc/>
    public bool Supports(OpKind op) => Enum.IsDefined(op);

    /// <summary>The chosen algorithm's workspace once the shape has run; before that, the most the algorithm search may choose.</summary>
    public long ConvolutionWorkspaceBytes(ConvolutionParams p, TensorShape x)
    {
        var g = CudnnConvolutionGeometry.Forward(p, x);
        return Algorithms.TryGet(AlgorithmCache.Key("fwd", g, Options.AllowTf32), out var a) ? a.WorkspaceBytes : Options.MaxWorkspaceBytes;
    }

    /// <summary>As <see cref="ConvolutionWorkspaceBytes"/>, for the backward-data algorithm (0 where the CPU runs the shape).</summary>
    public long TransposedConvolutionWorkspaceBytes(TransposedConvolutionParams p, TensorShape x)
    {
        var g = CudnnConvolutionGeometry.TransposedAsBackwardData(p, x, out _);
        if (g is null)
        {
            return 0;
        }

        return Algorithms.TryGet(AlgorithmCache.Key("bwd-data", g, Options.AllowTf32), out var a) ? a.WorkspaceBytes : Options.MaxWorkspaceBytes;
    }

    /// <inheritdoc/>
    public IPreparedConvolution PrepareConvolution(ConvolutionParams p, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        lock (_gate)
        {
            Enter();
            var conv = new CudaConvolution(this, p, weight, bias);
            _prepared.Add(conv);
            return conv;
        }
    }

    /// <inheritdoc/>
    public IPreparedTransposedConvolution PrepareTransposedConvolution(TransposedConvolutionParams p, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        lock (_gate)
        {
            Enter();
            var conv = new CudaTransposedConvolution(this, p, weight, bias);
            _prepared.Add(conv);
            return conv;
        }
    }

    /// <inheritdoc/>
    public void Convolution(IPreparedConvolution conv, Tensor x, Tensor y, Tensor? residual = null, Activation activation = Activation.None)
    {
        if (conv is not CudaConvolution cuda)
        {
            throw new ArgumentException("the convolution was prepared by another backend", nameof(conv));
        }

        Run(OpKind.Convolution, () => cuda.Run(this, x, y, residual, activation));
    }

    /// <inheritdoc/>
    public void TransposedConvolution(IPreparedTransposedConvolution conv, Tensor x, Tensor y)
    {
        if (conv is not CudaTransposedConvolution cuda)
        {
            throw new ArgumentException("the transposed convolution was prepared by another backend", nameof(conv));
        }

        Run(OpKind.TransposedConvolution, () => cuda.Run(this, x, y));
    }

    /// <inheritdoc/>
    public void MaxPool(MaxPoolParams p, Tensor x, Tensor y) => Run(OpKind.MaxPool, () => CudaPooling.MaxPool(this, p, x, y));

    /// <inheritdoc/>
    public void Relu(Tensor x, Tensor y) => Run(OpKind.Relu, () => CudaActivation.Run(this, x, y, NativeConstants.CudnnActivationRelu));

    /// <inheritdoc/>
    public void Sigmoid(Tensor x, Tensor y) => Run(OpKind.Sigmoid, () => CudaActivation.Run(this, x, y, NativeConstants.CudnnActivationSigmoid));

    /// <inheritdoc/>
    public void Softmax(Tensor x, Tensor y) => Run(OpKind.Softmax, () => CudaSoftmax.Run(this, x, y));

    /// <inheritdoc/>
    public void Add(Tensor a, Tensor b, Tensor y) => Run(OpKind.Add, () => CudaBinary.Run(this, a, b, y, NativeConstants.CudnnOpTensorAdd));

    /// <inheritdoc/>
    public void Multiply(Tensor a, Tensor b, Tensor y) => Run(OpKind.Multiply, () => CudaBinary.Run(this, a, b, y, NativeConstants.CudnnOpTensorMul));

    /// <inheritdoc/>
    public void Concat(IReadOnlyList<Tensor> inputs, Tensor y) => Run(OpKind.Concat, () => CudaConcat.Run(this, inputs, y));

    /// <summary>Waits until every op queued so far has finished on the GPU.</summary>
    public void Synchronize()
    {
        lock (_gate)
        {
            Enter();
            Runtime.Check(Runtime.StreamSynchronize(_stream), "cudaStreamSynchronize");
        }
    }

    /// <summary>
    /// Times a stage of inference (e.g. "liver", "vessel"): on dispose the GPU is synchronised and the seconds
    /// are recorded in the <c>dicomsegnode.inference.stage.duration</c> histogram with this device's name.
    /// </summary>
    public IDisposable MeasureStage(string stage)
    {
        ArgumentException.ThrowIfNullOrEmpty(stage);
        return new StageTimer(this, stage, Stopwatch.GetTimestamp());
    }

    /// <summary>A workspace of at least <paramref name="bytes"/> (grown, never shrunk; one op uses it at a time).</summary>
    internal IntPtr Workspace(long bytes)
    {
        if (bytes <= 0)
        {
            return IntPtr.Zero;
        }

        if (_workspace.Bytes < bytes)
        {
            // The stream may still be reading the old workspace; let it drain before the block is reused.
            Runtime.Check(Runtime.StreamSynchronize(_stream), "cudaStreamSynchronize");
            _memory.Return(_workspace);
            _workspace = default;
            _workspace = _memory.Rent(bytes);
        }

        return _workspace.Pointer;
    }

    /// <summary>Gives the workspace back to the pool (after an algorithm search, which may have used a large one).</summary>
    internal void ReleaseWorkspace()
    {
        // Stream order: the next user of the block runs after the search's kernels.
        _memory.Return(_workspace);
        _workspace = default;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CudaMetrics.Unregister(this);
            Enter();
            Runtime.StreamSynchronize(_stream);
            foreach (var p in _prepared)
            {
                p.Dispose();
            }

            ReleaseMirrors();
            _descriptors.Dispose();
            _staging.Dispose();
            _memory.Dispose();
            _device.Cublas.Destroy(_cublas);
            _device.Cudnn.Destroy(_cudnn);
            Runtime.StreamDestroy(_stream);
        }
    }

    private void Run(OpKind op, Action action)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Enter();
            ReturnOrphans();
            try
            {
                action();
            }
            catch (CudaException e)
            {
                throw new CudaException($"{op} on {DeviceName}: {e.Message}", e) { Status = e.Status };
            }
        }
    }

    private void Enter()
    {
        if (CurrentDevice != _device.Index)
        {
            MakeCurrent();
        }
    }

    private void MakeCurrent()
    {
        _device.Runtime.Check(_device.Runtime.SetDevice(_device.Index), "cudaSetDevice");
        CurrentDevice = _device.Index;
    }

    [ThreadStatic]
    private static int _currentDevicePlusOne;

    private static int CurrentDevice
    {
        get => _currentDevicePlusOne - 1;
        set => _currentDevicePlusOne = value + 1;
    }

    private sealed class StageTimer(CudaBackend backend, string stage, long started) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done)
            {
                return;
            }

            _done = true;
            backend.Synchronize();
            CudaMetrics.RecordStage(stage, backend.DeviceName, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
