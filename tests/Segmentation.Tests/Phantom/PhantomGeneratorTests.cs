using DicomSegNode.Segmentation.Phantom;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Tests.Phantom;

public class PhantomGeneratorTests
{
    private static readonly PhantomOptions s_small = new() { Seed = 3, Matrix = 96, Slices = 40, SliceSpacingMm = 5 };

    private static double MeanHu(Segmentation.Phantom.Phantom p, byte label)
    {
        double sum = 0;
        long n = 0;
        for (int v = 0; v < p.Labels.Labels.Length; v++)
        {
            if (p.Labels.Labels[v] == label)
            {
                sum += p.Ct.Voxels[v];
                n++;
            }
        }

        return sum / n;
    }

    [Fact]
    public void Generate_SameSeed_GivesIdenticalVoxels()
    {
        var a = PhantomGenerator.Generate(s_small);
        var b = PhantomGenerator.Generate(s_small);
        Assert.Equal(a.Ct.Voxels, b.Ct.Voxels);
        Assert.Equal(a.Labels.Labels, b.Labels.Labels);
        Assert.Equal(a.Description, b.Description);
    }

    [Fact]
    public void Generate_DifferentSeeds_VaryGridAndAnatomy()
    {
        var descriptions = Enumerable.Range(1, 6).Select(seed => PhantomGenerator.Generate(new PhantomOptions { Seed = seed, Matrix = 48, Slices = 12, SliceSpacingMm = 8 }).Description).ToList();
        Assert.True(descriptions.Select(d => d.PixelSpacingMm).Distinct().Count() > 3);
        Assert.True(descriptions.Select(d => d.LiverHu).Distinct().Count() > 3);
        var drawn = PhantomGenerator.Generate(new PhantomOptions { Seed = 5, Matrix = 32 });
        Assert.InRange(drawn.Ct.Size.Z, 40, 120);
    }

    [Fact]
    public void Generate_SmallPhantom_HasRealisticTissueValues()
    {
        var p = PhantomGenerator.Generate(s_small with { NoiseHu = 10 });
        Assert.Equal(new GridSize(96, 96, 40), p.Ct.Size);
        double liver = MeanHu(p, PhantomLabels.LiverParenchyma);
        Assert.InRange(liver, 85, 145);
        Assert.InRange(MeanHu(p, PhantomLabels.SubcutaneousFat), -130, -60);
        Assert.InRange(MeanHu(p, PhantomLabels.Bone), 200, 1100);
        Assert.True(MeanHu(p, PhantomLabels.HepaticVessel) > liver + 15, "vessels enhance above the liver");
        if (p.Description.Tumours > 0)
        {
            Assert.True(MeanHu(p, PhantomLabels.LiverTumour) < liver - 15, "tumours are hypodense");
        }

        Assert.InRange(p.Ct.Voxels[0], -1024, -960);
        Assert.All(p.Ct.Voxels.Take(5000), v => Assert.Equal(MathF.Round(v), v));
    }

    [Fact]
    public void Generate_LiverLabels_AreOneBodyWithVesselsAndTumoursInside()
    {
        var p = PhantomGenerator.Generate(s_small);
        var s = p.Labels.Size;
        var liver = p.Labels.Labels.Select(l => l is >= 1 and <= 3 ? (byte)1 : (byte)0).ToArray();
        Assert.InRange(p.Labels.Millilitres(PhantomLabels.LiverParenchyma), 300, 3500);
        Assert.True(p.Labels.Count(PhantomLabels.HepaticVessel) > 0);
        foreach (byte organ in new[] { PhantomLabels.Spleen, PhantomLabels.Aorta, PhantomLabels.Muscle })
        {
            Assert.True(p.Labels.Count(organ) > 0, $"label {organ} missing");
        }

        // Vessels and tumours never lie outside the liver's own connected body.
        var labelling = ConnectedComponents.Label(liver, s, Connectivity.TwentySix);
        long largest = labelling.VoxelCount(labelling.Largest());
        Assert.True(largest > 0.95 * liver.Count(b => b == 1), "liver is essentially one component");
    }

    [Fact]
    public void Generate_TumoursRequested_AppearAcrossSeeds()
    {
        int withTumour = Enumerable.Range(10, 5).Count(seed =>
            PhantomGenerator.Generate(new PhantomOptions { Seed = seed, Matrix = 64, Slices = 30, SliceSpacingMm = 6 }).Labels.Count(PhantomLabels.LiverTumour) > 0);
        Assert.True(withTumour >= 3);
    }

    [Fact]
    public void Validate_BadOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PhantomGenerator.Generate(new PhantomOptions { Slices = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PhantomGenerator.Generate(new PhantomOptions { Matrix = 8 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PhantomGenerator.Generate(new PhantomOptions { SliceSpacingMm = -1 }));
    }
}
