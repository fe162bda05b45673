using System.Globalization;

namespace DicomSegNode.Dicom.Data;

/// <summary>Private data elements and their creators (PS3.5 7.8).</summary>
public sealed partial class DicomDataset
{
    /// <summary>The Private Creator (gggg,00xx) that reserves the block of a private element (gggg,xxyy), or null.</summary>
    public string? GetPrivateCreator(DicomTag tag)
    {
        if (!tag.IsPrivate || tag.Element < 0x1000)
        {
            return null;
        }

        return Contains(tag.PrivateCreatorTag) ? GetString(tag.PrivateCreatorTag) : null;
    }

    /// <summary>
    /// The tag of element <paramref name="offset"/> (0x00-0xFF) in the block that <paramref name="creator"/> reserves in
    /// odd group <paramref name="group"/>; reserves the first free block (0x10-0xFF) when the creator has none yet.
    /// </summary>
    public DicomTag GetPrivateTag(ushort group, string creator, byte offset)
    {
        if ((group & 1) == 0 || group <= 0x0008)
        {
            throw new DicomValueException($"Group {group:X4} is not a private group (odd and above 0008, PS3.5 7.8.1).");
        }

        ushort free = 0;
        for (ushort block = 0x10; block <= 0xFF; block++)
        {
            var creatorTag = new DicomTag(group, block);
            if (!Contains(creatorTag))
            {
                free = free == 0 ? block : free;
                continue;
            }

            if (string.Equals(GetString(creatorTag), creator, StringComparison.Ordinal))
            {
                return new DicomTag(group, (ushort)((block << 8) | offset));
            }
        }

        if (free == 0)
        {
            throw new DicomValueException(string.Create(CultureInfo.InvariantCulture, $"Group {group:X4} has no free private block for '{creator}'."));
        }

        SetString(new DicomTag(group, free), DicomVR.LO, creator);
        return new DicomTag(group, (ushort)((free << 8) | offset));
    }
}
