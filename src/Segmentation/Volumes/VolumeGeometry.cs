namespace DicomSegNode.Segmentation.Volumes;

/// <summary>
/// Where a voxel grid lies in patient space: the centre of voxel (i, j, k) is
/// <c>Origin + i·Spacing.X·AxisX + j·Spacing.Y·AxisY + k·Spacing.Z·AxisZ</c> in DICOM patient coordinates (LPS, mm).
/// For a DICOM CT stack (PS3.3 C.7.6.2.1.1): Origin is ImagePositionPatient of the first slice, AxisX the row direction
/// cosines (first three of ImageOrientationPatient, direction of increasing column index), AxisY the column direction
/// cosines, Spacing.X the column spacing (PixelSpacing[1]), Spacing.Y the row spacing (PixelSpacing[0]), AxisZ the unit
/// direction from the first slice to the next, Spacing.Z the distance between slice centres along it.
/// AxisX and AxisY must be orthonormal; AxisZ must be a unit vector that is not in their plane (a gantry-tilted stack
/// has an AxisZ that is not their cross product: the grid is then sheared, and every mapping here stays exact).
/// </summary>
public sealed record VolumeGeometry
{
    private const double AxisTolerance = 1e-4;

    public VolumeGeometry(GridSize size, Vec3 origin, Vec3 spacing, Vec3 axisX, Vec3 axisY, Vec3 axisZ)
    {
        if (!(spacing.X > 0) || !(spacing.Y > 0) || !(spacing.Z > 0) || !double.IsFinite(spacing.X + spacing.Y + spacing.Z))
        {
            throw new ArgumentOutOfRangeException(nameof(spacing), $"Voxel spacing must be positive and finite, got {spacing}.");
        }

        if (!double.IsFinite(origin.X + origin.Y + origin.Z))
        {
            throw new ArgumentOutOfRangeException(nameof(origin), $"Origin must be finite, got {origin}.");
        }

        CheckUnit(axisX, nameof(axisX));
        CheckUnit(axisY, nameof(axisY));
        CheckUnit(axisZ, nameof(axisZ));
        if (Math.Abs(Vec3.Dot(axisX, axisY)) > AxisTolerance)
        {
            throw new ArgumentException($"Row and column directions must be orthogonal, got {axisX} and {axisY}.", nameof(axisY));
        }

        if (Math.Abs(Vec3.Dot(Vec3.Cross(axisX, axisY), axisZ)) < 0.1)
        {
            throw new ArgumentException($"Slice direction {axisZ} lies (almost) in the image plane.", nameof(axisZ));
        }

        Size = size;
        Origin = origin;
        Spacing = spacing;
        AxisX = axisX;
        AxisY = axisY;
        AxisZ = axisZ;
    }

    public GridSize Size { get; }

    public Vec3 Origin { get; }

    public Vec3 Spacing { get; }

    public Vec3 AxisX { get; }

    public Vec3 AxisY { get; }

    public Vec3 AxisZ { get; }

    /// <summary>A geometry whose axes are the patient axes (an axial stack, head-first supine, feet to head).</summary>
    public static VolumeGeometry Axial(GridSize size, Vec3 spacing, Vec3 origin = default) =>
        new(size, origin, spacing, new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1));

    /// <summary>True when the slice direction is perpendicular to the image plane (no gantry tilt, no shear).</summary>
    public bool IsOrthogonal => Math.Abs(Math.Abs(Vec3.Dot(Vec3.Cross(AxisX, AxisY), AxisZ)) - 1) < AxisTolerance;

    /// <summary>The volume of one voxel in mm³ (the parallelepiped, exact for sheared grids too).</summary>
    public double VoxelVolumeMm3 =>
        Math.Abs(Vec3.Dot(Vec3.Cross(AxisX, AxisY), AxisZ)) * Spacing.X * Spacing.Y * Spacing.Z;

    /// <summary>The patient-space position of the centre of voxel index (i, j, k); indices may be fractional.</summary>
    public Vec3 IndexToPatient(double i, double j, double k) =>
        Origin + (AxisX * (i * Spacing.X)) + (AxisY * (j * Spacing.Y)) + (AxisZ * (k * Spacing.Z));

    /// <summary>The (fractional) voxel index of a patient-space position.</summary>
    public Vec3 PatientToIndex(Vec3 p)
    {
        var inverse = InverseLinear();
        var d = p - Origin;
        return new Vec3(Vec3.Dot(inverse.R0, d), Vec3.Dot(inverse.R1, d), Vec3.Dot(inverse.R2, d));
    }

    /// <summary>The same grid cut to <paramref name="box"/>: voxel (0,0,0) of the result is voxel (X0,Y0,Z0) here.</summary>
    public VolumeGeometry Crop(Box3 box)
    {
        if (box.IsEmpty || box.X0 < 0 || box.Y0 < 0 || box.Z0 < 0 || box.X1 > Size.X || box.Y1 > Size.Y || box.Z1 > Size.Z)
        {
            throw new ArgumentOutOfRangeException(nameof(box), $"Box {box} is empty or outside the grid {Size}.");
        }

        return new VolumeGeometry(box.Size, IndexToPatient(box.X0, box.Y0, box.Z0), Spacing, AxisX, AxisY, AxisZ);
    }

    /// <summary>
    /// A grid with the same axes covering the same physical extent (the outer faces of the edge voxels) at a new
    /// spacing: the size along each axis is the extent divided by the new spacing, rounded, at least 1.
    /// This is how a volume is brought to a model's spacing (nnU-Net and MONAI Spacing do the same).
    /// </summary>
    public VolumeGeometry WithSpacing(Vec3 spacing)
    {
        if (!(spacing.X > 0) || !(spacing.Y > 0) || !(spacing.Z > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(spacing), $"Spacing must be positive, got {spacing}.");
        }

        int nx = Math.Max(1, (int)Math.Round(Size.X * Spacing.X / spacing.X));
        int ny = Math.Max(1, (int)Math.Round(Size.Y * Spacing.Y / spacing.Y));
        int nz = Math.Max(1, (int)Math.Round(Size.Z * Spacing.Z / spacing.Z));

        // Voxel centres: the corner of the extent is Origin - half an old voxel; the first new centre is half a new voxel in.
        var corner = Origin - (AxisX * (Spacing.X / 2)) - (AxisY * (Spacing.Y / 2)) - (AxisZ * (Spacing.Z / 2));
        var origin = corner + (AxisX * (spacing.X / 2)) + (AxisY * (spacing.Y / 2)) + (AxisZ * (spacing.Z / 2));
        return new VolumeGeometry(new GridSize(nx, ny, nz), origin, spacing, AxisX, AxisY, AxisZ);
    }

    /// <summary>The same axes and spacing with another size (used when a grid must be at least a patch large).</summary>
    public VolumeGeometry WithSize(GridSize size) => new(size, Origin, Spacing, AxisX, AxisY, AxisZ);

    /// <summary>The 4x4 index-to-patient (LPS) affine, row-major.</summary>
    public double[,] ToAffine()
    {
        var cx = AxisX * Spacing.X;
        var cy = AxisY * Spacing.Y;
        var cz = AxisZ * Spacing.Z;
        return new double[,]
        {
            { cx.X, cy.X, cz.X, Origin.X },
            { cx.Y, cy.Y, cz.Y, Origin.Y },
            { cx.Z, cy.Z, cz.Z, Origin.Z },
            { 0, 0, 0, 1 },
        };
    }

    /// <summary>Rows of the inverse of the index-to-patient linear part.</summary>
    internal (Vec3 R0, Vec3 R1, Vec3 R2) InverseLinear()
    {
        var c0 = AxisX * Spacing.X;
        var c1 = AxisY * Spacing.Y;
        var c2 = AxisZ * Spacing.Z;
        double det = Vec3.Dot(c0, Vec3.Cross(c1, c2));
        return (Vec3.Cross(c1, c2) / det, Vec3.Cross(c2, c0) / det, Vec3.Cross(c0, c1) / det);
    }

    /// <summary>Whether two geometries describe the same grid within <paramref name="toleranceMm"/>.</summary>
    public bool SameGridAs(VolumeGeometry other, double toleranceMm = 1e-3)
    {
        if (Size != other.Size)
        {
            return false;
        }

        for (int c = 0; c < 8; c++)
        {
            double i = (c & 1) == 0 ? 0 : Size.X - 1;
            double j = (c & 2) == 0 ? 0 : Size.Y - 1;
            double k = (c & 4) == 0 ? 0 : Size.Z - 1;
            if ((IndexToPatient(i, j, k) - other.IndexToPatient(i, j, k)).Length > toleranceMm)
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckUnit(Vec3 axis, string name)
    {
        if (!double.IsFinite(axis.X + axis.Y + axis.Z) || Math.Abs(axis.Length - 1) > AxisTolerance)
        {
            throw new ArgumentException($"Direction cosines must form a unit vector, got {axis}.", name);
        }
    }
}
