using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace DicomSegNode.Seg2DicomSeg.Tests.Fixtures;

/// <summary>
/// The little of NRRD (teem.sourceforge.net/nrrd/format.html) the dcmqi comparison needs: a 3-D label map of
/// type short, raw or gzip, little endian, with its LPS origin and axis-aligned directions.
/// </summary>
internal sealed class NrrdLabelMap
{
    public required int[] Sizes { get; init; }           // x (columns), y (rows), z (slices)

    public required double[] Origin { get; init; }        // LPS, mm

    public required double[] SliceStep { get; init; }     // LPS vector from slice k to k+1

    public required short[] Voxels { get; init; }         // x fastest

    public static NrrdLabelMap Read(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        int headerEnd = IndexOfBlankLine(file);
        string header = Encoding.ASCII.GetString(file, 0, headerEnd);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in header.Split('\n').Skip(1))
        {
            if (line.StartsWith('#') || !line.Contains(':', StringComparison.Ordinal))
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        if (fields["type"] != "short" || fields["dimension"] != "3" || fields["endian"] != "little" || fields["space"] != "left-posterior-superior")
        {
            throw new InvalidDataException($"{path}: only 3-D little-endian short LPS label maps are supported here.");
        }

        int[] sizes = fields["sizes"].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        double[][] directions = Vectors(fields["space directions"]);
        double[] origin = Vectors(fields["space origin"])[0];

        Stream data = new MemoryStream(file, headerEnd + 2, file.Length - headerEnd - 2);
        if (fields["encoding"] == "gzip" || fields["encoding"] == "gz")
        {
            data = new GZipStream(data, CompressionMode.Decompress);
        }
        else if (fields["encoding"] != "raw")
        {
            throw new InvalidDataException($"{path}: encoding {fields["encoding"]} is not supported here.");
        }

        var voxels = new short[sizes[0] * sizes[1] * sizes[2]];
        using (data)
        {
            data.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(voxels.AsSpan()));
        }

        if (directions[0][1] != 0 || directions[0][2] != 0 || directions[1][0] != 0 || directions[1][2] != 0)
        {
            throw new InvalidDataException($"{path}: in-plane axes must be aligned with L and P for this comparison.");
        }

        return new NrrdLabelMap { Sizes = sizes, Origin = origin, SliceStep = directions[2], Voxels = voxels };
    }

    private static double[][] Vectors(string text) =>
        text.Split(')', StringSplitOptions.RemoveEmptyEntries)
            .Select(v => v.Trim().TrimStart('(').Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray())
            .Where(v => v.Length == 3)
            .ToArray();

    private static int IndexOfBlankLine(byte[] file)
    {
        for (int i = 0; i + 1 < file.Length; i++)
        {
            if (file[i] == '\n' && file[i + 1] == '\n')
            {
                return i;
            }
        }

        throw new InvalidDataException("NRRD header has no blank line ending it.");
    }
}
