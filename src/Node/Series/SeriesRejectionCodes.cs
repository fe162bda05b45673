namespace DicomSegNode.Node.Series;

/// <summary>Stable snake_case codes of <see cref="SeriesRejectionReason"/> for metric labels and log fields.</summary>
public static class SeriesRejectionCodes
{
    public static string Code(this SeriesRejectionReason reason) => reason switch
    {
        SeriesRejectionReason.NoImages => "no_images",
        SeriesRejectionReason.Unreadable => "unreadable",
        SeriesRejectionReason.MissingUid => "missing_uid",
        SeriesRejectionReason.MultipleSeries => "multiple_series",
        SeriesRejectionReason.NotCt => "not_ct",
        SeriesRejectionReason.Localizer => "localizer",
        SeriesRejectionReason.MissingGeometry => "missing_geometry",
        SeriesRejectionReason.UnsupportedPixelData => "unsupported_pixel_data",
        SeriesRejectionReason.TooFewSlices => "too_few_slices",
        SeriesRejectionReason.MissingSlices => "missing_slices",
        SeriesRejectionReason.IrregularSpacing => "irregular_spacing",
        SeriesRejectionReason.InconsistentGeometry => "inconsistent_geometry",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
