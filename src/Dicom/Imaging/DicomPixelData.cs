using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Imaging;

/// <summary>
/// The Image Pixel module (PS3.3 C.7.6.3) of a data set and access to its frames: native pixel data (PS3.5 8.1.1,
/// 8.2: BitsAllocated 1/8/16/32, signed or unsigned, BitsStored &lt; BitsAllocated sign-extended), RLE Lossless and
/// JPEG Lossless Process 14. Other compressed syntaxes raise <see cref="DicomDecodeException"/> naming the syntax.
/// Frame values are pixel-interleaved (PlanarConfiguration 1 is reordered); MONOCHROME1 values are not inverted.
/// </summary>
public sealed partial class DicomPixelData
{
    private readonly DicomDataset _dataset;
    private readonly ReadOnlyMemory<byte> _native;
    private readonly DicomFragments? _fragments;
    private int[]? _frameFragmentStarts;

    /// <summary>Describes the pixel data of <paramref name="dataset"/> encoded in <paramref name="syntax"/>.</summary>
    public DicomPixelData(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        _dataset = dataset;
        TransferSyntax = syntax;
        Rows = dataset.GetUInt16(DicomTags.Rows);
        Columns = dataset.GetUInt16(DicomTags.Columns);
        BitsAllocated = dataset.GetUInt16(DicomTags.BitsAllocated);
        BitsStored = dataset.TryGetInt32(DicomTags.BitsStored, out var bs) ? bs : BitsAllocated;
        HighBit = dataset.TryGetInt32(DicomTags.HighBit, out var hb) ? hb : BitsStored - 1;
        PixelRepresentation = dataset.GetInt32OrDefault(DicomTags.PixelRepresentation, 0);
        SamplesPerPixel = dataset.GetInt32OrDefault(DicomTags.SamplesPerPixel, 1);
        PlanarConfiguration = dataset.GetInt32OrDefault(DicomTags.PlanarConfiguration, 0);
        PhotometricInterpretation = dataset.GetString(DicomTags.PhotometricInterpretation) ?? "MONOCHROME2";
        NumberOfFrames = dataset.GetValueCount(DicomTags.NumberOfFrames) > 0 ? Math.Max(1, dataset.GetInt32(DicomTags.NumberOfFrames)) : 1;
        if (BitsAllocated is not (1 or 8 or 16 or 32) || BitsStored < 1 || BitsStored > BitsAllocated || SamplesPerPixel is < 1 or > 4 || Rows == 0 || Columns == 0)
        {
            throw new DicomDecodeException(
                $"Unsupported pixel description: {Rows}x{Columns}, BitsAllocated {BitsAllocated}, BitsStored {BitsStored}, SamplesPerPixel {SamplesPerPixel} (PS3.3 C.7.6.3).");
        }

        if ((long)Rows * Columns * SamplesPerPixel > MaxFrameSamples)
        {
            throw new DicomDecodeException($"A frame of {Rows}x{Columns}x{SamplesPerPixel} samples exceeds the limit of {MaxFrameSamples}.");
        }

        _fragments = dataset.GetFragments(DicomTags.PixelData);
        _native = _fragments is null ? dataset.GetBytes(DicomTags.PixelData) : ReadOnlyMemory<byte>.Empty;
        if (_fragments is null && !dataset.Contains(DicomTags.PixelData))
        {
            throw new DicomDecodeException("The data set has no Pixel Data (7FE0,0010).");
        }
    }

    /// <summary>Most samples one frame may have (2^28: 16384 x 16384 x 1), so hostile headers cannot ask for huge buffers.</summary>
    public const long MaxFrameSamples = 1L << 28;

    /// <summary>The transfer syntax the pixel data is encoded in.</summary>
    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>Rows (0028,0010).</summary>
    public int Rows { get; }

    /// <summary>Columns (0028,0011).</summary>
    public int Columns { get; }

    /// <summary>Bits Allocated (0028,0100).</summary>
    public int BitsAllocated { get; }

    /// <summary>Bits Stored (0028,0101).</summary>
    public int BitsStored { get; }

    /// <summary>High Bit (0028,0102).</summary>
    public int HighBit { get; }

    /// <summary>Pixel Representation (0028,0103): 1 for two's complement.</summary>
    public int PixelRepresentation { get; }

    /// <summary>True when samples are signed.</summary>
    public bool IsSigned => PixelRepresentation == 1;

    /// <summary>Samples per Pixel (0028,0002).</summary>
    public int SamplesPerPixel { get; }

    /// <summary>Planar Configuration (0028,0006).</summary>
    public int PlanarConfiguration { get; }

    /// <summary>Photometric Interpretation (0028,0004).</summary>
    public string PhotometricInterpretation { get; }

    /// <summary>Number of Frames (0028,0008), 1 when absent.</summary>
    public int NumberOfFrames { get; }

    /// <summary>Samples in one frame (rows x columns x samples per pixel).</summary>
    public int SamplesPerFrame => Rows * Columns * SamplesPerPixel;

    /// <summary>True when the pixel data is compressed (encapsulated, PS3.5 A.4).</summary>
    public bool IsEncapsulated => _fragments is not null;

    /// <summary>Convenience: pixel data of a file.</summary>
    public static DicomPixelData FromFile(DicomFile file) => new(file.Dataset, file.TransferSyntax);

    /// <summary>Decodes a frame's stored values (sign-extended to BitsStored, pixel-interleaved) into <paramref name="destination"/>.</summary>
    public void DecodeFrame(int frame, Span<int> destination)
    {
        CheckFrame(frame, destination.Length);
        CheckEncodedSize(frame);
        if (_fragments is not null)
        {
            DecodeEncapsulated(frame, destination);
            return;
        }

        DecodeNative(frame, destination);
    }

    /// <summary>A frame's stored values as a new array.</summary>
    public int[] GetFrame(int frame)
    {
        CheckFrame(frame, SamplesPerFrame);
        CheckEncodedSize(frame);
        var values = GC.AllocateUninitializedArray<int>(SamplesPerFrame);
        DecodeFrame(frame, values);
        return values;
    }

    /// <summary>
    /// A frame in output units: stored value x Rescale Slope + Rescale Intercept (PS3.3 C.11.1.1.2); Hounsfield units
    /// for CT. Enhanced multi-frame objects take the values from the frame's Pixel Value Transformation (C.7.6.16.2.9).
    /// </summary>
    public void DecodeFrameRescaled(int frame, Span<float> destination)
    {
        CheckFrame(frame, destination.Length);
        var (slope, intercept) = GetRescale(frame);
        CheckEncodedSize(frame);
        var n = SamplesPerFrame;
        var buffer = System.Buffers.ArrayPool<int>.Shared.Rent(n);
        try
        {
            DecodeFrame(frame, buffer.AsSpan(0, n));
            Rescale(buffer.AsSpan(0, n), destination[..n], (float)slope, (float)intercept);
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(buffer);
        }
    }

    private static void Rescale(ReadOnlySpan<int> values, Span<float> destination, float slope, float intercept)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(slope);
            var vb = Vector256.Create(intercept);
            for (; i + 8 <= values.Length; i += 8)
            {
                var v = Vector256.ConvertToSingle(Vector256.Create(values.Slice(i, 8)));
                ((v * vs) + vb).CopyTo(destination.Slice(i, 8));
            }
        }

        for (; i < values.Length; i++)
        {
            destination[i] = (values[i] * slope) + intercept;
        }
    }

    /// <summary>A frame rescaled (HU for CT) as a new array.</summary>
    public float[] GetFrameRescaled(int frame)
    {
        CheckFrame(frame, SamplesPerFrame);
        CheckEncodedSize(frame);
        var values = GC.AllocateUninitializedArray<float>(SamplesPerFrame);
        DecodeFrameRescaled(frame, values);
        return values;
    }

    /// <summary>Rescale Slope and Intercept for a frame (1 and 0 when absent).</summary>
    public (double Slope, double Intercept) GetRescale(int frame)
    {
        foreach (var groups in new[] { PerFrame(frame), First(_dataset.GetSequence(DicomTags.SharedFunctionalGroupsSequence)) })
        {
            var pvt = First(groups?.GetSequence(DicomTags.PixelValueTransformationSequence));
            if (pvt is not null && pvt.Contains(DicomTags.RescaleSlope))
            {
                return (pvt.GetDoubleOrDefault(DicomTags.RescaleSlope, 1), pvt.GetDoubleOrDefault(DicomTags.RescaleIntercept, 0));
            }
        }

        return (_dataset.GetDoubleOrDefault(DicomTags.RescaleSlope, 1), _dataset.GetDoubleOrDefault(DicomTags.RescaleIntercept, 0));
    }

    /// <summary>The encoded bytes of a frame as stored (native: its slice; encapsulated: its fragments joined).</summary>
    public ReadOnlyMemory<byte> GetEncodedFrame(int frame)
    {
        CheckFrame(frame, SamplesPerFrame);
        if (_fragments is null)
        {
            var length = NativeFrameLength();
            return BitsAllocated == 1 ? _native : _native.Slice(checked((int)(frame * length)), (int)length);
        }

        var (start, end) = FragmentRange(frame);
        if (end - start == 1)
        {
            return _fragments.Fragments[start];
        }

        var total = 0;
        for (var i = start; i < end; i++)
        {
            total += _fragments.Fragments[i].Length;
        }

        var joined = new byte[total];
        var o = 0;
        for (var i = start; i < end; i++)
        {
            _fragments.Fragments[i].Span.CopyTo(joined.AsSpan(o));
            o += _fragments.Fragments[i].Length;
        }

        return joined;
    }

    private static DicomDataset? First(DicomSequence? seq) => seq is { Count: > 0 } ? seq[0] : null;

    /// <summary>
    /// Rejects a frame whose encoded bytes cannot hold it before any buffer is sized from the header: native data must
    /// be complete; RLE expands at most 64 times (2 bytes to 128); JPEG Lossless needs at least one bit per sample.
    /// </summary>
    private void CheckEncodedSize(int frame)
    {
        if (_fragments is null)
        {
            if (PhotometricInterpretation.StartsWith("YBR_FULL_422", StringComparison.Ordinal) || PhotometricInterpretation.StartsWith("YBR_PARTIAL", StringComparison.Ordinal))
            {
                throw new DicomDecodeException($"Native {PhotometricInterpretation} (subsampled chroma) is not supported.");
            }

            var needed = BitsAllocated == 1 ? ((long)(frame + 1) * SamplesPerFrame + 7) / 8 : (frame + 1) * NativeFrameLength();
            if (_native.Length < needed)
            {
                throw Short(frame);
            }

            return;
        }

        var encoded = GetEncodedFrame(frame).Length;
        var minimum = TransferSyntax.Uid == DicomUids.RLELossless ? (long)SamplesPerFrame * Math.Max(1, BitsAllocated / 8) / 64 : (long)SamplesPerFrame / 8;
        if (encoded < minimum)
        {
            throw new DicomDecodeException($"Frame {frame} has {encoded} encoded bytes: too few for {SamplesPerFrame} samples in {TransferSyntax.Name}.");
        }
    }

    private DicomDataset? PerFrame(int frame)
    {
        var seq = _dataset.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence);
        return seq is not null && frame < seq.Count ? seq[frame] : null;
    }

    private void CheckFrame(int frame, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, NumberOfFrames);
        if (length < SamplesPerFrame)
        {
            throw new ArgumentException($"destination holds {length} values; a frame has {SamplesPerFrame}.");
        }
    }

    private long NativeFrameLength() => ((long)SamplesPerFrame * BitsAllocated + 7) / 8;

    private void DecodeNative(int frame, Span<int> destination)
    {
        if (PhotometricInterpretation.StartsWith("YBR_FULL_422", StringComparison.Ordinal) || PhotometricInterpretation.StartsWith("YBR_PARTIAL", StringComparison.Ordinal))
        {
            throw new DicomDecodeException($"Native {PhotometricInterpretation} (subsampled chroma) is not supported.");
        }

        var n = SamplesPerFrame;
        var data = _native.Span;
        if (BitsAllocated == 1)
        {
            // PS3.5 8.1.1: bit-packed, least significant bit first, frames continue without padding.
            var startBit = (long)frame * n;
            if ((startBit + n + 7) / 8 > data.Length)
            {
                throw Short(frame);
            }

            for (var i = 0; i < n; i++)
            {
                var bit = startBit + i;
                destination[i] = (data[(int)(bit >> 3)] >> (int)(bit & 7)) & 1;
            }

            return;
        }

        var frameLength = NativeFrameLength();
        var offset = frame * frameLength;
        if (offset + frameLength > data.Length)
        {
            throw Short(frame);
        }

        data = data.Slice((int)offset, (int)frameLength);
        if (SamplesPerPixel > 1 && PlanarConfiguration == 1)
        {
            var planar = new int[n];
            Unpack(data, planar, BitsAllocated);
            var pixels = Rows * Columns;
            for (var s = 0; s < SamplesPerPixel; s++)
            {
                for (var p = 0; p < pixels; p++)
                {
                    destination[(p * SamplesPerPixel) + s] = planar[(s * pixels) + p];
                }
            }

            FixBits(destination[..n]);
            return;
        }

        SampleConverter.Convert(data, destination[..n], BitsAllocated, BitsStored, HighBit, IsSigned);
    }

    private static void Unpack(ReadOnlySpan<byte> data, Span<int> destination, int bitsAllocated)
    {
        switch (bitsAllocated)
        {
            case 8:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = data[i];
                }

                break;
            case 16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]);
                }

                break;
            default:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]);
                }

                break;
        }
    }

    /// <summary>Keeps the BitsStored bits ending at HighBit and sign-extends them when signed (PS3.5 8.1.1).</summary>
    private void FixBits(Span<int> values)
    {
        var shift = HighBit + 1 - BitsStored;
        if (BitsStored == BitsAllocated && shift == 0)
        {
            if (IsSigned && BitsAllocated < 32)
            {
                var s = 32 - BitsAllocated;
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (values[i] << s) >> s;
                }
            }

            return;
        }

        var left = 32 - BitsStored - shift;
        var right = 32 - BitsStored;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i] << left;
            values[i] = IsSigned ? v >> right : (int)((uint)v >> right);
        }
    }

    private DicomDecodeException Short(int frame)
        => new($"Pixel Data holds {_native.Length} bytes: too short for frame {frame} of {NumberOfFrames} ({Rows}x{Columns}x{SamplesPerPixel}, {BitsAllocated} bits).");
}
