namespace DicomSegNode.Segmentation.Tests.Training;

/// <summary>
/// The Python training pipeline (training/) run from the suite: the CI smoke test of issue 9
/// and the pipeline's own unit tests, both against the real python3-torch.
/// </summary>
public sealed class TrainingPipelineTests
{
    private static string TrainingFolder => Path.Combine(PythonScript.RepositoryRoot(), "training");

    [Fact]
    public void SmokeScript_FewIterationsOnPhantoms_LossFalls()
    {
        var result = PythonScript.Run(TrainingFolder, "smoke_test.py");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("smoke: loss fell from", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void PipelineUnitTests_LoadersGeometryLossesAugmentation_AllPass()
    {
        var result = PythonScript.Run(TrainingFolder, "-m", "unittest", "discover", "-s", "tests", "-t", ".", "-v");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("OK", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped", result.Output, StringComparison.OrdinalIgnoreCase);
    }
}
