using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Backends.Cuda;
using DicomSegNode.Segmentation.Inference;
using DicomSegNode.Segmentation.Models;

// The .NET side of bench/engine-cuda.sh: one model over one HU volume with the sliding-window predictor.
// Usage: engine-cuda-bench --model DIR --volume FILE.f32 --depth D --height H --width W [--device cuda|cpu|auto]
//        [--slice Z --slice-out FILE.f32] [--probe]
// Prints one line of key=value pairs; with --probe only whether the GPU is usable and why not.
string? Arg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int Int(string name) => int.Parse(Arg(name) ?? throw new ArgumentException($"{name} is required"), CultureInfo.InvariantCulture);

if (args.Contains("--probe"))
{
    var probe = CudaProbe.Probe();
    Console.WriteLine(probe.IsAvailable ? $"cuda=yes device=\"{probe.DeviceName}\" libraries=\"{probe.Libraries}\"" : $"cuda=no reason=\"{probe.Reason}\"");
    return probe.IsAvailable ? 0 : 1;
}

var package = ModelPackage.Load(Arg("--model") ?? throw new ArgumentException("--model is required"));
int depth = Int("--depth"), height = Int("--height"), width = Int("--width");
var device = Enum.Parse<Device>(Arg("--device") ?? "cuda", ignoreCase: true);
var bytes = File.ReadAllBytes(Arg("--volume") ?? throw new ArgumentException("--volume is required"));
var hu = new float[bytes.Length / 4];
for (int i = 0; i < hu.Length; i++)
{
    hu[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
}

using var predictor = new SegmentationPredictor(package, new PredictorOptions { Device = device });

// Warm-up on one patch: cuDNN's algorithm search, the device pool and the JIT, none of which recur per volume.
var patch = package.Manifest.Inference.PatchSize;
predictor.Predict(new float[patch[0] * patch[1] * patch[2]], patch[0], patch[1], patch[2]);

int patches = 0;
var sw = Stopwatch.StartNew();
var result = predictor.Predict(hu, depth, height, width, new PatchCounter(p => patches = p.PatchesTotal));
double seconds = sw.Elapsed.TotalSeconds;

string? sliceOut = Arg("--slice-out");
if (sliceOut is not null)
{
    int z = Int("--slice");
    var slice = result.Class(1).Slice(z * height * width, height * width);
    var outBytes = new byte[slice.Length * 4];
    for (int i = 0; i < slice.Length; i++)
    {
        BinaryPrimitives.WriteSingleLittleEndian(outBytes.AsSpan(4 * i), slice[i]);
    }

    File.WriteAllBytes(sliceOut, outBytes);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"engine={predictor.BackendName} seconds={seconds:F3} patches={patches} fallback=\"{predictor.FallbackReason}\""));
return 0;

/// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and race the print).</summary>
internal sealed class PatchCounter(Action<InferenceProgress> report) : IProgress<InferenceProgress>
{
    public void Report(InferenceProgress value) => report(value);
}
