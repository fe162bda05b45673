using DicomSegNode.Segmentation.Cascade;
using DicomSegNode.Segmentation.Phantom;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Tests.Cascade;

public class RandomWeightsCascadeTests
{
    [Fact]
    public void Run_RandomWeightsOnPhantom_GivesMasksOnTheSourceGridWithConsistentVolumes()
    {
        var phantom = PhantomGenerator.Generate(new PhantomOptions { Seed = 4, Matrix = 64, Slices = 24, SliceSpacingMm = 5 });
        using var liver = TestPackages.Load("random", [5, 6, 6]);
        using var vessel = TestPackages.Load("random", [5, 4, 4]);
        // The random network's classes are [background, liver, tumour]; used as the vessel model it must be refused.
        Assert.Throws<ArgumentException>(() => new LiverVesselCascade(liver, vessel));
        using var vesselThreshold = TestPackages.Load("vessel-threshold", [5, 4, 4]);
        var result = new LiverVesselCascade(liver, vesselThreshold, new CascadeOptions { MinLiverMillilitres = 0 }).Run(phantom.Ct);

        var g = phantom.Ct.Geometry;
        foreach (var segment in result.Segments)
        {
            Assert.Same(g, segment.Mask.Geometry);
            Assert.All(segment.Mask.Labels.Distinct(), b => Assert.True(b <= 1));
            Assert.Equal(segment.Mask.Count(1) * g.VoxelVolumeMm3 / 1000, segment.Millilitres, 9);
        }

        if (result.LiverFound)
        {
            // Tumour lies inside the liver, and the liver is one 26-connected body.
            var liverMask = result.Liver.Mask.Labels;
            Assert.All(Enumerable.Range(0, liverMask.Length).Where(v => result.Tumour.Mask.Labels[v] != 0), v => Assert.Equal(1, liverMask[v]));
            Assert.Equal(1, ConnectedComponents.Label(liverMask, g.Size, Connectivity.TwentySix).Count);
        }

        Assert.Equal(result.LiverFound ? 6 : 3, result.Timings.Count);
    }
}
