using System.Buffers.Binary;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Imaging;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Tests.IO;

/// <summary>
/// Hostile input: mutated valid files (random bytes, truncations, huge lengths) and synthetic deep nesting. Each case
/// must read or throw a <see cref="DicomException"/>; nothing else, no hang, and no allocation past
/// <see cref="AllocationBound"/> (a fixed multiple of the input size, so a 4-byte length can never cost gigabytes).
/// </summary>
public sealed class FuzzTests
{
    private const int CasesPerFile = 600;

    private static readonly DicomReadOptions s_options = new() { MaxInflatedLength = 64L << 20 };

    public static TheoryData<string> Seeds => new(
        "pydicom/MR_small.dcm", "pydicom/CT_small.dcm", "pydicom/rtplan.dcm", "pydicom/MR_small_RLE.dcm", "pydicom/MR_small_bigendian.dcm",
        "pydicom/image_dfl.dcm", "pydicom/charset/chrH31.dcm", "pydicom-data/liver.dcm", "jpegll/mr-p14-sv1.dcm", "pydicom/nested_priv_SQ.dcm",
        "pydicom/MR_small_implicit.dcm", "pydicom/UN_sequence.dcm");

    /// <summary>The most a case may allocate: 300 bytes per input byte (RLE's 64x expansion into 4-byte samples) plus 16 MiB.</summary>
    private static long AllocationBound(int inputLength) => (300L * inputLength) + (16L << 20);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Parse_MutatedFile_ReadsOrThrowsDicomExceptionWithinBound(string relativePath)
    {
        var original = File.ReadAllBytes(TestFiles.Get(relativePath));
        var random = new Random(relativePath.Length * 7919); // fixed seed per file: failures reproduce
        var offsets = LengthFieldOffsets(original);
        var refused = 0;
        for (var i = 0; i < CasesPerFile; i++)
        {
            var input = Mutate(original, random, offsets, i);
            refused += RunCase(input, $"{relativePath} case {i}") ? 0 : 1;
        }

        // The mutations must actually break files (else this test proves nothing) without breaking all of them.
        Assert.InRange(refused, 1, CasesPerFile - 1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Parse_DeeplyNestedSequences_ThrowsDicomFormatException(bool explicitVR)
    {
        // 100000 nested sequences with undefined lengths: must stop at the depth limit, not overflow the stack.
        using var ms = new MemoryStream();
        Span<byte> h = stackalloc byte[12];
        for (var i = 0; i < 100_000; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(h, 0x0008);
            BinaryPrimitives.WriteUInt16LittleEndian(h[2..], 0x1115); // ReferencedSeriesSequence
            if (explicitVR)
            {
                h[4] = (byte)'S';
                h[5] = (byte)'Q';
                h[6] = h[7] = 0;
                BinaryPrimitives.WriteUInt32LittleEndian(h[8..], 0xFFFFFFFF);
                ms.Write(h);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(h[4..], 0xFFFFFFFF);
                ms.Write(h[..8]);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(h, 0xE000FFFE);
            BinaryPrimitives.WriteUInt32LittleEndian(h[4..], 0xFFFFFFFF);
            ms.Write(h[..8]);
        }

        var syntax = explicitVR ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
        var e = Assert.Throws<DicomFormatException>(() => DicomDatasetReader.Read(ms.ToArray(), syntax));
        Assert.Contains("nested deeper", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0xFFFFFFF0u)]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0x00100001u)]
    public void Parse_HugeValueLength_ThrowsDicomFormatExceptionWithoutAllocating(uint length)
    {
        var bytes = new byte[24];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, 0x7FE0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 0x0010);
        bytes[4] = (byte)'O';
        bytes[5] = (byte)'B';
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), length);
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.Throws<DicomFormatException>(() => DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Parse_DeflateBomb_ThrowsDicomFormatExceptionAtLimit()
    {
        using var compressed = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(new byte[80 << 20]); // 80 MiB of zeros deflate to about 80 KiB
        }

        var options = new DicomReadOptions { MaxInflatedLength = 8 << 20 };
        Assert.Throws<DicomFormatException>(() => DicomDatasetReader.Read(compressed.ToArray(), DicomTransferSyntax.DeflatedExplicitVRLittleEndian, options));
    }

    /// <summary>Runs one case; true when the file was read, false when it was refused with a typed exception.</summary>
    private static bool RunCase(byte[] input, string name)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = true;
        try
        {
            var file = DicomFile.Parse(input, s_options);
            Walk(file.Dataset);
            try
            {
                var pixels = DicomPixelData.FromFile(file);
                for (var f = 0; f < Math.Min(pixels.NumberOfFrames, 4); f++)
                {
                    pixels.GetFrame(f);
                }
            }
            catch (DicomException)
            {
                // a typed refusal is a correct outcome
            }
        }
        catch (DicomException)
        {
            read = false; // a typed refusal is a correct outcome
        }
        catch (Exception e)
        {
            Assert.Fail($"{name}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= AllocationBound(input.Length), $"{name}: allocated {allocated} bytes for {input.Length} input bytes");
        return read;
    }

    private static void Walk(DicomDataset ds)
    {
        foreach (var e in ds)
        {
            try
            {
                if (e.Sequence is { } seq)
                {
                    foreach (var item in seq)
                    {
                        Walk(item);
                    }
                }
                else if (e.VR.IsString)
                {
                    ds.GetStrings(e.Tag);
                    if (e.VR == DicomVR.DS || e.VR == DicomVR.IS)
                    {
                        ds.GetDoubleArray(e.Tag);
                    }
                    else if (e.VR == DicomVR.DA)
                    {
                        ds.GetDate(e.Tag);
                    }
                    else if (e.VR == DicomVR.TM)
                    {
                        ds.GetTime(e.Tag);
                    }
                    else if (e.VR == DicomVR.DT)
                    {
                        ds.GetDateTime(e.Tag);
                    }
                }
                else if (e.VR.Kind == DicomVRKind.Binary && e.VR != DicomVR.AT)
                {
                    ds.GetDoubleArray(e.Tag);
                }
            }
            catch (DicomValueException)
            {
                // a value that breaks its VR is reported, not crashed on
            }
        }
    }

    private static byte[] Mutate(byte[] original, Random random, List<int> lengthOffsets, int i)
    {
        var input = (byte[])original.Clone();
        switch (i % 4)
        {
            case 0: // random bytes
                for (var k = random.Next(1, 16); k > 0; k--)
                {
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                }

                return input;
            case 1: // truncation
                return input[..random.Next(input.Length)];
            case 2: // huge or odd length in a real length field
                {
                    var at = lengthOffsets[random.Next(lengthOffsets.Count)];
                    uint[] lengths = [0xFFFFFFFF, 0xFFFFFFF0, 0x7FFFFFFF, 0x10000, (uint)random.Next(), 1, 3];
                    var value = lengths[random.Next(lengths.Length)];
                    if (at + 4 <= input.Length)
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(at), value);
                    }

                    return input;
                }

            default: // a block of bytes copied elsewhere (shuffled structure)
                {
                    var from = random.Next(input.Length);
                    var to = random.Next(input.Length);
                    var n = Math.Min(random.Next(1, 64), Math.Min(input.Length - from, input.Length - to));
                    Array.Copy(original, from, input, to, n);
                    return input;
                }
        }
    }

    /// <summary>Offsets of the value length fields of the file's elements, so mutations hit real lengths.</summary>
    private static List<int> LengthFieldOffsets(byte[] data)
    {
        var offsets = new List<int>();
        for (var i = 132; i + 12 <= data.Length; i += 2)
        {
            if (DicomVR.TryParse(data[i + 4], data[i + 5], out var vr) && data[i + 1] < 0x80)
            {
                offsets.Add(vr.HasLongLength ? i + 8 : i + 6);
            }
            else if (data[i] == 0xFE && data[i + 1] == 0xFF)
            {
                offsets.Add(i + 4);
            }
        }

        if (offsets.Count == 0)
        {
            offsets.Add(Math.Min(data.Length - 4, 136));
        }

        return offsets;
    }
}
