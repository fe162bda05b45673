namespace DicomSegNode.Segmentation.Volumes;

/// <summary>
/// 3D hole filling: background regions (6-connected, as scipy.ndimage.binary_fill_holes) that do not reach a face of
/// the grid become foreground.
/// </summary>
public static class HoleFilling
{
    /// <summary>A 0/1 mask: <paramref name="mask"/>'s non-zero voxels plus every enclosed background region.</summary>
    public static byte[] Fill(byte[] mask, GridSize size)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var background = ConnectedComponents.Label(mask, size, Connectivity.Six, foreground: false);
        var output = new byte[mask.Length];
        Parallel.For(0, size.Z, k =>
        {
            int start = k * size.SliceVoxels;
            for (int v = start; v < start + size.SliceVoxels; v++)
            {
                output[v] = mask[v] != 0 ? (byte)1 : (byte)0;
            }
        });
        var holes = new bool[background.Count];
        bool any = false;
        for (int c = 0; c < holes.Length; c++)
        {
            holes[c] = !background.TouchesBorder(c);
            any |= holes[c];
        }

        if (any)
        {
            background.Paint(output, holes, 1);
        }

        return output;
    }
}
