using System.Buffers.Binary;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;

namespace DicomSegNode.Dicom.IO;

/// <summary>
/// A DICOM Part 10 file (PS3.10 7.1): 128-byte preamble, "DICM", the File Meta Information group (0002) in Explicit
/// VR Little Endian, then the data set in the transfer syntax the meta names. Also reads files without preamble or
/// meta (raw data sets), guessing the encoding from the first element as dcmtk and pydicom do.
/// </summary>
public sealed class DicomFile
{
    private static readonly DicomTag s_transferSyntaxTag = new(0x0002, 0x0010);

    /// <summary>Wraps a data set for writing; the file meta is made from its SOP Class and Instance UIDs.</summary>
    public DicomFile(DicomDataset dataset, DicomTransferSyntax? syntax = null)
    {
        Dataset = dataset;
        syntax ??= DicomTransferSyntax.ExplicitVRLittleEndian;
        FileMetaInformation = CreateFileMetaInformation(
            dataset.GetUid(DicomTags.SOPClassUID) ?? string.Empty, dataset.GetUid(DicomTags.SOPInstanceUID) ?? string.Empty, syntax);
    }

    /// <summary>Creates a file from its two parts.</summary>
    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset)
    {
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
    }

    /// <summary>The File Meta Information (group 0002, PS3.10 7.1).</summary>
    public DicomDataset FileMetaInformation { get; }

    /// <summary>The data set.</summary>
    public DicomDataset Dataset { get; }

    /// <summary>The transfer syntax named by (0002,0010); Explicit VR Little Endian when absent.</summary>
    public DicomTransferSyntax TransferSyntax
    {
        get
        {
            var uid = FileMetaInformation.GetUid(s_transferSyntaxTag);
            return string.IsNullOrEmpty(uid) ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.FromUid(uid);
        }
    }

    /// <summary>True when the input had no preamble and "DICM" (a raw data set, possibly with a meta group).</summary>
    public bool HadPreamble { get; private init; } = true;

    /// <summary>Reads a file from disk (loaded once; values are slices of that one buffer).</summary>
    public static DicomFile Open(string path, DicomReadOptions? options = null)
    {
        options ??= DicomReadOptions.Default;
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Parse(ReadAll(fs, options.MaxFileLength), options);
    }

    /// <summary>Reads a file from a stream (to its end).</summary>
    public static DicomFile Read(Stream stream, DicomReadOptions? options = null)
    {
        options ??= DicomReadOptions.Default;
        return Parse(ReadAll(stream, options.MaxFileLength), options);
    }

    /// <summary>Parses a file held in memory; the data set's values are slices of <paramref name="data"/>.</summary>
    public static DicomFile Parse(ReadOnlyMemory<byte> data, DicomReadOptions? options = null)
    {
        options ??= DicomReadOptions.Default;
        var span = data.Span;
        var pos = 0;
        var hadPreamble = false;
        if (span.Length >= 132 && span.Slice(128, 4).SequenceEqual("DICM"u8))
        {
            pos = 132;
            hadPreamble = true;
        }

        DicomDataset meta;
        if (span.Length - pos >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(span[pos..]) == 0x0002)
        {
            var metaParser = new DatasetParser(data, bigEndian: false, options with { StopBeforeTag = new DicomTag(0x0003, 0x0000) });
            meta = metaParser.ParseTopLevel(pos, explicitVR: true, out pos);
        }
        else if (hadPreamble)
        {
            throw new DicomFormatException($"Malformed DICOM at byte {pos}: no File Meta Information after \"DICM\" (PS3.10 7.1).") { Offset = pos };
        }
        else
        {
            meta = new DicomDataset();
        }

        var rest = data[pos..];
        DicomTransferSyntax syntax;
        var tsUid = meta.Contains(s_transferSyntaxTag) ? meta.GetUid(s_transferSyntaxTag) : null;
        if (string.IsNullOrEmpty(tsUid))
        {
            syntax = Guess(rest.Span);
            meta.SetUid(s_transferSyntaxTag, syntax.Uid);
        }
        else
        {
            syntax = DicomTransferSyntax.FromUid(tsUid);
        }

        if (syntax.IsDeflated)
        {
            rest = DicomDatasetReader.Inflate(rest, options);
        }

        var parser = new DatasetParser(rest, syntax.IsBigEndian, options, syntax.IsDeflated ? 0 : pos);
        var dataset = parser.ParseTopLevel(0, syntax.IsExplicitVR, out _);
        if (!hadPreamble && meta.Count <= 1 && dataset.Count == 0)
        {
            throw new DicomFormatException("Not DICOM: no preamble, no File Meta Information and no data elements.") { Offset = 0 };
        }

        return new DicomFile(meta, dataset) { HadPreamble = hadPreamble };
    }

    /// <summary>
    /// File Meta Information for an instance (PS3.10 7.1): version, SOP Class and Instance, transfer syntax and this
    /// implementation's class UID and version name. The group length is computed when written.
    /// </summary>
    public static DicomDataset CreateFileMetaInformation(string sopClassUid, string sopInstanceUid, DicomTransferSyntax syntax, string? sourceAET = null)
    {
        var meta = new DicomDataset();
        meta.SetUInt32(new DicomTag(0x0002, 0x0000), 0);
        meta.SetBytes(new DicomTag(0x0002, 0x0001), DicomVR.OB, new byte[] { 0, 1 });
        meta.SetUid(new DicomTag(0x0002, 0x0002), sopClassUid);
        meta.SetUid(new DicomTag(0x0002, 0x0003), sopInstanceUid);
        meta.SetUid(s_transferSyntaxTag, syntax.Uid);
        meta.SetUid(new DicomTag(0x0002, 0x0012), DicomUid.ImplementationClassUid);
        meta.SetString(new DicomTag(0x0002, 0x0013), DicomVR.SH, DicomUid.ImplementationVersionName);
        if (!string.IsNullOrEmpty(sourceAET))
        {
            meta.SetString(new DicomTag(0x0002, 0x0016), DicomVR.AE, sourceAET);
        }

        return meta;
    }

    /// <summary>
    /// Writes the preamble, "DICM" and a File Meta Information group (group length recomputed). A receiver can then
    /// append data set bytes already encoded in the meta's transfer syntax, e.g. as they arrive over the network.
    /// </summary>
    public static void WriteFileMetaInformation(Stream stream, DicomDataset fileMetaInformation)
    {
        var meta = fileMetaInformation.Clone();
        if (!meta.Contains(new DicomTag(0x0002, 0x0000)))
        {
            meta.SetUInt32(new DicomTag(0x0002, 0x0000), 0);
        }

        Span<byte> preamble = stackalloc byte[132];
        preamble.Clear();
        "DICM"u8.CopyTo(preamble[128..]);
        stream.Write(preamble);
        DicomDatasetWriter.Write(stream, meta, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>Writes the whole file (PS3.10 7.1) to a stream.</summary>
    public void Write(Stream stream)
    {
        WriteFileMetaInformation(stream, FileMetaInformation);
        DicomDatasetWriter.Write(stream, Dataset, TransferSyntax);
    }

    /// <summary>Writes the file to a path (created or replaced).</summary>
    public void Save(string path)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(fs);
    }

    /// <summary>The whole file as bytes.</summary>
    public byte[] ToBytes()
    {
        using var ms = new MemoryStream();
        Write(ms);
        return ms.ToArray();
    }

    internal static byte[] ReadAll(Stream stream, long limit)
    {
        if (stream.CanSeek)
        {
            var remaining = stream.Length - stream.Position;
            if (remaining > limit)
            {
                throw new DicomFormatException($"Input of {remaining} bytes exceeds the limit of {limit} bytes.");
            }

            var buffer = new byte[remaining];
            stream.ReadExactly(buffer);
            return buffer;
        }

        using var ms = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (ms.Length + n > limit)
            {
                throw new DicomFormatException($"Input exceeds the limit of {limit} bytes.");
            }

            ms.Write(chunk, 0, n);
        }

        return ms.ToArray();
    }

    /// <summary>Guesses the encoding of a data set without meta from its first element header.</summary>
    private static DicomTransferSyntax Guess(ReadOnlySpan<byte> s)
    {
        if (s.Length < 8)
        {
            return DicomTransferSyntax.ImplicitVRLittleEndian;
        }

        var explicitVR = DicomVR.TryParse(s[4], s[5], out _);
        var bigEndian = s[0] == 0 && s[1] != 0;
        if (bigEndian && explicitVR)
        {
            return DicomTransferSyntax.ExplicitVRBigEndian;
        }

        return explicitVR ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
    }
}
