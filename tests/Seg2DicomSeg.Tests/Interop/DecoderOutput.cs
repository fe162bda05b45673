using System.Text.Json;

namespace DicomSegNode.Seg2DicomSeg.Tests.Interop;

/// <summary>What tests/interop/decode-seg.js (dcmjs) and decode_seg_pydicom.py print: one shape for both.</summary>
internal sealed record DecoderOutput(string SegmentationType, int Rows, int Columns, List<DecoderSegment> Segments, List<DecoderFrame> Frames)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static DecoderOutput Parse(string json) => JsonSerializer.Deserialize<DecoderOutput>(json, Json) ?? throw new InvalidDataException("decoder printed null");
}

internal sealed record DecoderSegment(int Number, string Label, string Category, string Type);

internal sealed record DecoderFrame(int? SegmentNumber, double[]? ImagePositionPatient, string? SourceSopInstanceUid, string Mask)
{
    public byte[] Pixels => Convert.FromBase64String(Mask);
}
