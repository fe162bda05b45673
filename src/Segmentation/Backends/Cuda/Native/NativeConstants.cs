namespace DicomSegNode.Segmentation.Backends.Cuda.Native;

/// <summary>
/// Enum values of the C headers we call through (cuda_runtime_api.h / driver_types.h of CUDA 12 and 13,
/// cublas_api.h of cuBLAS 12, cudnn_graph_v9.h / cudnn_ops_v9.h / cudnn_cnn_v9.h of cuDNN 9), copied as plain
/// integers because the P/Invoke signatures pass them as C ints.
/// </summary>
internal static class NativeConstants
{
    // cudaError_t
    public const int CudaSuccess = 0;
    public const int CudaErrorMemoryAllocation = 2;
    public const int CudaErrorInsufficientDriver = 35;
    public const int CudaErrorNoDevice = 100;

    // cudaMemcpyKind
    public const int CudaMemcpyHostToDevice = 1;
    public const int CudaMemcpyDeviceToHost = 2;
    public const int CudaMemcpyDeviceToDevice = 3;

    // cudaStreamCreateWithFlags / cudaEventCreateWithFlags / cudaHostAlloc flags
    public const uint CudaStreamNonBlocking = 1;
    public const uint CudaEventDefault = 0;
    public const uint CudaHostAllocDefault = 0;

    // cudaDeviceAttr
    public const int CudaDevAttrComputeCapabilityMajor = 75;
    public const int CudaDevAttrComputeCapabilityMinor = 76;

    // cublasStatus_t, cublasOperation_t, cublasMath_t
    public const int CublasStatusSuccess = 0;
    public const int CublasOpN = 0;
    public const int CublasDefaultMath = 0;
    public const int CublasPedanticMath = 2;
    public const int CublasTf32TensorOpMath = 3;

    // cudnnStatus_t
    public const int CudnnStatusSuccess = 0;
    public const int CudnnStatusNotSupported = 3000;

    // cudnnDataType_t, cudnnTensorFormat_t, cudnnConvolutionMode_t, cudnnNanPropagation_t
    public const int CudnnDataFloat = 0;
    public const int CudnnTensorNchw = 0;
    public const int CudnnCrossCorrelation = 1;
    public const int CudnnNotPropagateNan = 0;
    public const int CudnnPropagateNan = 1;

    // cudnnMathType_t
    public const int CudnnDefaultMath = 0;
    public const int CudnnTensorOpMath = 1;
    public const int CudnnTensorOpMathAllowConversion = 2;
    public const int CudnnFmaMath = 3;

    // cudnnConvolutionFwdAlgo_t (the only one cudnnConvolutionBiasActivationForward accepts with IDENTITY)
    public const int CudnnFwdAlgoImplicitPrecompGemm = 1;

    // cudnnPoolingMode_t
    public const int CudnnPoolingMax = 0;

    // cudnnActivationMode_t
    public const int CudnnActivationSigmoid = 0;
    public const int CudnnActivationRelu = 1;
    public const int CudnnActivationIdentity = 5;

    // cudnnOpTensorOp_t
    public const int CudnnOpTensorAdd = 0;
    public const int CudnnOpTensorMul = 1;

    // cudnnSoftmaxAlgorithm_t, cudnnSoftmaxMode_t
    public const int CudnnSoftmaxAccurate = 1;
    public const int CudnnSoftmaxModeChannel = 1;
}
