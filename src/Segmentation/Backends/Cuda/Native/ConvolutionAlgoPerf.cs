using System.Runtime.InteropServices;

namespace DicomSegNode.Segmentation.Backends.Cuda.Native;

/// <summary>
/// cudnnConvolutionFwdAlgoPerf_t and cudnnConvolutionBwdDataAlgoPerf_t (cudnn_cnn_v9.h; same layout since cuDNN 7):
/// { algo; status; float time; size_t memory; determinism; mathType; int reserved[3]; }, 48 bytes on LP64.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ConvolutionAlgoPerf
{
    public int Algo;
    public int Status;
    public float Time;
    public nuint Memory;
    public int Determinism;
    public int MathType;
    public int Reserved0;
    public int Reserved1;
    public int Reserved2;
}
