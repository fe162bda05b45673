using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Cascade;
using DicomSegNode.Segmentation.Models;
using DicomSegNode.Segmentation.Phantom;
using Xunit.Abstractions;

namespace DicomSegNode.Segmentation.Tests.Training;

/// <summary>
/// Issue 9's acceptance: the shipped model packages (models/liver, models/vessel), run by the C# engine through the
/// cascade, on phantoms the models never saw (fixed seeds; the shipped models were trained on seeds 1-32, see their
/// model.json provenance). Dice is pooled over the held-out phantoms per segment: liver (phantom labels 1-3, the whole
/// organ), tumour (2), hepatic vessels (3).
/// </summary>
public sealed class ShippedModelsAcceptanceTests(ITestOutputHelper output)
{
    private static readonly int[] HeldOutSeeds = [9001, 9002, 9003];

    private static string ModelFolder(string name) => Path.Combine(PythonScript.RepositoryRoot(), "models", name);

    [Fact]
    public void Cascade_ShippedModelsOnHeldOutPhantoms_ReachTargetDice()
    {
        using var liver = PackageStageModel.Load(ModelFolder("liver"), Device.Cpu);
        using var vessel = PackageStageModel.Load(ModelFolder("vessel"), Device.Cpu);
        var cascade = new LiverVesselCascade(liver, vessel);
        var liverDice = new DiceAccumulator();
        var tumourDice = new DiceAccumulator();
        var vesselDice = new DiceAccumulator();
        foreach (int seed in HeldOutSeeds)
        {
            var phantom = PhantomGenerator.Generate(new PhantomOptions { Seed = seed });
            var result = cascade.Run(phantom.Ct);
            Assert.True(result.LiverFound, result.Message);
            var truth = phantom.Labels.Labels;
            double l = liverDice.Add(result.Liver.Mask.Labels, truth, t => t is >= PhantomLabels.LiverParenchyma and <= PhantomLabels.HepaticVessel);
            double t = tumourDice.Add(result.Tumour.Mask.Labels, truth, t => t == PhantomLabels.LiverTumour);
            double v = vesselDice.Add(result.Vessels.Mask.Labels, truth, t => t == PhantomLabels.HepaticVessel);
            output.WriteLine(FormattableString.Invariant(
                $"seed {seed} ({phantom.Ct.Size}, {phantom.Description.Tumours} tumours): Dice liver {l:0.000} tumour {t:0.000} vessels {v:0.000}; {result.Total.TotalSeconds:0.0} s"));
        }

        output.WriteLine(FormattableString.Invariant(
            $"pooled Dice: liver {liverDice.Dice:0.000} tumour {tumourDice.Dice:0.000} vessels {vesselDice.Dice:0.000}"));
        Assert.True(liverDice.Dice >= 0.90, $"liver Dice {liverDice.Dice:0.000} < 0.90");
        Assert.True(tumourDice.Dice >= 0.70, $"tumour Dice {tumourDice.Dice:0.000} < 0.70");
        Assert.True(vesselDice.Dice >= 0.60, $"vessel Dice {vesselDice.Dice:0.000} < 0.60");
    }

    [Fact]
    public void ShippedPackages_Provenance_SaysPhantomsAndNotClinical()
    {
        foreach (var name in new[] { "liver", "vessel" })
        {
            var package = ModelPackage.Load(ModelFolder(name));
            string json = File.ReadAllText(Path.Combine(ModelFolder(name), "model.json"));
            Assert.Contains("phantom", json, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("clinical use", json, StringComparison.Ordinal);
            Assert.NotEmpty(package.Manifest.Provenance.ValidationDice);
            Assert.True(package.Manifest.Provenance.Epochs > 0);
            Assert.Equal(2, package.Manifest.Architecture.SpatialDims);
        }
    }

    /// <summary>Sums of |A ∩ B| and |A| + |B| over several volumes (pooled Dice), and each volume's own Dice.</summary>
    private sealed class DiceAccumulator
    {
        private long _intersection, _sum;

        public double Dice => _sum == 0 ? double.NaN : 2.0 * _intersection / _sum;

        public double Add(byte[] predicted, byte[] truth, Func<byte, bool> isClass)
        {
            long inter = 0, sum = 0;
            for (int v = 0; v < truth.Length; v++)
            {
                bool p = predicted[v] != 0, t = isClass(truth[v]);
                inter += p && t ? 1 : 0;
                sum += (p ? 1 : 0) + (t ? 1 : 0);
            }

            _intersection += inter;
            _sum += sum;
            return sum == 0 ? double.NaN : 2.0 * inter / sum;
        }
    }
}
