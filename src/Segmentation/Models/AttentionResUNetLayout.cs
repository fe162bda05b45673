namespace DicomSegNode.Segmentation.Models;

/// <summary>
/// The parameter tensors the Attention Residual U-Net of an architecture must carry, named as the PyTorch
/// module's state_dict (training/dicomsegnode_train/model.py) and in the order the network uses them.
/// One place defines the names: the package validator and the network builder both read them from here.
/// </summary>
public static class AttentionResUNetLayout
{
    /// <summary>Batch-norm tensor suffixes, all of shape [channels].</summary>
    public static readonly IReadOnlyList<string> BatchNormParts = ["weight", "bias", "running_mean", "running_var"];

    /// <summary>The counter each batch norm may also carry (I64, ignored at inference).</summary>
    public const string BatchNormCounter = "num_batches_tracked";

    /// <summary>Every float tensor the architecture needs, with its shape.</summary>
    public static IReadOnlyList<(string Name, int[] Shape)> Expected(ModelArchitecture a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var list = new List<(string, int[])>();
        int previous = a.InChannels;
        for (int level = 0; level < a.Levels; level++)
        {
            ResidualBlock(list, a, $"encoders.{level}.", previous, a.Features(level));
            previous = a.Features(level);
        }

        for (int j = 0; j < a.Levels - 1; j++)
        {
            int level = a.Levels - 2 - j;
            int f = a.Features(level);
            string p = $"decoders.{j}.";
            list.Add((p + "up.weight", Kernel(a, [a.Features(level + 1), f], 2)));
            list.Add((p + "up.bias", [f]));
            int inter = GateChannels(f);
            Conv(list, a, p + "gate.wg_conv", f, inter, 1, bias: true);
            BatchNorm(list, p + "gate.wg_bn", inter);
            Conv(list, a, p + "gate.wx_conv", f, inter, 1, bias: true);
            BatchNorm(list, p + "gate.wx_bn", inter);
            Conv(list, a, p + "gate.psi_conv", inter, 1, 1, bias: true);
            BatchNorm(list, p + "gate.psi_bn", 1);
            ResidualBlock(list, a, p + "block.", 2 * f, f);
        }

        Conv(list, a, "head", a.Features(0), a.Classes, 1, bias: true);
        return list;
    }

    /// <summary>The attention gate's intermediate channels for skip features <paramref name="features"/>.</summary>
    public static int GateChannels(int features) => Math.Max(features / 2, 1);

    /// <summary>Whether <paramref name="name"/> is a batch-norm counter of a batch norm the layout lists.</summary>
    public static bool IsBatchNormCounter(string name) => name.EndsWith("." + BatchNormCounter, StringComparison.Ordinal);

    private static void ResidualBlock(List<(string, int[])> list, ModelArchitecture a, string p, int cin, int cout)
    {
        Conv(list, a, p + "conv1", cin, cout, 3, bias: false);
        BatchNorm(list, p + "bn1", cout);
        Conv(list, a, p + "conv2", cout, cout, 3, bias: false);
        BatchNorm(list, p + "bn2", cout);
        if (cin != cout)
        {
            Conv(list, a, p + "shortcut_conv", cin, cout, 1, bias: false);
            BatchNorm(list, p + "shortcut_bn", cout);
        }
    }

    private static void Conv(List<(string, int[])> list, ModelArchitecture a, string name, int cin, int cout, int k, bool bias)
    {
        list.Add((name + ".weight", Kernel(a, [cout, cin], k)));
        if (bias)
        {
            list.Add((name + ".bias", [cout]));
        }
    }

    private static void BatchNorm(List<(string, int[])> list, string name, int channels)
    {
        foreach (var part in BatchNormParts)
        {
            list.Add((name + "." + part, [channels]));
        }
    }

    private static int[] Kernel(ModelArchitecture a, int[] lead, int k) =>
        [.. lead, .. Enumerable.Repeat(k, a.SpatialDims)];
}
