using System.Buffers.Binary;

namespace DicomSegNode.Node.Series;

/// <summary>
/// Native (uncompressed) pixel data of one frame to HU: stored values masked to BitsStored, sign-extended when
/// PixelRepresentation is 1, then Modality LUT: HU = value × RescaleSlope + RescaleIntercept (PS3.3 C.7.6.3, C.11.1).
/// The toolkit keeps values little-endian whatever the transfer syntax.
/// </summary>
internal static class NativePixelDecoder
{
    public static void DecodeHu(ReadOnlySpan<byte> pixelData, int frameIndex, int pixels, PixelFormat format, double slope, double intercept, Span<float> output)
    {
        long frameBytes = (long)pixels * format.BytesPerPixel;
        long start = frameIndex * frameBytes;
        if (start + frameBytes > pixelData.Length)
        {
            throw new InvalidDataException($"pixel data holds {pixelData.Length} bytes; frame {frameIndex + 1} needs bytes up to {start + frameBytes}");
        }

        var frame = pixelData.Slice((int)start, (int)frameBytes);
        int shift = 32 - format.BitsStored;
        uint mask = format.BitsStored == 32 ? uint.MaxValue : (1u << format.BitsStored) - 1;
        float s = (float)slope, b = (float)intercept;
        for (int p = 0; p < pixels; p++)
        {
            uint raw = format.BitsAllocated switch
            {
                8 => frame[p],
                16 => BinaryPrimitives.ReadUInt16LittleEndian(frame[(2 * p)..]),
                _ => BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 * p)..]),
            };
            raw &= mask;
            double value = format.Signed ? (int)(raw << shift) >> shift : raw;
            output[p] = (float)((value * s) + b);
        }
    }
}
