using DicomSegNode.Segmentation.Models;

namespace DicomSegNode.Engine.Benchmarks;

/// <summary>Floating-point operations of one forward pass (2 per multiply-add, convolutions only; the rest is &lt;1%).</summary>
internal static class NetworkFlops
{
    public static double Forward(ModelArchitecture a, IReadOnlyList<int> patch)
    {
        bool is3D = a.SpatialDims == 3;
        int k3 = is3D ? 27 : 9, up = is3D ? 8 : 4;
        double Spatial(int level) => patch.Aggregate(1.0, (acc, p) => acc * (p >> level));
        double flops = 0;
        for (int l = 0; l < a.Levels; l++)
        {
            double cin = l == 0 ? a.InChannels : a.Features(l - 1), cout = a.Features(l);
            flops += 2 * Spatial(l) * ((cin * cout * k3) + (cout * cout * k3) + (cin != cout ? cin * cout : 0));
        }

        for (int l = 0; l < a.Levels - 1; l++)
        {
            double f = a.Features(l), fi = AttentionResUNetLayout.GateChannels(a.Features(l));
            flops += 2 * Spatial(l + 1) * a.Features(l + 1) * f * up;
            flops += 2 * Spatial(l) * ((2 * f * fi) + fi);
            flops += 2 * Spatial(l) * ((2 * f * f * k3) + (f * f * k3) + (2 * f * f));
        }

        return flops + (2 * Spatial(0) * a.Features(0) * a.Classes);
    }
}
