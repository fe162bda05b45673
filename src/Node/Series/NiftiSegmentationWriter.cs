using DicomSegNode.Segmentation.Cascade;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Node.Series;

/// <summary>
/// The result as one NIfTI label map on the source grid (<see cref="CascadeResult.ToLabelMap"/>: 1 liver, 2 tumour,
/// 3 hepatic vessel, the phantom's and the Decathlon's numbering), ".nii" or ".nii.gz".
/// </summary>
public sealed class NiftiSegmentationWriter : ISegmentationWriter
{
    public string Format => "NIfTI label map";

    public bool Accepts(string path) =>
        path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<string> Write(AssembledSeries series, CascadeResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        NiftiWriter.Write(path, result.ToLabelMap());
        return [path];
    }
}
