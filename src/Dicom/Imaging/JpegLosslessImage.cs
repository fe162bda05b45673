namespace DicomSegNode.Dicom.Imaging;

/// <summary>A decoded JPEG Lossless image: samples as unsigned <see cref="Precision"/>-bit values, pixel-interleaved.</summary>
/// <param name="Rows">Number of lines.</param>
/// <param name="Columns">Samples per line.</param>
/// <param name="Components">Samples per pixel.</param>
/// <param name="Precision">Bits per sample (P in T.81).</param>
/// <param name="Samples">Rows x Columns x Components values.</param>
public sealed record JpegLosslessImage(int Rows, int Columns, int Components, int Precision, int[] Samples);
