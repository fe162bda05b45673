using System.Buffers.Binary;
using DicomSegNode.Dicom.Data;

namespace DicomSegNode.Dicom.Imaging;

/// <summary>
/// RLE Lossless (PS3.5 Annex G): a 64-byte header of up to 15 segment offsets, then one PackBits segment per byte
/// plane (most significant byte of each sample first), each row encoded separately.
/// </summary>
public static class RleCodec
{
    private const int HeaderLength = 64;

    /// <summary>
    /// Decodes one RLE frame into native little-endian, pixel-interleaved samples (the layout of PlanarConfiguration 0).
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> encoded, Span<byte> destination, int rows, int columns, int samplesPerPixel, int bitsAllocated)
    {
        var bytesPerSample = bitsAllocated / 8;
        var pixels = rows * columns;
        var segments = samplesPerPixel * bytesPerSample;
        if (encoded.Length < HeaderLength)
        {
            throw new DicomDecodeException($"RLE frame of {encoded.Length} bytes is shorter than its 64-byte header (PS3.5 G.5).");
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(encoded);
        if (count != segments || segments > 15)
        {
            throw new DicomDecodeException($"RLE frame has {count} segments; {samplesPerPixel} samples of {bitsAllocated} bits need {segments} (PS3.5 G.2).");
        }

        if (destination.Length < pixels * segments)
        {
            throw new ArgumentException("destination too small", nameof(destination));
        }

        byte[]? plane = null;
        for (var s = 0; s < segments; s++)
        {
            var start = BinaryPrimitives.ReadUInt32LittleEndian(encoded[(4 + (s * 4))..]);
            var end = s + 1 < segments ? BinaryPrimitives.ReadUInt32LittleEndian(encoded[(4 + ((s + 1) * 4))..]) : (uint)encoded.Length;
            if (start < HeaderLength || start > encoded.Length || end > encoded.Length || end < start)
            {
                throw new DicomDecodeException($"RLE segment {s} offsets {start}..{end} lie outside the {encoded.Length}-byte frame (PS3.5 G.5).");
            }

            plane ??= new byte[pixels];
            DecodeSegment(encoded[(int)start..(int)end], plane);
            var sample = s / bytesPerSample;
            var byteInSample = bytesPerSample - 1 - (s % bytesPerSample); // segments are most significant byte first
            var stride = samplesPerPixel * bytesPerSample;
            var offset = (sample * bytesPerSample) + byteInSample;
            if (stride == 1)
            {
                plane.AsSpan().CopyTo(destination);
                continue;
            }

            for (var p = 0; p < pixels; p++)
            {
                destination[offset + (p * stride)] = plane[p];
            }
        }
    }

    /// <summary>Encodes one frame of native little-endian, pixel-interleaved samples as RLE Lossless (PS3.5 G.3).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> frame, int rows, int columns, int samplesPerPixel, int bitsAllocated)
    {
        var bytesPerSample = bitsAllocated / 8;
        var pixels = rows * columns;
        var segments = samplesPerPixel * bytesPerSample;
        if (segments > 15 || bitsAllocated % 8 != 0)
        {
            throw new DicomDecodeException($"RLE cannot encode {samplesPerPixel} samples of {bitsAllocated} bits (at most 15 byte segments, PS3.5 G.2).");
        }

        if (frame.Length < pixels * segments)
        {
            throw new DicomDecodeException($"Frame of {frame.Length} bytes is shorter than {pixels * segments}.");
        }

        using var output = new MemoryStream();
        output.Write(new byte[HeaderLength]);
        var header = new byte[HeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)segments);
        var row = new byte[columns];
        var stride = samplesPerPixel * bytesPerSample;
        for (var s = 0; s < segments; s++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4 + (s * 4)), (uint)output.Length);
            var sample = s / bytesPerSample;
            var offset = (sample * bytesPerSample) + (bytesPerSample - 1 - (s % bytesPerSample));
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    row[c] = frame[offset + (((r * columns) + c) * stride)];
                }

                PackBits(row, output);
            }

            if ((output.Length & 1) == 1)
            {
                output.WriteByte(0);
            }
        }

        var result = output.ToArray();
        header.CopyTo(result, 0);
        return result;
    }

    private static void DecodeSegment(ReadOnlySpan<byte> segment, Span<byte> plane)
    {
        var o = 0;
        var i = 0;
        while (i < segment.Length && o < plane.Length)
        {
            var n = (sbyte)segment[i++];
            if (n >= 0)
            {
                var count = n + 1;
                if (i + count > segment.Length || o + count > plane.Length)
                {
                    throw new DicomDecodeException("RLE literal run overruns its segment or the frame (PS3.5 G.3.1).");
                }

                segment.Slice(i, count).CopyTo(plane[o..]);
                i += count;
                o += count;
            }
            else if (n != -128)
            {
                var count = 1 - n;
                if (i >= segment.Length || o + count > plane.Length)
                {
                    throw new DicomDecodeException("RLE replicate run overruns its segment or the frame (PS3.5 G.3.1).");
                }

                plane.Slice(o, count).Fill(segment[i++]);
                o += count;
            }
        }

        if (o != plane.Length)
        {
            throw new DicomDecodeException($"RLE segment decodes to {o} bytes; the frame needs {plane.Length} (PS3.5 G.3.1).");
        }
    }

    private static void PackBits(ReadOnlySpan<byte> row, Stream output)
    {
        var i = 0;
        while (i < row.Length)
        {
            var run = 1;
            while (i + run < row.Length && run < 128 && row[i + run] == row[i])
            {
                run++;
            }

            if (run >= 2)
            {
                output.WriteByte((byte)(sbyte)(1 - run));
                output.WriteByte(row[i]);
                i += run;
                continue;
            }

            // A literal run: at least this byte (it starts no repeat), up to the next repeat or 128 bytes.
            var start = i;
            var literal = 0;
            while (i < row.Length && literal < 128 && (i + 1 >= row.Length || row[i + 1] != row[i]))
            {
                i++;
                literal++;
            }

            output.WriteByte((byte)(literal - 1));
            output.Write(row.Slice(start, literal));
        }
    }
}
