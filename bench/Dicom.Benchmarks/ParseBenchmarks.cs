using BenchmarkDotNet.Attributes;
using DicomSegNode.Dicom.Imaging;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Benchmarks;

/// <summary>Parsing the 20-slice CT series: headers, pixel data to stored values and to HU, and writing.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private byte[][] _files = [];
    private DicomFile[] _parsed = [];
    private string[] _paths = [];

    [GlobalSetup]
    public void Setup()
    {
        _paths = SeriesFiles.Paths;
        _files = _paths.Select(File.ReadAllBytes).ToArray();
        _parsed = _files.Select(f => DicomFile.Parse(f)).ToArray();
    }

    /// <summary>Headers and the pixel data element of every slice, from memory.</summary>
    [Benchmark(Baseline = true)]
    public int ParseSeries()
    {
        var n = 0;
        foreach (var f in _files)
        {
            n += DicomFile.Parse(f).Dataset.Count;
        }

        return n;
    }

    /// <summary>What the node does for a series: read each file from disk and decode its frame to HU.</summary>
    [Benchmark]
    public float OpenAndDecodeHU()
    {
        float sum = 0;
        foreach (var path in _paths)
        {
            var hu = DicomPixelData.FromFile(DicomFile.Open(path)).GetFrameRescaled(0);
            sum += hu[hu.Length / 2];
        }

        return sum;
    }

    /// <summary>Decoding only (files already parsed): stored values of every frame.</summary>
    [Benchmark]
    public int DecodeFrames()
    {
        var n = 0;
        foreach (var f in _parsed)
        {
            n += DicomPixelData.FromFile(f).GetFrame(0)[0];
        }

        return n;
    }

    /// <summary>Writing every slice as Explicit VR Little Endian to memory.</summary>
    [Benchmark]
    public long WriteSeries()
    {
        long n = 0;
        foreach (var f in _parsed)
        {
            using var ms = new MemoryStream();
            f.Write(ms);
            n += ms.Length;
        }

        return n;
    }
}
