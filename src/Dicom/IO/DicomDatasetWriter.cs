using System.Buffers.Binary;
using System.IO.Compression;
using DicomSegNode.Dicom.Data;

namespace DicomSegNode.Dicom.IO;

/// <summary>
/// Encodes a data set (PS3.5 7) in a transfer syntax: Implicit VR Little Endian, Explicit VR Little and Big Endian,
/// Deflated Explicit VR Little Endian. Sequences and items are written with undefined length; values are padded to
/// even length with the VR's padding byte; a group length element (gggg,0000) present in the data set is recomputed.
/// </summary>
public static class DicomDatasetWriter
{
    private const int HeaderBufferSize = 16;

    /// <summary>Encodes a data set to a new byte array (e.g. a DIMSE command set in Implicit VR Little Endian).</summary>
    public static byte[] ToBytes(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        using var ms = new MemoryStream();
        Write(ms, dataset, syntax);
        return ms.ToArray();
    }

    /// <summary>Encodes a data set to a stream.</summary>
    public static void Write(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax)
    {
        if (syntax.IsDeflated)
        {
            using var deflate = new DeflateStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            using var buffered = new BufferedStream(deflate, 1 << 16);
            new Encoder(buffered, explicitVR: true, bigEndian: false).WriteDataset(dataset);
            buffered.Flush();
            return;
        }

        using (var buffered = new BufferedStream(new NonClosingStream(stream), 1 << 16))
        {
            new Encoder(buffered, syntax.IsExplicitVR, syntax.IsBigEndian).WriteDataset(dataset);
            buffered.Flush();
        }
    }

    /// <summary>The number of bytes <see cref="Write"/> produces for the data set (not deflated).</summary>
    public static long GetEncodedLength(DicomDataset dataset, DicomTransferSyntax syntax)
        => Encoder.DatasetLength(dataset, 0, dataset.Count, syntax.IsExplicitVR);

    private sealed class Encoder(Stream output, bool explicitVR, bool bigEndian)
    {
        private readonly byte[] _header = new byte[HeaderBufferSize];

        public void WriteDataset(DicomDataset ds)
        {
            for (var i = 0; i < ds.Count; i++)
            {
                var e = ds[i];
                if (e.Tag.Element == 0 && e.VR == DicomVR.UL)
                {
                    var end = i + 1;
                    while (end < ds.Count && ds[end].Tag.Group == e.Tag.Group)
                    {
                        end++;
                    }

                    var groupLength = DatasetLength(ds, i + 1, end, explicitVR);
                    var value = new byte[4];
                    WriteUInt32(value, checked((uint)groupLength));
                    WriteHeader(e.Tag, DicomVR.UL, 4);
                    output.Write(value);
                    continue;
                }

                WriteElement(e);
            }
        }

        public static long DatasetLength(DicomDataset ds, int from, int to, bool explicitVR)
        {
            long total = 0;
            for (var i = from; i < to; i++)
            {
                total += ElementLength(ds[i], explicitVR);
            }

            return total;
        }

        private static long ElementLength(DicomElement e, bool explicitVR)
        {
            if (e.Sequence is { } seq)
            {
                long items = 0;
                foreach (var item in seq)
                {
                    items += 16 + DatasetLength(item, 0, item.Count, explicitVR);
                }

                return (explicitVR ? 12 : 8) + items + 8;
            }

            if (e.Fragments is { } frags)
            {
                long items = 8 + Even(frags.BasicOffsetTable.Length);
                foreach (var f in frags.Fragments)
                {
                    items += 8 + Even(f.Length);
                }

                return (explicitVR ? 12 : 8) + items + 8;
            }

            var length = Even(e.Bytes.Length);
            return HeaderLength(EncodedVR(e.VR, length), explicitVR) + length;
        }

        private static int HeaderLength(DicomVR vr, bool explicitVR) => explicitVR && vr.HasLongLength ? 12 : 8;

        private static long Even(int length) => length + (length & 1);

        /// <summary>A 16-bit-length VR whose value does not fit is sent as UN (PS3.5 6.2.2 Note).</summary>
        private static DicomVR EncodedVR(DicomVR vr, long length) => !vr.HasLongLength && length > 0xFFFE ? DicomVR.UN : vr;

        private void WriteElement(DicomElement e)
        {
            if (e.Sequence is { } seq)
            {
                WriteHeader(e.Tag, DicomVR.SQ, 0xFFFFFFFF);
                foreach (var item in seq)
                {
                    WriteHeader(DicomTag.Item, null, 0xFFFFFFFF);
                    WriteDataset(item);
                    WriteHeader(DicomTag.ItemDelimitationItem, null, 0);
                }

                WriteHeader(DicomTag.SequenceDelimitationItem, null, 0);
                return;
            }

            if (e.Fragments is { } frags)
            {
                WriteHeader(e.Tag, e.VR == DicomVR.OW ? DicomVR.OW : DicomVR.OB, 0xFFFFFFFF);
                WriteItem(frags.BasicOffsetTable.Span);
                foreach (var f in frags.Fragments)
                {
                    WriteItem(f.Span);
                }

                WriteHeader(DicomTag.SequenceDelimitationItem, null, 0);
                return;
            }

            var value = e.Bytes.Span;
            var padded = value.Length + (value.Length & 1);
            WriteHeader(e.Tag, EncodedVR(e.VR, padded), (uint)padded);
            if (bigEndian && (e.VR.NeedsByteSwap || (e.Tag.Value == 0x7FE00010 && e.VR == DicomVR.OW)))
            {
                WriteSwapped(value, e.VR.NeedsByteSwap ? e.VR.UnitSize : 2);
            }
            else
            {
                output.Write(value);
            }

            if ((value.Length & 1) == 1)
            {
                output.WriteByte(e.VR.PaddingByte);
            }
        }

        private void WriteItem(ReadOnlySpan<byte> value)
        {
            WriteHeader(DicomTag.Item, null, (uint)(value.Length + (value.Length & 1)));
            output.Write(value);
            if ((value.Length & 1) == 1)
            {
                output.WriteByte(0);
            }
        }

        private void WriteSwapped(ReadOnlySpan<byte> value, int unit)
        {
            var chunk = new byte[Math.Min(value.Length, 1 << 16) & ~7];
            var pos = 0;
            while (pos < value.Length)
            {
                var n = Math.Min(chunk.Length, value.Length - pos);
                n -= n % unit;
                if (n == 0)
                {
                    output.Write(value[pos..]);
                    return;
                }

                value.Slice(pos, n).CopyTo(chunk);
                for (var k = 0; k < n; k += unit)
                {
                    chunk.AsSpan(k, unit).Reverse();
                }

                output.Write(chunk, 0, n);
                pos += n;
            }
        }

        private void WriteHeader(DicomTag tag, DicomVR? vr, uint length)
        {
            var h = _header.AsSpan();
            WriteUInt16(h, tag.Group);
            WriteUInt16(h[2..], tag.Element);
            if (explicitVR && vr is not null)
            {
                h[4] = (byte)vr.Code[0];
                h[5] = (byte)vr.Code[1];
                if (vr.HasLongLength)
                {
                    h[6] = 0;
                    h[7] = 0;
                    WriteUInt32(h[8..], length);
                    output.Write(h[..12]);
                    return;
                }

                WriteUInt16(h[6..], (ushort)length);
                output.Write(h[..8]);
                return;
            }

            WriteUInt32(h[4..], length);
            output.Write(h[..8]);
        }

        private void WriteUInt16(Span<byte> s, ushort v)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(s, v);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(s, v);
            }
        }

        private void WriteUInt32(Span<byte> s, uint v)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(s, v);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(s, v);
            }
        }
    }
}
