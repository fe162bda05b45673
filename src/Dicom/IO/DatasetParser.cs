using System.Buffers.Binary;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;

namespace DicomSegNode.Dicom.IO;

/// <summary>
/// Parses encoded data elements (PS3.5 7.1-7.5) from one buffer. Values are slices of that buffer (no copy) except
/// for big endian binary values, which are swapped into little-endian copies. Every length is checked against the
/// bytes that remain before it is used, so malformed input ends in <see cref="DicomFormatException"/>.
/// </summary>
internal sealed class DatasetParser
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private const uint ItemTag = 0xFFFEE000;
    private const uint ItemDelimitationTag = 0xFFFEE00D;
    private const uint SequenceDelimitationTag = 0xFFFEE0DD;
    private const uint PixelDataTag = 0x7FE00010;

    private readonly ReadOnlyMemory<byte> _data;
    private readonly bool _bigEndian;
    private readonly DicomReadOptions _options;
    private readonly int _baseOffset;
    private bool _stopAtGroupChange;

    /// <summary>Parses the File Meta Information: Explicit VR Little Endian elements while the group is 0002.</summary>
    public DicomDataset ParseMeta(int start, out int end)
    {
        _stopAtGroupChange = true;
        var ds = new DicomDataset(16);
        end = ParseElements(ds, start, _data.Length, explicitVR: true, untilDelimiter: false, depth: 0, topLevel: true);
        _stopAtGroupChange = false;
        return ds;
    }

    public DatasetParser(ReadOnlyMemory<byte> data, bool bigEndian, DicomReadOptions options, int baseOffset = 0)
    {
        _stopAtGroupChange = false;
        _data = data;
        _bigEndian = bigEndian;
        _options = options;
        _baseOffset = baseOffset;
    }

    /// <summary>Parses a top-level data set from <paramref name="start"/> to the end of the buffer.</summary>
    public DicomDataset ParseTopLevel(int start, bool explicitVR, out int end)
    {
        var ds = new DicomDataset(64);
        var span = _data.Span;
        if (_data.Length - start >= 8 && ReadUInt16(span[start..]) != 0xFFFE)
        {
            // The transfer syntax can be wrong about VR encoding (files whose meta says Explicit but whose data set is
            // Implicit, and the reverse): the first element decides, as in pydicom and dcmtk.
            var looksExplicit = DicomVR.TryParse(span[start + 4], span[start + 5], out _);
            explicitVR = looksExplicit;
        }

        end = ParseElements(ds, start, _data.Length, explicitVR, untilDelimiter: false, depth: 0, topLevel: true);
        return ds;
    }

    /// <summary>Parses elements into <paramref name="ds"/> until <paramref name="end"/> or an item delimiter; returns where it stopped.</summary>
    private int ParseElements(DicomDataset ds, int pos, int end, bool explicitVR, bool untilDelimiter, int depth, bool topLevel)
    {
        var span = _data.Span;
        var stopAt = topLevel && _options.StopBeforeTag is { } stop ? stop.Value : uint.MaxValue;
        while (pos < end)
        {
            if (end - pos < 8)
            {
                if (topLevel && !untilDelimiter && span[pos..end].IndexOfAnyExcept((byte)0) < 0)
                {
                    return end; // trailing NUL padding after the last element, as some writers leave
                }

                throw Error(pos, $"truncated element header ({end - pos} bytes left, 8 needed)");
            }

            var group = ReadUInt16(span[pos..]);
            var element = ReadUInt16(span[(pos + 2)..]);
            var tag = ((uint)group << 16) | element;
            if (tag >= stopAt || (_stopAtGroupChange && group != 0x0002))
            {
                return pos;
            }

            if (group == 0xFFFE)
            {
                var delimLength = ReadUInt32(span[(pos + 4)..]);
                if (tag == ItemDelimitationTag && untilDelimiter)
                {
                    return pos + 8;
                }

                if (tag == ItemDelimitationTag || tag == SequenceDelimitationTag)
                {
                    // A stray delimiter (seen in files from some writers): skip it, as dcmtk and pydicom do.
                    pos += 8;
                    continue;
                }

                throw Error(pos, $"unexpected {new DicomTag(tag)} (length {delimLength}) in a data set");
            }

            DicomVR vr;
            uint length;
            int headerLength;
            if (explicitVR)
            {
                if (DicomVR.TryParse(span[pos + 4], span[pos + 5], out vr))
                {
                    if (vr.HasLongLength)
                    {
                        if (end - pos < 12)
                        {
                            throw Error(pos, "truncated element header");
                        }

                        length = ReadUInt32(span[(pos + 8)..]);
                        headerLength = 12;
                    }
                    else
                    {
                        length = ReadUInt16(span[(pos + 6)..]);
                        headerLength = 8;
                    }
                }
                else
                {
                    // Not a VR: some writers mix Implicit VR elements into Explicit VR data sets; dcmtk reads them so.
                    vr = ImplicitVR(ds, new DicomTag(tag));
                    length = ReadUInt32(span[(pos + 4)..]);
                    headerLength = 8;
                }
            }
            else
            {
                vr = ImplicitVR(ds, new DicomTag(tag));
                length = ReadUInt32(span[(pos + 4)..]);
                headerLength = 8;
            }

            pos += headerLength;
            var dicomTag = new DicomTag(tag);
            var valueExplicitVR = explicitVR;
            if (vr == DicomVR.UN && explicitVR && !dicomTag.IsPrivate && DicomDictionary.GetVR(dicomTag) != DicomVR.UN)
            {
                // PS3.5 6.2.2: a standard attribute sent as UN (by a peer that did not know it) is Implicit VR
                // Little Endian inside; take the dictionary VR, as pydicom and dcmtk do.
                vr = ImplicitVR(ds, dicomTag);
                valueExplicitVR = false;
            }
            if (length == UndefinedLength)
            {
                if (vr == DicomVR.SQ || (!explicitVR && vr != DicomVR.OB && vr != DicomVR.OW && tag != PixelDataTag))
                {
                    var seq = new DicomSequence();
                    seq.Attach(ds); // items see their parent while parsed (Pixel Representation for "US or SS")
                    pos = ParseSequence(seq, pos, end, undefinedLength: true, explicitVR, depth + 1);
                    ds.SetElement(dicomTag, DicomVR.SQ, ReadOnlyMemory<byte>.Empty, seq);
                }
                else if (vr == DicomVR.UN)
                {
                    // PS3.5 6.2.2: UN with undefined length is a sequence encoded in Implicit VR Little Endian.
                    var seq = new DicomSequence();
                    seq.Attach(ds); // items see their parent while parsed (Pixel Representation for "US or SS")
                    pos = ParseSequence(seq, pos, end, undefinedLength: true, explicitVR: false, depth + 1);
                    ds.SetElement(dicomTag, DicomVR.SQ, ReadOnlyMemory<byte>.Empty, seq);
                }
                else if (vr == DicomVR.OB || vr == DicomVR.OW)
                {
                    var fragments = ParseFragments(ref pos, end);
                    ds.SetElement(dicomTag, vr, ReadOnlyMemory<byte>.Empty, fragments);
                }
                else
                {
                    throw Error(pos - headerLength, $"{dicomTag} {vr} has undefined length, allowed only for SQ, UN and encapsulated OB/OW");
                }

                continue;
            }

            if (length > (uint)(end - pos))
            {
                throw Error(pos - headerLength, $"{dicomTag} {vr} value length {length} exceeds the {end - pos} bytes left");
            }

            var len = (int)length;
            if (vr == DicomVR.SQ)
            {
                var seq = new DicomSequence();
                seq.Attach(ds); // items see their parent while parsed (Pixel Representation for "US or SS")
                ParseSequence(seq, pos, pos + len, undefinedLength: false, valueExplicitVR, depth + 1);
                ds.SetElement(dicomTag, DicomVR.SQ, ReadOnlyMemory<byte>.Empty, seq);
            }
            else
            {
                var value = _data.Slice(pos, len);
                if (_bigEndian && tag == PixelDataTag && vr == DicomVR.OW)
                {
                    value = Swap(value.Span, PixelWordSize(ds));
                }
                else if (_bigEndian && vr.NeedsByteSwap)
                {
                    value = Swap(value.Span, vr.SwapSize);
                }

                ds.SetElement(dicomTag, vr, value, null);
            }

            pos += len;
        }

        if (untilDelimiter)
        {
            throw Error(pos, "item with undefined length ends without an Item Delimitation Item");
        }

        return pos;
    }

    private int ParseSequence(DicomSequence seq, int pos, int end, bool undefinedLength, bool explicitVR, int depth)
    {
        if (depth > _options.MaxSequenceDepth)
        {
            throw Error(pos, $"sequences nested deeper than {_options.MaxSequenceDepth} levels");
        }

        var span = _data.Span;
        while (pos < end)
        {
            if (end - pos < 8)
            {
                throw Error(pos, "truncated item header");
            }

            var tag = ((uint)ReadUInt16(span[pos..]) << 16) | ReadUInt16(span[(pos + 2)..]);
            var length = ReadUInt32(span[(pos + 4)..]);
            pos += 8;
            if (tag == SequenceDelimitationTag)
            {
                if (undefinedLength)
                {
                    return pos;
                }

                continue;
            }

            if (tag != ItemTag)
            {
                throw Error(pos - 8, $"expected an Item (FFFE,E000) in a sequence, found {new DicomTag(tag)}");
            }

            var item = new DicomDataset(8);
            seq.Add(item);
            if (length == UndefinedLength)
            {
                pos = ParseElements(item, pos, end, explicitVR, untilDelimiter: true, depth, topLevel: false);
            }
            else
            {
                if (length > (uint)(end - pos))
                {
                    throw Error(pos - 8, $"item length {length} exceeds the {end - pos} bytes left");
                }

                ParseElements(item, pos, pos + (int)length, explicitVR, untilDelimiter: false, depth, topLevel: false);
                pos += (int)length;
            }
        }

        if (undefinedLength)
        {
            throw Error(pos, "sequence with undefined length ends without a Sequence Delimitation Item");
        }

        return pos;
    }

    private DicomFragments ParseFragments(ref int pos, int end)
    {
        var span = _data.Span;
        var items = new List<ReadOnlyMemory<byte>>();
        while (true)
        {
            if (end - pos < 8)
            {
                throw Error(pos, "encapsulated pixel data ends without a Sequence Delimitation Item");
            }

            var tag = ((uint)ReadUInt16(span[pos..]) << 16) | ReadUInt16(span[(pos + 2)..]);
            var length = ReadUInt32(span[(pos + 4)..]);
            pos += 8;
            if (tag == SequenceDelimitationTag)
            {
                break;
            }

            if (tag != ItemTag)
            {
                throw Error(pos - 8, $"expected a fragment Item (FFFE,E000) in encapsulated pixel data, found {new DicomTag(tag)}");
            }

            if (length > (uint)(end - pos))
            {
                throw Error(pos - 8, $"fragment length {length} exceeds the {end - pos} bytes left");
            }

            items.Add(_data.Slice(pos, (int)length));
            pos += (int)length;
        }

        if (items.Count == 0)
        {
            throw Error(pos, "encapsulated pixel data has no Basic Offset Table item (PS3.5 A.4)");
        }

        return new DicomFragments(items[0], items.Skip(1));
    }

    /// <summary>VR for Implicit VR (PS3.5 A.1), resolving "US or SS" with Pixel Representation and "OB or OW" as OW.</summary>
    private static DicomVR ImplicitVR(DicomDataset ds, DicomTag tag)
    {
        var vr = DicomDictionary.GetVR(tag);
        if (!DicomDictionary.IsAmbiguous(tag))
        {
            return vr;
        }

        if (vr == DicomVR.OB)
        {
            // PS3.5 A.1 (c): Pixel Data, Overlay Data and other OB-or-OW values are OW in Implicit VR (as dcmtk reads them).
            return DicomVR.OW;
        }

        if (vr == DicomVR.US && tag.Group == 0x0028 && tag.Element is 0x1101 or 0x1102 or 0x1103 or 0x3002)
        {
            return DicomVR.US; // LUT descriptors: first value always US (PS3.3 C.7.6.3.1.5)
        }

        if (vr == DicomVR.US)
        {
            var root = ds;
            while (root.Parent is not null && !root.Contains(new DicomTag(0x0028, 0x0103)))
            {
                root = root.Parent;
            }

            var pixelRep = root.GetBytes(new DicomTag(0x0028, 0x0103)).Span;
            return pixelRep.Length >= 2 && BinaryPrimitives.ReadUInt16LittleEndian(pixelRep) == 1 ? DicomVR.SS : DicomVR.US;
        }

        return vr;
    }

    /// <summary>Big endian OW pixel data is swapped per sample: 4 bytes when Bits Allocated is 32, else 2 (as dcmtk and pydicom do).</summary>
    internal static int PixelWordSize(DicomDataset ds)
    {
        var bits = ds.GetBytes(new DicomTag(0x0028, 0x0100)).Span;
        return bits.Length >= 2 && BinaryPrimitives.ReadUInt16LittleEndian(bits) == 32 ? 4 : 2;
    }

    private ushort ReadUInt16(ReadOnlySpan<byte> s)
        => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);

    private uint ReadUInt32(ReadOnlySpan<byte> s)
        => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);

    private static byte[] Swap(ReadOnlySpan<byte> value, int unit)
    {
        var copy = value.ToArray();
        var whole = copy.Length - (copy.Length % unit);
        for (var i = 0; i < whole; i += unit)
        {
            copy.AsSpan(i, unit).Reverse();
        }

        return copy;
    }

    private DicomFormatException Error(int pos, string what)
        => new($"Malformed DICOM at byte {_baseOffset + pos}: {what}.") { Offset = _baseOffset + pos };
}
