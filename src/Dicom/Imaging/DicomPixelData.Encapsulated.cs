using System.Buffers.Binary;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;

namespace DicomSegNode.Dicom.Imaging;

/// <summary>Encapsulated frames (PS3.5 A.4): which fragments make a frame, and the codecs that decode them.</summary>
public sealed partial class DicomPixelData
{
    private void DecodeEncapsulated(int frame, Span<int> destination)
    {
        var encoded = GetEncodedFrame(frame).Span;
        var uid = TransferSyntax.Uid;
        var n = SamplesPerFrame;
        if (uid == DicomUids.RLELossless)
        {
            if (BitsAllocated % 8 != 0)
            {
                throw new DicomDecodeException($"RLE with BitsAllocated {BitsAllocated} is not supported.");
            }

            var raw = new byte[n * (BitsAllocated / 8)];
            RleCodec.Decode(encoded, raw, Rows, Columns, SamplesPerPixel, BitsAllocated);
            Unpack(raw, destination[..n], BitsAllocated);
            FixBits(destination[..n]);
            return;
        }

        if (uid == DicomUids.JPEGLossless || uid == DicomUids.JPEGLosslessSV1)
        {
            var image = JpegLosslessDecoder.Decode(encoded);
            if (image.Rows != Rows || image.Columns != Columns || image.Components != SamplesPerPixel)
            {
                throw new DicomDecodeException(
                    $"JPEG image is {image.Rows}x{image.Columns}x{image.Components}; the data set says {Rows}x{Columns}x{SamplesPerPixel}.");
            }

            image.Samples.AsSpan(0, n).CopyTo(destination);
            FixBits(destination[..n]);
            return;
        }

        throw new DicomDecodeException($"Cannot decode pixel data in {TransferSyntax.Name} ({uid}): no codec for it here.");
    }

    private (int Start, int End) FragmentRange(int frame)
    {
        var fragments = _fragments!.Fragments;
        if (fragments.Count == NumberOfFrames)
        {
            return (frame, frame + 1);
        }

        if (NumberOfFrames == 1)
        {
            return (0, fragments.Count);
        }

        _frameFragmentStarts ??= MapFragments();
        var start = _frameFragmentStarts[frame];
        var end = frame + 1 < NumberOfFrames ? _frameFragmentStarts[frame + 1] : fragments.Count;
        return (start, end);
    }

    /// <summary>
    /// Frame to first fragment from the Extended Offset Table (7FE0,0001) or the Basic Offset Table (PS3.5 A.4);
    /// without either, JPEG frames are found by their SOI marker.
    /// </summary>
    private int[] MapFragments()
    {
        var fragments = _fragments!.Fragments;
        var starts = new int[NumberOfFrames];
        var extended = _dataset.GetBytes(DicomTags.ExtendedOffsetTable).Span;
        uint[] offsets;
        if (extended.Length == NumberOfFrames * 8)
        {
            offsets = new uint[NumberOfFrames];
            for (var i = 0; i < offsets.Length; i++)
            {
                offsets[i] = (uint)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(extended[(i * 8)..]), uint.MaxValue);
            }
        }
        else
        {
            offsets = _fragments.GetOffsets();
        }
        if (offsets.Length == NumberOfFrames)
        {
            long pos = 0;
            var f = 0;
            for (var i = 0; i < fragments.Count && f < NumberOfFrames; i++)
            {
                while (f < NumberOfFrames && offsets[f] == pos)
                {
                    starts[f++] = i;
                }

                pos += 8 + fragments[i].Length;
            }

            if (f == NumberOfFrames)
            {
                return starts;
            }
        }

        var frame = 0;
        for (var i = 0; i < fragments.Count && frame < NumberOfFrames; i++)
        {
            var span = fragments[i].Span;
            if (span.Length >= 2 && span[0] == 0xFF && span[1] == 0xD8)
            {
                starts[frame++] = i;
            }
        }

        if (frame != NumberOfFrames)
        {
            throw new DicomDecodeException($"Cannot tell which of {fragments.Count} fragments belong to each of {NumberOfFrames} frames (no usable offset table).");
        }

        return starts;
    }
}
