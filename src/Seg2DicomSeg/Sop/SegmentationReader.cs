using System.Globalization;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.Imaging;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Seg2DicomSeg.Content;
using DicomSegNode.Seg2DicomSeg.Enums;
using DicomSegNode.Seg2DicomSeg.Pixels;

namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>
/// Reads a Segmentation Storage object (ours or another writer's) back to segments and frames
/// (PS3.3 A.51; BINARY and FRACTIONAL with native pixel data). Functional groups are looked up per frame first,
/// then in the shared item, as PS3.3 C.7.6.16 allows either.
/// </summary>
public static class SegmentationReader
{
    /// <summary>Decodes <paramref name="seg"/>; throws <see cref="SegmentationFormatException"/> with the reason
    /// when it is not a SEG or is inconsistent.</summary>
    public static DecodedSegmentation Read(DicomDataset seg) => Read(seg, null);

    /// <summary>Decodes a SEG file; with the file's transfer syntax known, RLE Lossless and Deflated Image Frame
    /// Compression frames are decoded too.</summary>
    public static DecodedSegmentation Read(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Read(file.Dataset, file.TransferSyntax);
    }

    private static DecodedSegmentation Read(DicomDataset seg, DicomTransferSyntax? syntax)
    {
        ArgumentNullException.ThrowIfNull(seg);
        try
        {
            return ReadCore(seg, syntax);
        }
        catch (DicomException e)
        {
            throw new SegmentationFormatException($"SEG attribute cannot be read: {e.Message}", e);
        }
    }

    private static DecodedSegmentation ReadCore(DicomDataset seg, DicomTransferSyntax? syntax)
    {
        string? sopClass = seg.GetString(DicomTags.SOPClassUID)?.Trim();
        if (!string.Equals(sopClass, SegmentationEncoder.SegmentationStorageUid, StringComparison.Ordinal))
        {
            throw new SegmentationFormatException($"SOP Class UID is {sopClass ?? "missing"}, not Segmentation Storage {SegmentationEncoder.SegmentationStorageUid}.");
        }

        int rows = RequiredInt(seg, DicomTags.Rows);
        int columns = RequiredInt(seg, DicomTags.Columns);
        if (rows <= 0 || columns <= 0)
        {
            throw new SegmentationFormatException($"Rows x Columns is {rows}x{columns}.");
        }

        int frameCount = seg.TryGetInt32(DicomTags.NumberOfFrames, out int n) ? n : 1;
        if (frameCount <= 0)
        {
            throw new SegmentationFormatException($"Number of Frames is {frameCount}.");
        }

        string typeText = seg.GetString(DicomTags.SegmentationType)?.Trim() ?? "";
        var type = typeText switch
        {
            "BINARY" => SegmentationType.Binary,
            "FRACTIONAL" => SegmentationType.Fractional,
            _ => throw new SegmentationFormatException($"Segmentation Type \"{typeText}\" is not BINARY or FRACTIONAL."),
        };
        int bitsAllocated = RequiredInt(seg, DicomTags.BitsAllocated);
        int expectedBits = type == SegmentationType.Binary ? 1 : 8;
        if (bitsAllocated != expectedBits)
        {
            throw new SegmentationFormatException($"{typeText} SEG with Bits Allocated {bitsAllocated}; {expectedBits} is required (PS3.3 C.8.20.2).");
        }

        long pixelsPerFrame = (long)rows * columns;
        DicomPixelData? encapsulated = null;
        ReadOnlyMemory<byte> pixelData = default;
        if (seg.GetFragments(DicomTags.PixelData) is not null)
        {
            if (syntax is null)
            {
                throw new SegmentationFormatException("Pixel Data is encapsulated; read the SEG from its DicomFile so that the transfer syntax is known.");
            }

            if (!EncapsulatedFrameDecoder.CanDecode(syntax.Uid))
            {
                throw new SegmentationFormatException($"Pixel Data is encapsulated in {syntax.Name} ({syntax.Uid}), which the SEG reader cannot decode (RLE Lossless and Deflated Image Frame Compression it can).");
            }

            // Every compressed frame has at least one fragment: a larger frame count is a lie, and refusing it
            // here keeps a hostile Number of Frames from sizing any allocation.
            int fragments = seg.GetFragments(DicomTags.PixelData)!.Fragments.Count;
            if (frameCount > fragments)
            {
                throw new SegmentationFormatException($"Number of Frames is {frameCount} but Pixel Data has {fragments} fragments.");
            }

            encapsulated = new DicomPixelData(seg, syntax);
        }
        else
        {
            pixelData = seg.GetBytes(DicomTags.PixelData);
            long neededBytes = type == SegmentationType.Binary ? ((frameCount * pixelsPerFrame) + 7) / 8 : frameCount * pixelsPerFrame;
            if (pixelData.Length < neededBytes)
            {
                throw new SegmentationFormatException($"Pixel Data holds {pixelData.Length} bytes; {frameCount} frames of {rows}x{columns} need {neededBytes}.");
            }
        }

        var segments = ReadSegments(seg);
        var shared = First(seg.GetSequence(DicomTags.SharedFunctionalGroupsSequence));
        var perFrame = seg.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence);
        if (perFrame is not null && perFrame.Count != frameCount)
        {
            throw new SegmentationFormatException($"Per-frame Functional Groups Sequence has {perFrame.Count} items for {frameCount} frames.");
        }

        var frames = new DecodedFrame[frameCount];
        for (int f = 0; f < frameCount; f++)
        {
            var item = perFrame?[f];
            var identification = Group(item, shared, DicomTags.SegmentIdentificationSequence)
                ?? throw new SegmentationFormatException($"Frame {f + 1} has no Segment Identification Sequence.");
            int segmentNumber = RequiredInt(identification, DicomTags.ReferencedSegmentNumber);
            var plane = Group(item, shared, DicomTags.PlanePositionSequence);
            double[]? position = plane is not null && plane.GetValueCount(DicomTags.ImagePositionPatient) == 3 ? plane.GetDoubleArray(DicomTags.ImagePositionPatient) : null;
            var derivation = Group(item, shared, DicomTags.DerivationImageSequence);
            var sourceImage = derivation is null ? null : First(derivation.GetSequence(DicomTags.SourceImageSequence));
            string? sourceUid = sourceImage?.GetString(DicomTags.ReferencedSOPInstanceUID)?.Trim();

            var pixels = new byte[pixelsPerFrame];
            if (encapsulated is not null)
            {
                DecodeEncapsulated(encapsulated, syntax!.Uid, f, type, pixels);
            }
            else if (type == SegmentationType.Binary)
            {
                BinaryFramePacker.Unpack(pixelData.Span, f * pixelsPerFrame, pixels);
            }
            else
            {
                pixelData.Span.Slice((int)(f * pixelsPerFrame), (int)pixelsPerFrame).CopyTo(pixels);
            }

            frames[f] = new DecodedFrame(f, segmentNumber, position, sourceUid, pixels);
        }

        return new DecodedSegmentation
        {
            SopInstanceUid = seg.GetString(DicomTags.SOPInstanceUID)?.Trim() ?? "",
            Rows = rows,
            Columns = columns,
            Type = type,
            MaximumValue = type == SegmentationType.Fractional ? RequiredInt(seg, DicomTags.MaximumFractionalValue) : 1,
            Segments = segments,
            Frames = frames,
        };
    }

    private static void DecodeEncapsulated(DicomPixelData pixelData, string syntax, int frame, SegmentationType type, byte[] pixels)
    {
        var encoded = pixelData.GetEncodedFrame(frame).Span;
        if (type == SegmentationType.Binary)
        {
            var packed = new byte[(pixels.Length + 7) / 8];
            EncapsulatedFrameDecoder.Decode(syntax, encoded, packed);
            BinaryFramePacker.Unpack(packed, 0, pixels);
        }
        else
        {
            EncapsulatedFrameDecoder.Decode(syntax, encoded, pixels);
        }
    }

    private static List<DecodedSegment> ReadSegments(DicomDataset seg)
    {
        var sequence = seg.GetSequence(DicomTags.SegmentSequence);
        if (sequence is null || sequence.Count == 0)
        {
            throw new SegmentationFormatException("Segment Sequence is missing or empty.");
        }

        var result = new List<DecodedSegment>(sequence.Count);
        foreach (var item in sequence)
        {
            int number = RequiredInt(item, DicomTags.SegmentNumber);
            if (result.Any(s => s.Number == number))
            {
                throw new SegmentationFormatException($"Segment number {number} is described twice.");
            }

            var identification = First(item.GetSequence(DicomTags.SegmentationAlgorithmIdentificationSequence));
            DisplayColor? color = item.GetValueCount(DicomTags.RecommendedDisplayCIELabValue) == 3
                ? DisplayColor.FromDicomCieLab(item.GetUInt16Array(DicomTags.RecommendedDisplayCIELabValue))
                : null;
            result.Add(new DecodedSegment(
                number,
                item.GetString(DicomTags.SegmentLabel)?.Trim() ?? "",
                CodeItems.FromSequence(item, DicomTags.SegmentedPropertyCategoryCodeSequence),
                CodeItems.FromSequence(item, DicomTags.SegmentedPropertyTypeCodeSequence),
                item.GetString(DicomTags.SegmentAlgorithmType)?.Trim(),
                item.GetString(DicomTags.SegmentAlgorithmName)?.Trim(),
                identification?.GetString(DicomTags.AlgorithmVersion)?.Trim(),
                color));
        }

        return result;
    }

    private static DicomDataset? Group(DicomDataset? perFrame, DicomDataset? shared, DicomTag tag) =>
        First(perFrame?.GetSequence(tag)) ?? First(shared?.GetSequence(tag));

    private static DicomDataset? First(DicomSequence? sequence) => sequence is { Count: > 0 } ? sequence[0] : null;

    private static int RequiredInt(DicomDataset ds, DicomTag tag)
    {
        if (!ds.Contains(tag) || ds.GetValueCount(tag) == 0)
        {
            throw new SegmentationFormatException($"{DicomDictionary.GetKeyword(tag)} {tag} is missing or empty.");
        }

        var vr = ds.GetVR(tag);
        if (vr == DicomVR.IS)
        {
            return ds.GetInt32(tag);
        }

        long value = ds.GetInt64(tag);
        return value is < int.MinValue or > int.MaxValue
            ? throw new SegmentationFormatException($"{DicomDictionary.GetKeyword(tag)} {tag} = {value.ToString(CultureInfo.InvariantCulture)} is out of range.")
            : (int)value;
    }
}
