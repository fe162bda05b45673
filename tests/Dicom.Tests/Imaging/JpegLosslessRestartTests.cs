using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.Imaging;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Tests.Imaging;

/// <summary>
/// Restart intervals (T.81 H.1.2.1, F.2.2.5): dcmcjpeg cannot write them, so a minimal test encoder does, and dcmtk's
/// dcmdjpeg checks that the encoder's stream is valid JPEG before our decoder is held to it.
/// </summary>
public sealed class JpegLosslessRestartTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 6)]
    [InlineData(64, 2)]
    public void Decode_RestartEveryFewRows_EqualsSourceAndDcmdjpeg(int restartRows, int predictor)
    {
        var source = DicomFile.Open(TestFiles.Get("pydicom/MR_small.dcm"));
        var pixels = DicomPixelData.FromFile(source);
        var samples = pixels.GetFrame(0);
        var raw = samples.Select(v => v & 0xFFFF).ToArray(); // the 16-bit pattern, as encoders see signed data
        var jpeg = Encode(raw, pixels.Rows, pixels.Columns, 16, predictor, restartRows * pixels.Columns);

        var decoded = JpegLosslessDecoder.Decode(jpeg);
        Assert.Equal(raw, decoded.Samples);

        var ds = source.Dataset.Clone();
        ds.SetFragments(DicomTags.PixelData, DicomFragments.FromFrames([jpeg]));
        var compressed = Path.Combine(Path.GetTempPath(), $"dsn-rst-{Guid.NewGuid():N}.dcm");
        var decompressed = compressed + ".raw.dcm";
        try
        {
            new DicomFile(ds, DicomTransferSyntax.JPEGLossless).Save(compressed);
            TestFiles.Run("dcmdjpeg", [compressed, decompressed]);
            Assert.Equal(samples, DicomPixelData.FromFile(DicomFile.Open(decompressed)).GetFrame(0));
            Assert.Equal(samples, DicomPixelData.FromFile(DicomFile.Open(compressed)).GetFrame(0));
        }
        finally
        {
            File.Delete(compressed);
            File.Delete(decompressed);
        }
    }

    [Fact]
    public void Decode_RestartIntervalNotWholeRows_ThrowsDicomDecodeException()
    {
        var jpeg = Encode(new int[16], 4, 4, 8, 1, 4);
        jpeg[Array.IndexOf(jpeg, (byte)0xDD) + 4] = 3; // DRI: 3 MCUs, not a multiple of the 4 per row

        Assert.Throws<DicomDecodeException>(() => JpegLosslessDecoder.Decode(jpeg));
    }

    /// <summary>A minimal Process 14 encoder: one component, one Huffman table with 5-bit codes for categories 0-16.</summary>
    private static byte[] Encode(int[] samples, int rows, int cols, int precision, int predictor, int restartInterval)
    {
        var output = new List<byte> { 0xFF, 0xD8 };
        output.AddRange([0xFF, 0xC3, 0, 11, (byte)precision, (byte)(rows >> 8), (byte)rows, (byte)(cols >> 8), (byte)cols, 1, 1, 0x11, 0]);
        var counts = new byte[16];
        counts[4] = 17; // 17 codes of 5 bits: 00000 .. 10000
        output.AddRange([0xFF, 0xC4, 0, 2 + 17 + 17, 0x00]);
        output.AddRange(counts);
        output.AddRange(Enumerable.Range(0, 17).Select(i => (byte)i));
        output.AddRange([0xFF, 0xDD, 0, 4, (byte)(restartInterval >> 8), (byte)restartInterval]);
        output.AddRange([0xFF, 0xDA, 0, 8, 1, 1, 0x00, (byte)predictor, 0, 0]);

        var bits = new BitWriter(output);
        var restartNumber = 0;
        for (var y = 0; y < rows; y++)
        {
            var newInterval = y == 0 || (y * cols) % restartInterval == 0;
            if (y > 0 && newInterval)
            {
                bits.Flush();
                output.AddRange([0xFF, (byte)(0xD0 + (restartNumber++ % 8))]);
            }

            for (var x = 0; x < cols; x++)
            {
                var i = (y * cols) + x;
                int prediction;
                if (newInterval)
                {
                    prediction = x == 0 ? 1 << (precision - 1) : samples[i - 1];
                }
                else if (x == 0)
                {
                    prediction = samples[i - cols];
                }
                else
                {
                    int ra = samples[i - 1], rb = samples[i - cols], rc = samples[i - cols - 1];
                    prediction = predictor switch { 1 => ra, 2 => rb, 3 => rc, 4 => ra + rb - rc, 5 => ra + ((rb - rc) >> 1), 6 => rb + ((ra - rc) >> 1), _ => (ra + rb) >> 1 };
                }

                var diff = (samples[i] - prediction) & 0xFFFF;
                if (diff >= 0x8000)
                {
                    diff -= 0x10000;
                }

                var ssss = diff == 0 ? 0 : diff == -32768 ? 16 : 32 - int.LeadingZeroCount(Math.Abs(diff));
                bits.Write(ssss, 5);
                if (ssss is > 0 and < 16)
                {
                    bits.Write(diff < 0 ? diff + (1 << ssss) - 1 : diff, ssss);
                }
            }
        }

        bits.Flush();
        output.AddRange([0xFF, 0xD9]);
        return [.. output];
    }

    private sealed class BitWriter(List<byte> output)
    {
        private int _buffer;
        private int _count;

        public void Write(int value, int n)
        {
            for (var k = n - 1; k >= 0; k--)
            {
                _buffer = (_buffer << 1) | ((value >> k) & 1);
                if (++_count == 8)
                {
                    Emit();
                }
            }
        }

        public void Flush()
        {
            while (_count != 0)
            {
                Write(1, 1); // pad with ones (T.81 F.1.2.3)
            }
        }

        private void Emit()
        {
            output.Add((byte)_buffer);
            if (_buffer == 0xFF)
            {
                output.Add(0); // byte stuffing
            }

            _buffer = 0;
            _count = 0;
        }
    }
}
