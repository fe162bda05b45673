using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DicomSegNode.Segmentation.Backends.Cpu;

/// <summary>The vector width the CPU kernels use; <see cref="Auto"/> picks the widest the machine accelerates.</summary>
public enum CpuIsa
{
    /// <summary>AVX-512 if accelerated, else AVX2/FMA, else 128-bit vectors.</summary>
    Auto,

    /// <summary>512-bit vectors (AVX-512F).</summary>
    Avx512,

    /// <summary>256-bit vectors (AVX2 with FMA).</summary>
    Avx2,

    /// <summary>128-bit vectors (SSE/NEON, or software where neither exists).</summary>
    Vector128,
}

/// <summary>Resolves <see cref="CpuIsa.Auto"/> and refuses what the machine lacks.</summary>
public static class CpuIsaSupport
{
    /// <summary>The ISA <paramref name="requested"/> resolves to on this machine.</summary>
    public static CpuIsa Resolve(CpuIsa requested) => requested switch
    {
        CpuIsa.Auto => Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? CpuIsa.Avx512
            : Vector256.IsHardwareAccelerated && Fma.IsSupported ? CpuIsa.Avx2 : CpuIsa.Vector128,
        CpuIsa.Avx512 when !(Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
            => throw new PlatformNotSupportedException("AVX-512 is not accelerated on this CPU"),
        CpuIsa.Avx2 when !(Vector256.IsHardwareAccelerated && Fma.IsSupported)
            => throw new PlatformNotSupportedException("AVX2/FMA is not accelerated on this CPU"),
        _ => requested,
    };

    /// <summary>Whether <paramref name="isa"/> can run here (for tests that cover every path the machine has).</summary>
    public static bool IsAvailable(CpuIsa isa) => isa switch
    {
        CpuIsa.Avx512 => Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
        CpuIsa.Avx2 => Vector256.IsHardwareAccelerated && Fma.IsSupported,
        _ => true,
    };

    /// <summary>Floats per vector for a resolved ISA.</summary>
    internal static int Lanes(CpuIsa isa) => isa switch
    {
        CpuIsa.Avx512 => 16,
        CpuIsa.Avx2 => 8,
        _ => 4,
    };
}
