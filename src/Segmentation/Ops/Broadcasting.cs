using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Ops;

/// <summary>NumPy/PyTorch broadcasting over the five NCDHW axes: an extent of 1 stretches to the other.</summary>
public static class Broadcasting
{
    /// <summary>The broadcast shape of <paramref name="a"/> and <paramref name="b"/>, or an exception naming the axis.</summary>
    public static TensorShape Shape(TensorShape a, TensorShape b) => new(
        Axis(a.N, b.N, "N", a, b), Axis(a.C, b.C, "C", a, b), Axis(a.D, b.D, "D", a, b), Axis(a.H, b.H, "H", a, b), Axis(a.W, b.W, "W", a, b));

    private static int Axis(int x, int y, string name, TensorShape a, TensorShape b)
    {
        if (x == y || y == 1)
        {
            return x;
        }

        if (x == 1)
        {
            return y;
        }

        throw new ArgumentException($"shapes {a} and {b} do not broadcast along {name} ({x} vs {y})");
    }
}
