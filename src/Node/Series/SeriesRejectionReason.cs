namespace DicomSegNode.Node.Series;

/// <summary>
/// Why a series, or one instance of it, cannot become a volume. The value's <see cref="SeriesRejectionCodes.Code"/>
/// (snake_case) is what metrics and log lines carry.
/// </summary>
public enum SeriesRejectionReason
{
    /// <summary>No readable DICOM image in the input.</summary>
    NoImages,

    /// <summary>A file is not DICOM or is malformed.</summary>
    Unreadable,

    /// <summary>The data set's own SOPInstanceUID or SeriesInstanceUID is empty (Type 1, PS3.3 C.12.1 and C.7.3.1).</summary>
    MissingUid,

    /// <summary>The instances belong to more than one series.</summary>
    MultipleSeries,

    /// <summary>Modality is not CT, or the SOP class is not CT Image Storage or Enhanced CT Image Storage.</summary>
    NotCt,

    /// <summary>ImageType says LOCALIZER (a scout / topogram).</summary>
    Localizer,

    /// <summary>ImagePositionPatient, ImageOrientationPatient, PixelSpacing, Rows or Columns absent or invalid.</summary>
    MissingGeometry,

    /// <summary>Pixel data that cannot be turned into HU: a compressed transfer syntax we do not decode, colour, odd bit depths.</summary>
    UnsupportedPixelData,

    /// <summary>The stack has fewer slices than configured.</summary>
    TooFewSlices,

    /// <summary>A gap between neighbouring slices beyond the tolerance: slices are missing.</summary>
    MissingSlices,

    /// <summary>Slice spacing varies beyond the tolerance (variable pitch, mixed reconstructions).</summary>
    IrregularSpacing,

    /// <summary>The slice positions do not lie on one line, or the slice direction lies in the image plane.</summary>
    InconsistentGeometry,
}
