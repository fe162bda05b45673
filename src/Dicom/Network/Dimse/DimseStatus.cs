using System.Globalization;

namespace DicomSegNode.Dicom.Network.Dimse;

/// <summary>A DIMSE status code (PS3.7 C; C-STORE statuses in PS3.4 B.2.3) with its category.</summary>
public readonly record struct DimseStatus(ushort Code)
{
    /// <summary>0000: success.</summary>
    public static readonly DimseStatus Success = new(0x0000);

    /// <summary>B000: warning, coercion of data elements (C-STORE, PS3.4 B.2.3).</summary>
    public static readonly DimseStatus CoercionOfDataElements = new(0xB000);

    /// <summary>B007: warning, data set does not match SOP class (C-STORE).</summary>
    public static readonly DimseStatus DataSetDoesNotMatchSopClassWarning = new(0xB007);

    /// <summary>B006: warning, elements discarded (C-STORE).</summary>
    public static readonly DimseStatus ElementsDiscarded = new(0xB006);

    /// <summary>A700: refused, out of resources (C-STORE, A7xx).</summary>
    public static readonly DimseStatus OutOfResources = new(0xA700);

    /// <summary>A900: error, data set does not match SOP class (C-STORE, A9xx).</summary>
    public static readonly DimseStatus DataSetDoesNotMatchSopClass = new(0xA900);

    /// <summary>C000: error, cannot understand (C-STORE, Cxxx).</summary>
    public static readonly DimseStatus CannotUnderstand = new(0xC000);

    /// <summary>0122: refused, SOP class not supported (PS3.7 C.5.9).</summary>
    public static readonly DimseStatus SopClassNotSupported = new(0x0122);

    /// <summary>0110: processing failure (PS3.7 C.4.1).</summary>
    public static readonly DimseStatus ProcessingFailure = new(0x0110);

    /// <summary>0211: unrecognized operation (PS3.7 C.5.13).</summary>
    public static readonly DimseStatus UnrecognizedOperation = new(0x0211);

    /// <summary>FE00: cancel (PS3.7 C.3).</summary>
    public static readonly DimseStatus Cancel = new(0xFE00);

    /// <summary>True for 0000.</summary>
    public bool IsSuccess => Code == 0;

    /// <summary>True for the warning statuses: 0001, Bxxx, 0107, 0116 (PS3.7 C.2).</summary>
    public bool IsWarning => Code is 0x0001 or 0x0107 or 0x0116 or (>= 0xB000 and <= 0xBFFF);

    /// <summary>True for pending (FF00, FF01).</summary>
    public bool IsPending => Code is 0xFF00 or 0xFF01;

    /// <summary>True for every failure status (anything not success, warning, pending or cancel).</summary>
    public bool IsFailure => !IsSuccess && !IsWarning && !IsPending && Code != 0xFE00;

    /// <summary>The category and code, for example "Failure A700".</summary>
    public override string ToString()
    {
        var category = IsSuccess ? "Success" : IsWarning ? "Warning" : IsPending ? "Pending" : Code == 0xFE00 ? "Cancel" : "Failure";
        return string.Create(CultureInfo.InvariantCulture, $"{category} {Code:X4}");
    }
}
