using DicomSegNode.Dicom.Data;

namespace DicomSegNode.Dicom.Dictionary;

/// <summary>
/// The data dictionary of PS3.6 (generated into an immutable table by Generator/generate.py): tag to keyword, VR, VM
/// and retired flag, and keyword back to tag. Lookups are binary searches over constant data; nothing is lazily locked.
/// </summary>
public static class DicomDictionary
{
    private static readonly DicomDictionaryEntry?[] s_entries = new DicomDictionaryEntry?[DictionaryData.Keywords.Length];
    private static readonly Dictionary<string, int> s_byKeyword = BuildKeywordIndex();

    /// <summary>Number of entries (exact tags plus repeating-group patterns).</summary>
    public static int Count => DictionaryData.Keywords.Length;

    /// <summary>The entry for a tag, or null for private and unknown tags.</summary>
    public static DicomDictionaryEntry? Find(DicomTag tag)
    {
        var index = IndexOf(tag.Value);
        return index < 0 ? null : Entry(index);
    }

    /// <summary>The entry for a keyword (as PS3.6 spells it), or null.</summary>
    public static DicomDictionaryEntry? Find(string keyword)
        => s_byKeyword.TryGetValue(keyword, out var index) ? Entry(index) : null;

    /// <summary>
    /// The VR to use for an element read in Implicit VR (PS3.5 Annex A): the dictionary VR; LO for Private Creators;
    /// UL for group lengths; UN for private and unknown tags.
    /// </summary>
    public static DicomVR GetVR(DicomTag tag)
    {
        if (tag.Element == 0)
        {
            return DicomVR.UL;
        }

        if (tag.IsPrivate)
        {
            return tag.IsPrivateCreator ? DicomVR.LO : DicomVR.UN;
        }

        var index = IndexOf(tag.Value);
        return index < 0 ? DicomVR.UN : DicomVR.All[DictionaryData.VRs[index]];
    }

    /// <summary>The keyword of a tag, or null when the dictionary does not know it.</summary>
    public static string? GetKeyword(DicomTag tag)
    {
        if (tag.IsPrivate)
        {
            return tag.IsPrivateCreator ? "PrivateCreator" : null;
        }

        var index = IndexOf(tag.Value);
        return index < 0 ? null : DictionaryData.Keywords[index];
    }

    /// <summary>True when the tag's VR is ambiguous (US or SS, OB or OW) and must be resolved from the data set.</summary>
    public static bool IsAmbiguous(DicomTag tag)
    {
        var index = tag.IsPrivate ? -1 : IndexOf(tag.Value);
        return index >= 0 && DictionaryData.VRAlternatives[index] != 0;
    }

    private static int IndexOf(uint tag)
    {
        var exact = DictionaryData.Tags.BinarySearch(tag);
        if (exact >= 0)
        {
            return exact;
        }

        var masked = DictionaryData.MaskedTags;
        var masks = DictionaryData.Masks;
        for (var i = 0; i < masked.Length; i++)
        {
            if ((tag & masks[i]) == masked[i])
            {
                return DictionaryData.Tags.Length + i;
            }
        }

        return -1;
    }

    private static DicomDictionaryEntry Entry(int index)
    {
        var entry = Volatile.Read(ref s_entries[index]);
        if (entry is not null)
        {
            return entry;
        }

        var tagValue = index < DictionaryData.Tags.Length
            ? DictionaryData.Tags[index]
            : DictionaryData.MaskedTags[index - DictionaryData.Tags.Length];
        var vr = DicomVR.All[DictionaryData.VRs[index]];
        var mask = DictionaryData.VRAlternatives[index];
        var alternatives = new List<DicomVR>();
        for (var i = 0; i < DicomVR.All.Count; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                alternatives.Add(DicomVR.All[i]);
            }
        }

        if (alternatives.Count == 0)
        {
            alternatives.Add(vr);
        }

        entry = new DicomDictionaryEntry(
            new DicomTag(tagValue), DictionaryData.Keywords[index], DictionaryData.Names[index], vr, alternatives,
            DictionaryData.Multiplicities[index], DictionaryData.Retired[index] != 0);
        Volatile.Write(ref s_entries[index], entry);
        return entry;
    }

    private static Dictionary<string, int> BuildKeywordIndex()
    {
        var map = new Dictionary<string, int>(DictionaryData.Keywords.Length, StringComparer.Ordinal);
        for (var i = 0; i < DictionaryData.Keywords.Length; i++)
        {
            map.TryAdd(DictionaryData.Keywords[i], i);
        }

        return map;
    }
}
