using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DicomSegNode.Dicom.Imaging;

/// <summary>
/// Widens native little-endian samples to 32-bit values, keeping the BitsStored bits that end at HighBit and
/// sign-extending them when signed (PS3.5 8.1.1). Vector256/Vector128 paths with a scalar tail; the scalar loop is the
/// reference the tests hold the vector paths to.
/// </summary>
internal static class SampleConverter
{
    /// <summary>Converts <paramref name="destination"/>.Length samples of <paramref name="bitsAllocated"/> bits.</summary>
    public static void Convert(ReadOnlySpan<byte> source, Span<int> destination, int bitsAllocated, int bitsStored, int highBit, bool signed)
    {
        var shift = highBit + 1 - bitsStored;
        var left = 32 - bitsStored - shift;
        var right = 32 - bitsStored;
        switch (bitsAllocated)
        {
            case 16:
                Convert16(MemoryMarshal.Cast<byte, ushort>(source[..(destination.Length * 2)]), destination, left, right, signed);
                return;
            case 8:
                for (var i = 0; i < destination.Length; i++)
                {
                    var v = source[i] << left;
                    destination[i] = signed ? v >> right : (int)((uint)v >> right);
                }

                return;
            default:
                for (var i = 0; i < destination.Length; i++)
                {
                    var v = BinaryPrimitives.ReadInt32LittleEndian(source[(i * 4)..]);
                    if (bitsStored < 32 || shift > 0)
                    {
                        v <<= left;
                        v = signed ? v >> right : (int)((uint)v >> right);
                    }

                    destination[i] = v;
                }

                return;
        }
    }

    private static void Convert16(ReadOnlySpan<ushort> source, Span<int> destination, int left, int right, bool signed)
    {
        if (!BitConverter.IsLittleEndian)
        {
            for (var k = 0; k < destination.Length; k++)
            {
                destination[k] = Scalar(BinaryPrimitives.ReverseEndianness(source[k]), left, right, signed);
            }

            return;
        }

        var i = 0;
        if (Vector256.IsHardwareAccelerated && destination.Length >= 16)
        {
            var raw = MemoryMarshal.Cast<ushort, short>(source);
            for (; i + 16 <= destination.Length; i += 16)
            {
                // Unsigned widening then shift pair: ((v << left) >> right) in 32 bits, arithmetic for signed.
                var (lo, hi) = Vector256.Widen(Vector256.Create(MemoryMarshal.Cast<short, ushort>(raw.Slice(i, 16))));
                var a = Vector256.ShiftLeft(lo.AsInt32(), left);
                var b = Vector256.ShiftLeft(hi.AsInt32(), left);
                if (signed)
                {
                    a = Vector256.ShiftRightArithmetic(a, right);
                    b = Vector256.ShiftRightArithmetic(b, right);
                }
                else
                {
                    a = Vector256.ShiftRightLogical(a, right);
                    b = Vector256.ShiftRightLogical(b, right);
                }

                a.CopyTo(destination.Slice(i, 8));
                b.CopyTo(destination.Slice(i + 8, 8));
            }
        }
        else if (Vector128.IsHardwareAccelerated && destination.Length >= 8)
        {
            for (; i + 8 <= destination.Length; i += 8)
            {
                var (lo, hi) = Vector128.Widen(Vector128.Create(source.Slice(i, 8)));
                var a = Vector128.ShiftLeft(lo.AsInt32(), left);
                var b = Vector128.ShiftLeft(hi.AsInt32(), left);
                a = signed ? Vector128.ShiftRightArithmetic(a, right) : Vector128.ShiftRightLogical(a, right);
                b = signed ? Vector128.ShiftRightArithmetic(b, right) : Vector128.ShiftRightLogical(b, right);
                a.CopyTo(destination.Slice(i, 4));
                b.CopyTo(destination.Slice(i + 4, 4));
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = Scalar(source[i], left, right, signed);
        }
    }

    /// <summary>The reference conversion of one 16-bit sample.</summary>
    internal static int Scalar(ushort raw, int left, int right, bool signed)
    {
        var v = raw << left;
        return signed ? v >> right : (int)((uint)v >> right);
    }
}
