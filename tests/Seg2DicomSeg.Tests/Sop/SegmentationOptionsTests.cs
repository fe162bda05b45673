using DicomSegNode.Seg2DicomSeg.Sop;

namespace DicomSegNode.Seg2DicomSeg.Tests.Sop;

public class SegmentationOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrorsAndEmptyFramesKept()
    {
        var options = new SegmentationOptions();
        Assert.Empty(options.Validate());
        Assert.False(options.OmitEmptyFrames);
    }

    [Fact]
    public void Validate_SeveralBadProperties_NamesEachOne()
    {
        var options = new SegmentationOptions { ContentLabel = "liver seg", Manufacturer = "", SeriesDescription = new string('x', 65), SegmentNumbers = [] };
        var errors = options.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("ContentLabel:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Manufacturer:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SeriesDescription:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SegmentNumbers:", StringComparison.Ordinal));
    }
}
