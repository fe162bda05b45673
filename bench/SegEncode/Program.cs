using System.Diagnostics;
using System.Globalization;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Seg2DicomSeg.Content;
using DicomSegNode.Seg2DicomSeg.Sop;

// Usage: seg-encode-bench <slices> <repetitions> <out.dcm>
// Times SegmentationEncoder.Encode plus the Part 10 write to bytes (what the node does before storing), for the
// same masks seg_encode_pydicom.py builds, and prints `ours_ms=<median>`.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: seg-encode-bench <slices> <repetitions> <out.dcm>");
    return 2;
}

int slices = int.Parse(args[0], CultureInfo.InvariantCulture);
int repetitions = int.Parse(args[1], CultureInfo.InvariantCulture);
const int Rows = 512, Columns = 512;

var sources = new List<DicomDataset>(slices);
string series = DicomUid.FromHash("bench", "series");
for (int k = 0; k < slices; k++)
{
    var ds = new DicomDataset();
    ds.SetUid(DicomTags.SOPClassUID, DicomUids.CTImageStorage);
    ds.SetUid(DicomTags.SOPInstanceUID, DicomUid.FromHash("bench", k.ToString(CultureInfo.InvariantCulture)));
    ds.SetUid(DicomTags.StudyInstanceUID, DicomUid.FromHash("bench", "study"));
    ds.SetUid(DicomTags.SeriesInstanceUID, series);
    ds.SetUid(DicomTags.FrameOfReferenceUID, DicomUid.FromHash("bench", "frame"));
    ds.SetUInt16(DicomTags.Rows, Rows);
    ds.SetUInt16(DicomTags.Columns, Columns);
    ds.SetDecimalString(DicomTags.ImagePositionPatient, -250.0, -250.0, -1.25 * k);
    ds.SetDecimalString(DicomTags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0);
    ds.SetDecimalString(DicomTags.PixelSpacing, 0.78125, 0.78125);
    ds.SetDecimalString(DicomTags.SliceThickness, 1.25);
    sources.Add(ds);
}

// Segment s: a disc of radius 60+40s in slices [100s, 100s + slices/2), as in seg_encode_pydicom.py.
var masks = new byte[3][];
for (int s = 0; s < 3; s++)
{
    masks[s] = new byte[(long)slices * Rows * Columns];
    int first = Math.Min(100 * s, slices - 1), count = Math.Max(1, slices / 2), radius = 60 + (40 * s);
    var disc = new byte[Rows * Columns];
    for (int y = 0; y < Rows; y++)
    {
        for (int x = 0; x < Columns; x++)
        {
            disc[(y * Columns) + x] = ((x - 256) * (x - 256)) + ((y - 256) * (y - 256)) < radius * radius ? (byte)1 : (byte)0;
        }
    }

    for (int k = first; k < Math.Min(slices, first + count); k++)
    {
        disc.CopyTo(masks[s], (long)k * Rows * Columns);
    }
}

var algorithm = new AlgorithmIdentification("bench", "1.0");
var input = new SegmentationInput(
    sources,
    [
        new SegmentData(StandardSegments.Liver(algorithm), masks[0]),
        new SegmentData(StandardSegments.Tumour(algorithm), masks[1]),
        new SegmentData(StandardSegments.HepaticVessels(algorithm), masks[2]),
    ],
    ["bench@1.0"]);

var times = new List<(double Total, double Encode)>();
byte[] bytes = [];
for (int r = 0; r < repetitions + 1; r++)
{
    var watch = Stopwatch.StartNew();
    var result = SegmentationEncoder.Encode(input);
    double encoded = watch.Elapsed.TotalMilliseconds;
    bytes = new DicomFile(result.Dataset!, DicomTransferSyntax.ExplicitVRLittleEndian).ToBytes();
    watch.Stop();
    if (r > 0)
    {
        times.Add((watch.Elapsed.TotalMilliseconds, encoded)); // the first run pays JIT compilation, as a daemon does only once
    }
}

File.WriteAllBytes(args[2], bytes);
times.Sort();
var median = times[times.Count / 2];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours_ms={median.Total:F1} (encode {median.Encode:F1}, part10 write {median.Total - median.Encode:F1}) bytes={bytes.Length}"));
return 0;
