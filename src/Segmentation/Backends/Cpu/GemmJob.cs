using DicomSegNode.Segmentation.Ops;

namespace DicomSegNode.Segmentation.Backends.Cpu;

/// <summary>
/// One implicit-GEMM convolution: y[M, outputs] = A[M, K] * B[K, outputs] (+ bias, + residual, activation).
/// Columns are "virtual" output positions v. In <see cref="Shifted"/> mode (stride 1) v indexes the padded
/// input volume (d * Hp * Wp + h * Wp + w) so B row k is the padded input shifted by a constant offset;
/// columns whose h or w fall in the padding are computed and dropped (a few percent of extra work for no
/// copy at all). In gather mode v is the output index and B panels are gathered with bounds checks.
/// </summary>
internal unsafe struct GemmJob
{
    public float* A;
    public int M;
    public int K;
    public float* Bias;
    public Activation Activation;
    public float* Residual;
    public float* Output;
    public int OutputChannelStride;

    public bool Shifted;
    public float* Source;
    public int* RowOffsets;
    public int Columns;

    // Shifted mode: the padded-input geometry that maps v to an output position.
    public int PlaneP;
    public int RowP;
    public int OutH;
    public int OutW;

    // Gather mode: the convolution geometry.
    public int InD;
    public int InH;
    public int InW;
    public int OutD;
    public Int3 Kernel;
    public Int3 Stride;
    public Int3 Padding;
    public Int3 Dilation;

    public CpuIsa Isa;
    public int NR;
    public int PanelsPerTile;
    public int Tiles;
    public int MGroups;
    public int BlocksPerGroup;

    public readonly int WorkItems => Tiles * MGroups;
}
