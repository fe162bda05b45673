using DicomSegNode.Segmentation.Backends.Cuda.Native;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>
/// Creates cuDNN descriptors and keeps the tensor descriptors per (rank, dims), since the same few shapes recur on
/// every patch. All descriptors are float32, packed NC(D)HW; all are destroyed with the backend.
/// </summary>
internal sealed unsafe class CudnnDescriptors(CudnnApi cudnn) : IDisposable
{
    private readonly Dictionary<string, IntPtr> _tensors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IntPtr> _other = new(StringComparer.Ordinal);
    private readonly List<(IntPtr Handle, IntPtr Destroy)> _owned = [];

    /// <summary>A packed tensor descriptor with <paramref name="dims"/> (4 or 5 of them).</summary>
    public IntPtr Tensor(int[] dims)
    {
        string key = string.Join(',', dims);
        if (_tensors.TryGetValue(key, out IntPtr cached))
        {
            return cached;
        }

        IntPtr desc;
        cudnn.Check(cudnn.CreateTensorDescriptor(&desc), "cudnnCreateTensorDescriptor");
        _owned.Add((desc, (IntPtr)cudnn.DestroyTensorDescriptor));
        int[] strides = CudnnConvolutionGeometry.PackedStrides(dims);
        fixed (int* d = dims)
        fixed (int* s = strides)
        {
            cudnn.Check(cudnn.SetTensorNdDescriptor(desc, NativeConstants.CudnnDataFloat, dims.Length, d, s), $"cudnnSetTensorNdDescriptor([{key}])");
        }

        _tensors[key] = desc;
        return desc;
    }

    /// <summary>A descriptor made once per <paramref name="key"/> by <paramref name="create"/> (pooling, activation and op-tensor descriptors).</summary>
    public IntPtr Cached(string key, Func<IntPtr> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (!_other.TryGetValue(key, out IntPtr desc))
        {
            desc = create();
            _other[key] = desc;
        }

        return desc;
    }

    /// <summary>The activation descriptor for a cudnnActivationMode_t.</summary>
    public IntPtr ActivationFor(int mode) => Cached("act" + mode.ToString(System.Globalization.CultureInfo.InvariantCulture), () => Activation(mode));

    /// <summary>The op-tensor descriptor for a cudnnOpTensorOp_t.</summary>
    public IntPtr OpTensorFor(int op) => Cached("op" + op.ToString(System.Globalization.CultureInfo.InvariantCulture), () => OpTensor(op));

    /// <summary>A 5D (NCDHW) tensor descriptor for <paramref name="shape"/>.</summary>
    public IntPtr Tensor(TensorShape shape) => Tensor([shape.N, shape.C, shape.D, shape.H, shape.W]);

    /// <summary>A bias / per-channel descriptor [1, C, 1, 1(, 1)] of the given rank.</summary>
    public IntPtr Channels(int channels, int rank) => Tensor(rank == 4 ? [1, channels, 1, 1] : [1, channels, 1, 1, 1]);

    public IntPtr Filter(int[] dims)
    {
        IntPtr desc;
        cudnn.Check(cudnn.CreateFilterDescriptor(&desc), "cudnnCreateFilterDescriptor");
        _owned.Add((desc, (IntPtr)cudnn.DestroyFilterDescriptor));
        fixed (int* d = dims)
        {
            cudnn.Check(cudnn.SetFilterNdDescriptor(desc, NativeConstants.CudnnDataFloat, NativeConstants.CudnnTensorNchw, dims.Length, d), "cudnnSetFilterNdDescriptor");
        }

        return desc;
    }

    public IntPtr Convolution(CudnnConvolutionGeometry g, int mathType)
    {
        IntPtr desc;
        cudnn.Check(cudnn.CreateConvolutionDescriptor(&desc), "cudnnCreateConvolutionDescriptor");
        _owned.Add((desc, (IntPtr)cudnn.DestroyConvolutionDescriptor));
        fixed (int* p = g.Pads)
        fixed (int* s = g.Strides)
        fixed (int* d = g.Dilations)
        {
            cudnn.Check(cudnn.SetConvolutionNdDescriptor(desc, g.Pads.Length, p, s, d, NativeConstants.CudnnCrossCorrelation, NativeConstants.CudnnDataFloat), "cudnnSetConvolutionNdDescriptor");
        }

        cudnn.Check(cudnn.SetConvolutionMathType(desc, mathType), "cudnnSetConvolutionMathType");
        return desc;
    }

    public IntPtr Activation(int mode)
    {
        IntPtr desc;
        cudnn.Check(cudnn.CreateActivationDescriptor(&desc), "cudnnCreateActivationDescriptor");
        _owned.Add((desc, (IntPtr)cudnn.DestroyActivationDescriptor));
        cudnn.Check(cudnn.SetActivationDescriptor(desc, mode, NativeConstants.CudnnPropagateNan, 0.0), "cudnnSetActivationDescriptor");
        return desc;
    }

    public IntPtr OpTensor(int op)
    {
        IntPtr desc;
        cudnn.Check(cudnn.CreateOpTensorDescriptor(&desc), "cudnnCreateOpTensorDescriptor");
        _owned.Add((desc, (IntPtr)cudnn.DestroyOpTensorDescriptor));
        cudnn.Check(cudnn.SetOpTensorDescriptor(desc, op, NativeConstants.CudnnDataFloat, NativeConstants.CudnnPropagateNan), "cudnnSetOpTensorDescriptor");
        return desc;
    }

    public IntPtr MaxPooling(int[] window, int[] padding, int[] stride)
    {
        IntPtr desc;
        cudnn.Check(cudnn.CreatePoolingDescriptor(&desc), "cudnnCreatePoolingDescriptor");
        _owned.Add((desc, (IntPtr)cudnn.DestroyPoolingDescriptor));
        fixed (int* w = window)
        fixed (int* p = padding)
        fixed (int* s = stride)
        {
            cudnn.Check(cudnn.SetPoolingNdDescriptor(desc, NativeConstants.CudnnPoolingMax, NativeConstants.CudnnPropagateNan, window.Length, w, p, s), "cudnnSetPoolingNdDescriptor");
        }

        return desc;
    }

    public void Dispose()
    {
        foreach (var (handle, destroy) in _owned)
        {
            ((delegate* unmanaged<IntPtr, int>)destroy)(handle);
        }

        _owned.Clear();
        _tensors.Clear();
        _other.Clear();
    }
}
