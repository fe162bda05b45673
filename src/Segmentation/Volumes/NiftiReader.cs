using System.Buffers.Binary;
using System.IO.Compression;

namespace DicomSegNode.Segmentation.Volumes;

/// <summary>
/// Reads single-file NIfTI-1 images (".nii", gzip-compressed or not; either byte order) holding one 3D volume.
/// World coordinates come from the sform when its code is set, else from the qform, else from pixdim alone
/// (nifti1.h methods 3, 2, 1), and are turned from RAS into DICOM's LPS. Every size is checked before memory is
/// taken for it: a header that claims more data than the file holds is an <see cref="InvalidDataException"/>.
/// </summary>
public static class NiftiReader
{
    private const int ReadChunk = 1 << 24;

    public static NiftiImage Read(string path, long maxVoxels = GridSize.MaxVoxels)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(file, maxVoxels);
    }

    public static NiftiImage Read(Stream input, long maxVoxels = GridSize.MaxVoxels)
    {
        ArgumentNullException.ThrowIfNull(input);
        var buffered = new BufferedStream(input, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        bool gzip = false;
        if (buffered.CanSeek)
        {
            int got = buffered.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            buffered.Seek(-got, SeekOrigin.Current);
        }

        using Stream stream = gzip ? new GZipStream(buffered, CompressionMode.Decompress) : buffered;
        var header = new byte[NiftiWriter.HeaderSize];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
        {
            throw new InvalidDataException("Not a NIfTI-1 file: shorter than the 348-byte header.");
        }

        var h = new Header(header);
        if (h.Int32(344) != 0x0031_2B6E)
        {
            throw new InvalidDataException("Not a single-file NIfTI-1 image (magic \"n+1\" missing).");
        }

        int rank = h.Int16(40);
        if (rank < 1 || rank > 7)
        {
            throw new InvalidDataException($"dim[0] = {rank}: not a NIfTI-1 dimension count.");
        }

        int[] dim = new int[7];
        for (int i = 1; i <= 7; i++)
        {
            dim[i - 1] = i <= rank ? h.Int16(40 + (2 * i)) : 1;
            if (dim[i - 1] < 1)
            {
                throw new InvalidDataException($"dim[{i}] = {dim[i - 1]} is not a size.");
            }
        }

        if (dim[3] * (long)dim[4] * dim[5] * dim[6] != 1)
        {
            throw new InvalidDataException("Only single 3D volumes are read; this image has more than three dimensions.");
        }

        long voxels = (long)dim[0] * dim[1] * dim[2];
        if (voxels > maxVoxels)
        {
            throw new InvalidDataException($"The image has {voxels} voxels, above the limit of {maxVoxels}.");
        }

        var type = (NiftiDataType)h.Int16(70);
        int bytesPerVoxel = type switch
        {
            NiftiDataType.UInt8 or NiftiDataType.Int8 => 1,
            NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
            NiftiDataType.Int32 or NiftiDataType.Float32 => 4,
            NiftiDataType.Float64 => 8,
            _ => throw new InvalidDataException($"NIfTI datatype {(short)type} is not supported."),
        };

        float offsetValue = h.Single(108);
        if (!(offsetValue >= 348) || offsetValue > 1 << 24)
        {
            throw new InvalidDataException($"vox_offset {offsetValue} is not a valid data offset.");
        }

        Skip(stream, (long)offsetValue - NiftiWriter.HeaderSize);
        var raw = ReadBounded(stream, voxels * bytesPerVoxel);

        double slope = h.Single(112), intercept = h.Single(116);
        if (slope == 0 || !double.IsFinite(slope) || !double.IsFinite(intercept))
        {
            slope = 1;
            intercept = 0;
        }

        var values = Convert(raw, (int)voxels, type, h.LittleEndian, (float)slope, (float)intercept);
        var geometry = GeometryOf(h, new GridSize(dim[0], dim[1], dim[2]));
        return new NiftiImage(geometry, values, type);
    }

    private static VolumeGeometry GeometryOf(Header h, GridSize size)
    {
        var spacing = new Vec3(Math.Abs(h.Single(80)), Math.Abs(h.Single(84)), Math.Abs(h.Single(88)));
        if (!(spacing.X > 0) || !(spacing.Y > 0) || !(spacing.Z > 0))
        {
            spacing = new Vec3(1, 1, 1);
        }

        double[,] m = new double[3, 4];
        if (h.Int16(254) > 0)
        {
            for (int r = 0; r < 3; r++)
            {
                for (int c = 0; c < 4; c++)
                {
                    m[r, c] = h.Single(280 + (16 * r) + (4 * c));
                }
            }
        }
        else if (h.Int16(252) > 0)
        {
            double b = h.Single(256), c = h.Single(260), d = h.Single(264);
            double a = 1 - ((b * b) + (c * c) + (d * d));
            a = a < 1e-7 ? 0 : Math.Sqrt(a);
            double qfac = h.Single(76) < 0 ? -1 : 1;
            double[,] r =
            {
                { (a * a) + (b * b) - (c * c) - (d * d), 2 * ((b * c) - (a * d)), 2 * ((b * d) + (a * c)) },
                { 2 * ((b * c) + (a * d)), (a * a) + (c * c) - (b * b) - (d * d), 2 * ((c * d) - (a * b)) },
                { 2 * ((b * d) - (a * c)), 2 * ((c * d) + (a * b)), (a * a) + (d * d) - (c * c) - (b * b) },
            };
            for (int row = 0; row < 3; row++)
            {
                m[row, 0] = r[row, 0] * spacing.X;
                m[row, 1] = r[row, 1] * spacing.Y;
                m[row, 2] = r[row, 2] * spacing.Z * qfac;
                m[row, 3] = h.Single(268 + (4 * row));
            }
        }
        else
        {
            m[0, 0] = spacing.X;
            m[1, 1] = spacing.Y;
            m[2, 2] = spacing.Z;
        }

        // RAS -> LPS.
        for (int c = 0; c < 4; c++)
        {
            m[0, c] = -m[0, c];
            m[1, c] = -m[1, c];
        }

        Vec3 Column(int c) => new(m[0, c], m[1, c], m[2, c]);
        var cx = Column(0);
        var cy = Column(1);
        var cz = Column(2);
        try
        {
            return new VolumeGeometry(
                size, Column(3), new Vec3(cx.Length, cy.Length, cz.Length), cx.Normalized(), cy.Normalized(), cz.Normalized());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"The image's affine is not a usable voxel grid: {e.Message}", e);
        }
    }

    private static void Skip(Stream stream, long count)
    {
        Span<byte> scratch = stackalloc byte[512];
        while (count > 0)
        {
            int got = stream.Read(scratch[..(int)Math.Min(count, scratch.Length)]);
            if (got == 0)
            {
                throw new InvalidDataException("The file ends before the voxel data.");
            }

            count -= got;
        }
    }

    // Memory follows the data that actually arrives, so a header that lies about its size cannot force a huge allocation.
    private static byte[] ReadBounded(Stream stream, long expected)
    {
        var chunks = new List<byte[]>();
        long total = 0;
        while (total < expected)
        {
            var chunk = new byte[(int)Math.Min(ReadChunk, expected - total)];
            int got = stream.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false);
            if (got < chunk.Length)
            {
                throw new InvalidDataException($"The file holds {total + got} bytes of voxel data; the header needs {expected}.");
            }

            chunks.Add(chunk);
            total += got;
        }

        if (chunks.Count == 1)
        {
            return chunks[0];
        }

        var all = new byte[expected];
        long at = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(all, at);
            at += chunk.Length;
        }

        return all;
    }

    private static float[] Convert(byte[] raw, int count, NiftiDataType type, bool little, float slope, float intercept)
    {
        var output = new float[count];
        Parallel.For(0, (count + 65535) / 65536, block =>
        {
            int end = Math.Min(count, (block + 1) * 65536);
            var s = raw.AsSpan();
            for (int v = block * 65536; v < end; v++)
            {
                double value = type switch
                {
                    NiftiDataType.UInt8 => s[v],
                    NiftiDataType.Int8 => (sbyte)s[v],
                    NiftiDataType.Int16 => little ? BinaryPrimitives.ReadInt16LittleEndian(s[(2 * v)..]) : BinaryPrimitives.ReadInt16BigEndian(s[(2 * v)..]),
                    NiftiDataType.UInt16 => little ? BinaryPrimitives.ReadUInt16LittleEndian(s[(2 * v)..]) : BinaryPrimitives.ReadUInt16BigEndian(s[(2 * v)..]),
                    NiftiDataType.Int32 => little ? BinaryPrimitives.ReadInt32LittleEndian(s[(4 * v)..]) : BinaryPrimitives.ReadInt32BigEndian(s[(4 * v)..]),
                    NiftiDataType.Float32 => little ? BinaryPrimitives.ReadSingleLittleEndian(s[(4 * v)..]) : BinaryPrimitives.ReadSingleBigEndian(s[(4 * v)..]),
                    _ => little ? BinaryPrimitives.ReadDoubleLittleEndian(s[(8 * v)..]) : BinaryPrimitives.ReadDoubleBigEndian(s[(8 * v)..]),
                };
                output[v] = (float)((value * slope) + intercept);
            }
        });
        return output;
    }

    /// <summary>Header fields in the file's byte order (found from sizeof_hdr).</summary>
    private readonly struct Header
    {
        private readonly byte[] _bytes;

        public Header(byte[] bytes)
        {
            _bytes = bytes;
            if (BinaryPrimitives.ReadInt32LittleEndian(bytes) == NiftiWriter.HeaderSize)
            {
                LittleEndian = true;
            }
            else if (BinaryPrimitives.ReadInt32BigEndian(bytes) == NiftiWriter.HeaderSize)
            {
                LittleEndian = false;
            }
            else
            {
                throw new InvalidDataException("Not a NIfTI-1 file: sizeof_hdr is not 348.");
            }
        }

        public bool LittleEndian { get; }

        public short Int16(int at) => LittleEndian ? BinaryPrimitives.ReadInt16LittleEndian(_bytes.AsSpan(at)) : BinaryPrimitives.ReadInt16BigEndian(_bytes.AsSpan(at));

        public int Int32(int at) => BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(at));

        public float Single(int at) => LittleEndian ? BinaryPrimitives.ReadSingleLittleEndian(_bytes.AsSpan(at)) : BinaryPrimitives.ReadSingleBigEndian(_bytes.AsSpan(at));
    }
}
