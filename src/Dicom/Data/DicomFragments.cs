namespace DicomSegNode.Dicom.Data;

/// <summary>
/// Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table item followed by the fragments of the compressed
/// frames. The Extended Offset Table (7FE0,0001), when present, is a separate element of the data set.
/// </summary>
public sealed class DicomFragments
{
    /// <summary>Creates encapsulated data from an offset table (may be empty) and fragments.</summary>
    public DicomFragments(ReadOnlyMemory<byte> basicOffsetTable, IEnumerable<ReadOnlyMemory<byte>> fragments)
    {
        BasicOffsetTable = basicOffsetTable;
        Fragments = [.. fragments];
    }

    /// <summary>The Basic Offset Table item's value: little-endian 32-bit offsets of each frame's first fragment, or empty.</summary>
    public ReadOnlyMemory<byte> BasicOffsetTable { get; }

    /// <summary>The fragments in order (each an item value).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Fragments { get; }

    /// <summary>Creates single-fragment-per-frame encapsulated data with a Basic Offset Table (PS3.5 A.4).</summary>
    public static DicomFragments FromFrames(IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        var table = new byte[frames.Count * 4];
        var padded = new List<ReadOnlyMemory<byte>>(frames.Count);
        uint offset = 0;
        for (var i = 0; i < frames.Count; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(i * 4), offset);
            var frame = frames[i];
            if ((frame.Length & 1) == 1)
            {
                var copy = new byte[frame.Length + 1];
                frame.Span.CopyTo(copy);
                frame = copy;
            }

            padded.Add(frame);
            offset += 8u + (uint)frame.Length;
        }

        return new DicomFragments(table, padded);
    }

    /// <summary>The frame offsets of the Basic Offset Table, relative to the first fragment's item tag.</summary>
    public uint[] GetOffsets()
    {
        var span = BasicOffsetTable.Span;
        var result = new uint[span.Length / 4];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span[(i * 4)..]);
        }

        return result;
    }
}
