using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DicomSegNode.Seg2DicomSeg.Pixels;

/// <summary>
/// BINARY segmentation pixel data: one bit per pixel, frames concatenated WITHOUT padding at frame boundaries,
/// the first pixel of the object in the least significant bit of the first byte, the value padded to an even
/// length (PS3.5 8.1.1 and 8.2; PS3.3 C.8.20.2 Segmentation Image Module, BitsAllocated = 1).
/// </summary>
public static class BinaryFramePacker
{
    /// <summary>Bytes that <paramref name="frameCount"/> frames of <paramref name="pixelsPerFrame"/> pixels take,
    /// padded to an even length as PS3.5 7.1 requires of every value.</summary>
    public static long PackedLength(long frameCount, long pixelsPerFrame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        ArgumentOutOfRangeException.ThrowIfNegative(pixelsPerFrame);
        long bytes = checked((frameCount * pixelsPerFrame + 7) / 8);
        return bytes + (bytes & 1);
    }

    /// <summary>Packs frames (one byte per pixel, non-zero = inside) one after another into
    /// <paramref name="destination"/>, which must hold <see cref="PackedLength"/> bytes.</summary>
    public static void Pack(IReadOnlyList<ReadOnlyMemory<byte>> frames, Span<byte> destination)
    {
        long bits = 0;
        foreach (var frame in frames)
        {
            bits += frame.Length;
        }

        long needed = (bits + 7) / 8;
        if (destination.Length < needed)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; {frames.Count} frames need {needed}.", nameof(destination));
        }

        var writer = new BitStreamWriter(destination);
        foreach (var frame in frames)
        {
            writer.Write(frame.Span);
        }

        int written = writer.Flush();
        destination[written..].Clear();
    }

    /// <summary>Unpacks <paramref name="destination"/>.Length pixels starting at bit <paramref name="firstBit"/>
    /// of <paramref name="packed"/> into one byte per pixel (0 or 1).</summary>
    public static void Unpack(ReadOnlySpan<byte> packed, long firstBit, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstBit);
        long lastBit = firstBit + destination.Length;
        if (lastBit > (long)packed.Length * 8)
        {
            throw new ArgumentException($"Pixel data holds {(long)packed.Length * 8} bits; bits {firstBit}..{lastBit} were asked for.", nameof(packed));
        }

        int shift = (int)(firstBit & 7);
        int source = checked((int)(firstBit >> 3));
        int whole = destination.Length >> 3;
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        for (int i = 0; i < whole; i++, source++)
        {
            int b = packed[source] >> shift;
            if (shift != 0 && source + 1 < packed.Length)
            {
                b |= packed[source + 1] << (8 - shift);
            }

            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, i * 8), ExpandTable[b & 0xFF]);
        }

        for (int i = whole * 8; i < destination.Length; i++)
        {
            long bit = firstBit + i;
            destination[i] = (byte)((packed[(int)(bit >> 3)] >> (int)(bit & 7)) & 1);
        }
    }

    /// <summary>Each byte value spread into eight bytes of 0/1, least significant bit first (little-endian ulong).</summary>
    private static readonly ulong[] ExpandTable = BuildExpandTable();

    private static ulong[] BuildExpandTable()
    {
        var table = new ulong[256];
        for (int b = 0; b < 256; b++)
        {
            ulong v = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                v |= (ulong)((b >> bit) & 1) << (bit * 8);
            }

            table[b] = BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
        }

        return table;
    }

    /// <summary>A little-endian bit stream: 32 pixels at a time become one uint through a vector compare and
    /// most-significant-bit extraction (bit i of the mask is pixel i, exactly the DICOM bit order), shifted into
    /// an accumulator so frames may start at any bit.</summary>
    private ref struct BitStreamWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;
        private int _position;
        private ulong _accumulator;
        private int _pending;

        public void Write(ReadOnlySpan<byte> pixels)
        {
            ref byte src = ref MemoryMarshal.GetReference(pixels);
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + 32 <= pixels.Length; i += 32)
                {
                    var v = Vector256.LoadUnsafe(ref src, (nuint)i);
                    Append32(~Vector256.Equals(v, Vector256<byte>.Zero).ExtractMostSignificantBits());
                }
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                for (; i + 32 <= pixels.Length; i += 32)
                {
                    uint lo = Vector128.Equals(Vector128.LoadUnsafe(ref src, (nuint)i), Vector128<byte>.Zero).ExtractMostSignificantBits();
                    uint hi = Vector128.Equals(Vector128.LoadUnsafe(ref src, (nuint)(i + 16)), Vector128<byte>.Zero).ExtractMostSignificantBits();
                    Append32(~(lo | (hi << 16)));
                }
            }

            for (; i + 32 <= pixels.Length; i += 32)
            {
                Append32(ScalarMask(pixels.Slice(i, 32)));
            }

            if (i < pixels.Length)
            {
                var tail = pixels[i..];
                AppendBits(ScalarMask(tail), tail.Length);
            }
        }

        /// <summary>Writes the bits still pending; returns the bytes written in all.</summary>
        public int Flush()
        {
            while (_pending > 0)
            {
                _destination[_position++] = (byte)_accumulator;
                _accumulator >>= 8;
                _pending = Math.Max(0, _pending - 8);
            }

            return _position;
        }

        private static uint ScalarMask(ReadOnlySpan<byte> pixels)
        {
            uint m = 0;
            for (int k = 0; k < pixels.Length; k++)
            {
                m |= (pixels[k] != 0 ? 1u : 0u) << k;
            }

            return m;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Append32(uint bits)
        {
            // _pending < 32 on entry, so the accumulator never overflows and exactly one word is complete after.
            _accumulator |= (ulong)bits << _pending;
            BinaryPrimitives.WriteUInt32LittleEndian(_destination.Slice(_position, 4), (uint)_accumulator);
            _position += 4;
            _accumulator >>= 32;
        }

        private void AppendBits(uint bits, int count)
        {
            _accumulator |= (ulong)bits << _pending;
            _pending += count;
            while (_pending >= 8)
            {
                _destination[_position++] = (byte)_accumulator;
                _accumulator >>= 8;
                _pending -= 8;
            }
        }
    }
}
