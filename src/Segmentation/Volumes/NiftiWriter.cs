using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DicomSegNode.Segmentation.Volumes;

/// <summary>
/// Writes single-volume NIfTI-1 files (nifti1.h; ".nii", or gzip-compressed when the name ends in ".gz").
/// NIfTI's world space is RAS (+X right, +Y anterior), DICOM's is LPS, so the first two rows of the affine change sign.
/// Both sform (code 1, scanner) and, when the grid is not sheared, qform (code 1) are written, as nibabel and ITK do.
/// </summary>
public static class NiftiWriter
{
    internal const int HeaderSize = 348;
    internal const int DataOffset = 352;

    /// <summary>Writes a label map as UInt8.</summary>
    public static void Write(string path, LabelMap labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Write(path, labels.Geometry, NiftiDataType.UInt8, labels.Labels, "DicomSegNode labels");
    }

    /// <summary>Writes intensities (HU, probabilities) as Float32.</summary>
    public static void Write(string path, VolumeGeometry geometry, float[] voxels)
    {
        ArgumentNullException.ThrowIfNull(voxels);
        var bytes = new byte[voxels.Length * sizeof(float)];
        Buffer.BlockCopy(voxels, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("NIfTI output is written little-endian from a little-endian host.");
        }

        Write(path, geometry, NiftiDataType.Float32, bytes, "DicomSegNode");
    }

    private static void Write(string path, VolumeGeometry geometry, NiftiDataType type, byte[] data, string description)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(geometry);
        var header = BuildHeader(geometry, type, description);
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true)
                : file;
            stream.Write(header);
            stream.Write(data);
            if (!ReferenceEquals(stream, file))
            {
                stream.Dispose();
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    internal static byte[] BuildHeader(VolumeGeometry g, NiftiDataType type, string description)
    {
        var h = new byte[DataOffset];
        var s = h.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(s, HeaderSize);
        h[38] = (byte)'r';
        short[] dim = [3, (short)g.Size.X, (short)g.Size.Y, (short)g.Size.Z, 1, 1, 1, 1];
        if (g.Size.X > short.MaxValue || g.Size.Y > short.MaxValue || g.Size.Z > short.MaxValue)
        {
            throw new ArgumentException($"NIfTI-1 cannot hold a {g.Size} grid (32767 per axis at most).", nameof(g));
        }

        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(s[(40 + (2 * i))..], dim[i]);
        }

        BinaryPrimitives.WriteInt16LittleEndian(s[70..], (short)type);
        BinaryPrimitives.WriteInt16LittleEndian(s[72..], (short)(type == NiftiDataType.UInt8 ? 8 : 32));

        // RAS affine: negate the X and Y rows of the LPS affine.
        var a = g.ToAffine();
        for (int r = 0; r < 2; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                a[r, c] = -a[r, c];
            }
        }

        // qform: rotation R (unit columns, RAS) and qfac; a left-handed R is made proper by flipping its third column.
        double[,] rot = new double[3, 3];
        for (int r = 0; r < 3; r++)
        {
            rot[r, 0] = a[r, 0] / g.Spacing.X;
            rot[r, 1] = a[r, 1] / g.Spacing.Y;
            rot[r, 2] = a[r, 2] / g.Spacing.Z;
        }

        double det = (rot[0, 0] * ((rot[1, 1] * rot[2, 2]) - (rot[1, 2] * rot[2, 1])))
            - (rot[0, 1] * ((rot[1, 0] * rot[2, 2]) - (rot[1, 2] * rot[2, 0])))
            + (rot[0, 2] * ((rot[1, 0] * rot[2, 1]) - (rot[1, 1] * rot[2, 0])));
        float qfac = det < 0 ? -1f : 1f;
        if (det < 0)
        {
            for (int r = 0; r < 3; r++)
            {
                rot[r, 2] = -rot[r, 2];
            }
        }

        float[] pixdim = [qfac, (float)g.Spacing.X, (float)g.Spacing.Y, (float)g.Spacing.Z, 1, 1, 1, 1];
        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(s[(76 + (4 * i))..], pixdim[i]);
        }

        BinaryPrimitives.WriteSingleLittleEndian(s[108..], DataOffset);
        BinaryPrimitives.WriteSingleLittleEndian(s[112..], 1f);
        BinaryPrimitives.WriteSingleLittleEndian(s[116..], 0f);
        h[123] = 2; // xyzt_units: NIFTI_UNITS_MM
        var text = Encoding.ASCII.GetBytes(description);
        text.AsSpan(0, Math.Min(79, text.Length)).CopyTo(s[148..]);

        bool orthogonal = g.IsOrthogonal;
        BinaryPrimitives.WriteInt16LittleEndian(s[252..], (short)(orthogonal ? 1 : 0));
        BinaryPrimitives.WriteInt16LittleEndian(s[254..], 1);
        if (orthogonal)
        {
            var (qb, qc, qd) = Quaternion(rot);
            BinaryPrimitives.WriteSingleLittleEndian(s[256..], (float)qb);
            BinaryPrimitives.WriteSingleLittleEndian(s[260..], (float)qc);
            BinaryPrimitives.WriteSingleLittleEndian(s[264..], (float)qd);
        }

        BinaryPrimitives.WriteSingleLittleEndian(s[268..], (float)a[0, 3]);
        BinaryPrimitives.WriteSingleLittleEndian(s[272..], (float)a[1, 3]);
        BinaryPrimitives.WriteSingleLittleEndian(s[276..], (float)a[2, 3]);
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(s[(280 + (16 * r) + (4 * c))..], (float)a[r, c]);
            }
        }

        "n+1\0"u8.CopyTo(s[344..]);
        return h;
    }

    // nifti1_io.c nifti_mat44_to_quatern for a proper rotation matrix.
    private static (double B, double C, double D) Quaternion(double[,] r)
    {
        double a = r[0, 0] + r[1, 1] + r[2, 2] + 1, b, c, d;
        if (a > 0.5)
        {
            a = 0.5 * Math.Sqrt(a);
            b = 0.25 * (r[2, 1] - r[1, 2]) / a;
            c = 0.25 * (r[0, 2] - r[2, 0]) / a;
            d = 0.25 * (r[1, 0] - r[0, 1]) / a;
        }
        else
        {
            double xd = 1 + r[0, 0] - (r[1, 1] + r[2, 2]);
            double yd = 1 + r[1, 1] - (r[0, 0] + r[2, 2]);
            double zd = 1 + r[2, 2] - (r[0, 0] + r[1, 1]);
            if (xd > 1)
            {
                b = 0.5 * Math.Sqrt(xd);
                c = 0.25 * (r[0, 1] + r[1, 0]) / b;
                d = 0.25 * (r[0, 2] + r[2, 0]) / b;
                a = 0.25 * (r[2, 1] - r[1, 2]) / b;
            }
            else if (yd > 1)
            {
                c = 0.5 * Math.Sqrt(yd);
                b = 0.25 * (r[0, 1] + r[1, 0]) / c;
                d = 0.25 * (r[1, 2] + r[2, 1]) / c;
                a = 0.25 * (r[0, 2] - r[2, 0]) / c;
            }
            else
            {
                d = 0.5 * Math.Sqrt(zd);
                b = 0.25 * (r[0, 2] + r[2, 0]) / d;
                c = 0.25 * (r[1, 2] + r[2, 1]) / d;
                a = 0.25 * (r[1, 0] - r[0, 1]) / d;
            }

            if (a < 0)
            {
                b = -b;
                c = -c;
                d = -d;
            }
        }

        return (b, c, d);
    }
}
