using System.Runtime.InteropServices;

namespace DicomSegNode.Segmentation.Backends.Cuda.Native;

/// <summary>
/// The cuDNN 9 legacy-API calls we make (cudnn_graph_v9.h, cudnn_ops_v9.h, cudnn_cnn_v9.h), resolved from the
/// libcudnn.so.9 shim, which forwards to the sub-libraries loaded before it. Descriptors and handles are opaque
/// pointers; scaling factors are host float pointers (float tensors take float alpha/beta).
/// </summary>
internal sealed unsafe class CudnnApi
{
    public CudnnApi(LoadedLibrary cudnn)
    {
        GetVersion = (delegate* unmanaged<nuint>)cudnn.Export("cudnnGetVersion");
        GetErrorString = (delegate* unmanaged<int, byte*>)cudnn.Export("cudnnGetErrorString");
        Create = (delegate* unmanaged<IntPtr*, int>)cudnn.Export("cudnnCreate");
        Destroy = (delegate* unmanaged<IntPtr, int>)cudnn.Export("cudnnDestroy");
        SetStream = (delegate* unmanaged<IntPtr, IntPtr, int>)cudnn.Export("cudnnSetStream");
        CreateTensorDescriptor = (delegate* unmanaged<IntPtr*, int>)cudnn.Export("cudnnCreateTensorDescriptor");
        DestroyTensorDescriptor = (delegate* unmanaged<IntPtr, int>)cudnn.Export("cudnnDestroyTensorDescriptor");
        SetTensorNdDescriptor = (delegate* unmanaged<IntPtr, int, int, int*, int*, int>)cudnn.Export("cudnnSetTensorNdDescriptor");
        CreateFilterDescriptor = (delegate* unmanaged<IntPtr*, int>)cudnn.Export("cudnnCreateFilterDescriptor");
        DestroyFilterDescriptor = (delegate* unmanaged<IntPtr, int>)cudnn.Export("cudnnDestroyFilterDescriptor");
        SetFilterNdDescriptor = (delegate* unmanaged<IntPtr, int, int, int, int*, int>)cudnn.Export("cudnnSetFilterNdDescriptor");
        CreateConvolutionDescriptor = (delegate* unmanaged<IntPtr*, int>)cudnn.Export("cudnnCreateConvolutionDescriptor");
        DestroyConvolutionDescriptor = (delegate* unmanaged<IntPtr, int>)cudnn.Export("cudnnDestroyConvolutionDescriptor");
        SetConvolutionNdDescriptor = (delegate* unmanaged<IntPtr, int, int*, int*, int*, int, int, int>)cudnn.Export("cudnnSetConvolutionNdDescriptor");
        SetConvolutionMathType = (delegate* unmanaged<IntPtr, int, int>)cudnn.Export("cudnnSetConvolutionMathType");
        GetConvolutionNdForwardOutputDim = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, int, int*, int>)cudnn.Export("cudnnGetConvolutionNdForwardOutputDim");
        FindConvolutionForwardAlgorithmEx = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, int*, ConvolutionAlgoPerf*, IntPtr, nuint, int>)
            cudnn.Export("cudnnFindConvolutionForwardAlgorithmEx");
        GetConvolutionForwardWorkspaceSize = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, nuint*, int>)cudnn.Export("cudnnGetConvolutionForwardWorkspaceSize");
        ConvolutionForward = (delegate* unmanaged<IntPtr, float*, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, IntPtr, nuint, float*, IntPtr, IntPtr, int>)
            cudnn.Export("cudnnConvolutionForward");
        ConvolutionBiasActivationForward = (delegate* unmanaged<IntPtr, float*, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, IntPtr, nuint, float*, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int>)
            cudnn.Export("cudnnConvolutionBiasActivationForward");
        FindConvolutionBackwardDataAlgorithmEx = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, int*, ConvolutionAlgoPerf*, IntPtr, nuint, int>)
            cudnn.Export("cudnnFindConvolutionBackwardDataAlgorithmEx");
        GetConvolutionBackwardDataWorkspaceSize = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, nuint*, int>)cudnn.Export("cudnnGetConvolutionBackwardDataWorkspaceSize");
        ConvolutionBackwardData = (delegate* unmanaged<IntPtr, float*, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, IntPtr, nuint, float*, IntPtr, IntPtr, int>)
            cudnn.Export("cudnnConvolutionBackwardData");
        CreatePoolingDescriptor = (delegate* unmanaged<IntPtr*, int>)cudnn.Export("cudnnCreatePoolingDescriptor");
        DestroyPoolingDescriptor = (delegate* unmanaged<IntPtr, int>)cudnn.Export("cudnnDestroyPoolingDescriptor");
        SetPoolingNdDescriptor = (delegate* unmanaged<IntPtr, int, int, int, int*, int*, int*, int>)cudnn.Export("cudnnSetPoolingNdDescriptor");
        PoolingForward = (delegate* unmanaged<IntPtr, IntPtr, float*, IntPtr, IntPtr, float*, IntPtr, IntPtr, int>)cudnn.Export("cudnnPoolingForward");
        CreateActivationDescriptor = (delegate* unmanaged<IntPtr*, int>)cudnn.Export("cudnnCreateActivationDescriptor");
        DestroyActivationDescriptor = (delegate* unmanaged<IntPtr, int>)cudnn.Export("cudnnDestroyActivationDescriptor");
        SetActivationDescriptor = (delegate* unmanaged<IntPtr, int, int, double, int>)cudnn.Export("cudnnSetActivationDescriptor");
        ActivationForward = (delegate* unmanaged<IntPtr, IntPtr, float*, IntPtr, IntPtr, float*, IntPtr, IntPtr, int>)cudnn.Export("cudnnActivationForward");
        CreateOpTensorDescriptor = (delegate* unmanaged<IntPtr*, int>)cudnn.Export("cudnnCreateOpTensorDescriptor");
        DestroyOpTensorDescriptor = (delegate* unmanaged<IntPtr, int>)cudnn.Export("cudnnDestroyOpTensorDescriptor");
        SetOpTensorDescriptor = (delegate* unmanaged<IntPtr, int, int, int, int>)cudnn.Export("cudnnSetOpTensorDescriptor");
        OpTensor = (delegate* unmanaged<IntPtr, IntPtr, float*, IntPtr, IntPtr, float*, IntPtr, IntPtr, float*, IntPtr, IntPtr, int>)cudnn.Export("cudnnOpTensor");
        AddTensor = (delegate* unmanaged<IntPtr, float*, IntPtr, IntPtr, float*, IntPtr, IntPtr, int>)cudnn.Export("cudnnAddTensor");
        SoftmaxForward = (delegate* unmanaged<IntPtr, int, int, float*, IntPtr, IntPtr, float*, IntPtr, IntPtr, int>)cudnn.Export("cudnnSoftmaxForward");
    }

    public delegate* unmanaged<nuint> GetVersion { get; }

    public delegate* unmanaged<int, byte*> GetErrorString { get; }

    public delegate* unmanaged<IntPtr*, int> Create { get; }

    public delegate* unmanaged<IntPtr, int> Destroy { get; }

    public delegate* unmanaged<IntPtr, IntPtr, int> SetStream { get; }

    public delegate* unmanaged<IntPtr*, int> CreateTensorDescriptor { get; }

    public delegate* unmanaged<IntPtr, int> DestroyTensorDescriptor { get; }

    /// <summary>cudnnSetTensorNdDescriptor(desc, dataType, nbDims, dimA, strideA).</summary>
    public delegate* unmanaged<IntPtr, int, int, int*, int*, int> SetTensorNdDescriptor { get; }

    public delegate* unmanaged<IntPtr*, int> CreateFilterDescriptor { get; }

    public delegate* unmanaged<IntPtr, int> DestroyFilterDescriptor { get; }

    /// <summary>cudnnSetFilterNdDescriptor(desc, dataType, format, nbDims, filterDimA).</summary>
    public delegate* unmanaged<IntPtr, int, int, int, int*, int> SetFilterNdDescriptor { get; }

    public delegate* unmanaged<IntPtr*, int> CreateConvolutionDescriptor { get; }

    public delegate* unmanaged<IntPtr, int> DestroyConvolutionDescriptor { get; }

    /// <summary>cudnnSetConvolutionNdDescriptor(desc, arrayLength, padA, filterStrideA, dilationA, mode, computeType).</summary>
    public delegate* unmanaged<IntPtr, int, int*, int*, int*, int, int, int> SetConvolutionNdDescriptor { get; }

    public delegate* unmanaged<IntPtr, int, int> SetConvolutionMathType { get; }

    /// <summary>cudnnGetConvolutionNdForwardOutputDim(convDesc, xDesc, wDesc, nbDims, outDimA).</summary>
    public delegate* unmanaged<IntPtr, IntPtr, IntPtr, int, int*, int> GetConvolutionNdForwardOutputDim { get; }

    /// <summary>(handle, xDesc, x, wDesc, w, convDesc, yDesc, y, requested, returned*, perf*, workSpace, workSpaceBytes).</summary>
    public delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, int*, ConvolutionAlgoPerf*, IntPtr, nuint, int> FindConvolutionForwardAlgorithmEx { get; }

    /// <summary>(handle, xDesc, wDesc, convDesc, yDesc, algo, size*).</summary>
    public delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, nuint*, int> GetConvolutionForwardWorkspaceSize { get; }

    /// <summary>(handle, alpha, xDesc, x, wDesc, w, convDesc, algo, workSpace, bytes, beta, yDesc, y).</summary>
    public delegate* unmanaged<IntPtr, float*, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, IntPtr, nuint, float*, IntPtr, IntPtr, int> ConvolutionForward { get; }

    /// <summary>(handle, alpha1, xDesc, x, wDesc, w, convDesc, algo, workSpace, bytes, alpha2, zDesc, z, biasDesc, bias, activationDesc, yDesc, y).</summary>
    public delegate* unmanaged<IntPtr, float*, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, IntPtr, nuint, float*, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int> ConvolutionBiasActivationForward { get; }

    /// <summary>(handle, wDesc, w, dyDesc, dy, convDesc, dxDesc, dx, requested, returned*, perf*, workSpace, bytes).</summary>
    public delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, int*, ConvolutionAlgoPerf*, IntPtr, nuint, int> FindConvolutionBackwardDataAlgorithmEx { get; }

    /// <summary>(handle, wDesc, dyDesc, convDesc, dxDesc, algo, size*).</summary>
    public delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, nuint*, int> GetConvolutionBackwardDataWorkspaceSize { get; }

    /// <summary>(handle, alpha, wDesc, w, dyDesc, dy, convDesc, algo, workSpace, bytes, beta, dxDesc, dx).</summary>
    public delegate* unmanaged<IntPtr, float*, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, IntPtr, nuint, float*, IntPtr, IntPtr, int> ConvolutionBackwardData { get; }

    public delegate* unmanaged<IntPtr*, int> CreatePoolingDescriptor { get; }

    public delegate* unmanaged<IntPtr, int> DestroyPoolingDescriptor { get; }

    /// <summary>cudnnSetPoolingNdDescriptor(desc, mode, maxpoolingNanOpt, nbDims, windowDimA, paddingA, strideA).</summary>
    public delegate* unmanaged<IntPtr, int, int, int, int*, int*, int*, int> SetPoolingNdDescriptor { get; }

    /// <summary>(handle, poolingDesc, alpha, xDesc, x, beta, yDesc, y).</summary>
    public delegate* unmanaged<IntPtr, IntPtr, float*, IntPtr, IntPtr, float*, IntPtr, IntPtr, int> PoolingForward { get; }

    public delegate* unmanaged<IntPtr*, int> CreateActivationDescriptor { get; }

    public delegate* unmanaged<IntPtr, int> DestroyActivationDescriptor { get; }

    /// <summary>cudnnSetActivationDescriptor(desc, mode, reluNanOpt, coef).</summary>
    public delegate* unmanaged<IntPtr, int, int, double, int> SetActivationDescriptor { get; }

    /// <summary>(handle, activationDesc, alpha, xDesc, x, beta, yDesc, y).</summary>
    public delegate* unmanaged<IntPtr, IntPtr, float*, IntPtr, IntPtr, float*, IntPtr, IntPtr, int> ActivationForward { get; }

    public delegate* unmanaged<IntPtr*, int> CreateOpTensorDescriptor { get; }

    public delegate* unmanaged<IntPtr, int> DestroyOpTensorDescriptor { get; }

    /// <summary>cudnnSetOpTensorDescriptor(desc, op, compType, nanOpt).</summary>
    public delegate* unmanaged<IntPtr, int, int, int, int> SetOpTensorDescriptor { get; }

    /// <summary>(handle, opDesc, alpha1, aDesc, A, alpha2, bDesc, B, beta, cDesc, C).</summary>
    public delegate* unmanaged<IntPtr, IntPtr, float*, IntPtr, IntPtr, float*, IntPtr, IntPtr, float*, IntPtr, IntPtr, int> OpTensor { get; }

    /// <summary>(handle, alpha, aDesc, A, beta, cDesc, C): C = alpha A + beta C, A broadcast over C.</summary>
    public delegate* unmanaged<IntPtr, float*, IntPtr, IntPtr, float*, IntPtr, IntPtr, int> AddTensor { get; }

    /// <summary>(handle, algo, mode, alpha, xDesc, x, beta, yDesc, y).</summary>
    public delegate* unmanaged<IntPtr, int, int, float*, IntPtr, IntPtr, float*, IntPtr, IntPtr, int> SoftmaxForward { get; }

    /// <summary>Throws unless <paramref name="status"/> is CUDNN_STATUS_SUCCESS, with cuDNN's own text.</summary>
    public void Check(int status, string call)
    {
        if (status != NativeConstants.CudnnStatusSuccess)
        {
            throw new CudaException($"{call} failed: {Marshal.PtrToStringUTF8((IntPtr)GetErrorString(status))} ({status})") { Status = status };
        }
    }
}
