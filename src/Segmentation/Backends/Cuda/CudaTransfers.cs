using DicomSegNode.Segmentation.Backends.Cuda.Native;

namespace DicomSegNode.Segmentation.Backends.Cuda;

/// <summary>Uploads outside the tensor residency scheme (weights) and event timing on the backend's stream.</summary>
internal static unsafe class CudaTransfers
{
    public static void UploadNow(CudaBackend b, ReadOnlySpan<float> source, IntPtr destination) => b.Staging.Upload(source, destination);

    /// <summary>Milliseconds <paramref name="work"/> takes on the GPU, measured with CUDA events after one warm-up run.</summary>
    public static float Time(CudaBackend b, Action work)
    {
        var rt = b.Runtime;
        work();
        IntPtr start, stop;
        rt.Check(rt.EventCreateWithFlags(&start, NativeConstants.CudaEventDefault), "cudaEventCreateWithFlags");
        rt.Check(rt.EventCreateWithFlags(&stop, NativeConstants.CudaEventDefault), "cudaEventCreateWithFlags");
        try
        {
            rt.Check(rt.EventRecord(start, b.Stream), "cudaEventRecord");
            work();
            rt.Check(rt.EventRecord(stop, b.Stream), "cudaEventRecord");
            rt.Check(rt.EventSynchronize(stop), "cudaEventSynchronize");
            float ms;
            rt.Check(rt.EventElapsedTime(&ms, start, stop), "cudaEventElapsedTime");
            return ms;
        }
        finally
        {
            rt.EventDestroy(start);
            rt.EventDestroy(stop);
        }
    }
}
