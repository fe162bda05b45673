using DicomSegNode.Dicom.IO;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Node.Series;

/// <summary>One image plane read from an instance's header: a single-frame instance, or one frame of a multi-frame one.</summary>
internal sealed record SliceCandidate
{
    public required string Path { get; init; }

    public required string SopClassUid { get; init; }

    public required string SopInstanceUid { get; init; }

    public required string SeriesInstanceUid { get; init; }

    /// <summary>0-based frame index in a multi-frame instance; null for single-frame.</summary>
    public int? FrameIndex { get; init; }

    public required Vec3 Position { get; init; }

    public required Vec3 RowDirection { get; init; }

    public required Vec3 ColumnDirection { get; init; }

    /// <summary>PixelSpacing[0]: distance between rows (mm).</summary>
    public required double RowSpacing { get; init; }

    /// <summary>PixelSpacing[1]: distance between columns (mm).</summary>
    public required double ColumnSpacing { get; init; }

    public required int Rows { get; init; }

    public required int Columns { get; init; }

    public required double RescaleSlope { get; init; }

    public required double RescaleIntercept { get; init; }

    public int? AcquisitionNumber { get; init; }

    public int? InstanceNumber { get; init; }

    public required PixelFormat Format { get; init; }

    public required DicomTransferSyntax TransferSyntax { get; init; }

    public string Describe() => FrameIndex is { } f ? $"{SopInstanceUid} frame {f + 1}" : SopInstanceUid;
}
