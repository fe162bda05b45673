using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;

namespace DicomSegNode.Seg2DicomSeg.Content;

/// <summary>Code Sequence Macro items (PS3.3 8.8) to and from data sets.</summary>
internal static class CodeItems
{
    public static DicomDataset ToItem(CodedConcept code)
    {
        var item = new DicomDataset(3);
        if (code.IsLongValue)
        {
            item.SetString(DicomTags.LongCodeValue, DicomVR.UC, code.Value);
        }
        else
        {
            item.SetString(DicomTags.CodeValue, DicomVR.SH, code.Value);
        }

        item.SetString(DicomTags.CodingSchemeDesignator, DicomVR.SH, code.Scheme);
        item.SetString(DicomTags.CodeMeaning, DicomVR.LO, code.Meaning);
        return item;
    }

    public static void SetCode(DicomDataset target, DicomTag sequence, CodedConcept code) => target.SetSequence(sequence, ToItem(code));

    /// <summary>The first item of a code sequence, or null when the sequence is absent or empty. A value that breaks
    /// our stricter constructor (another writer's long meaning, say) is kept as read rather than rejected.</summary>
    public static CodedConcept? FromSequence(DicomDataset source, DicomTag sequence)
    {
        var seq = source.GetSequence(sequence);
        if (seq is null || seq.Count == 0)
        {
            return null;
        }

        var item = seq[0];
        string? value = item.GetString(DicomTags.CodeValue) ?? item.GetString(DicomTags.LongCodeValue) ?? item.GetString(DicomTags.URNCodeValue);
        string? scheme = item.GetString(DicomTags.CodingSchemeDesignator);
        string? meaning = item.GetString(DicomTags.CodeMeaning);
        if (string.IsNullOrWhiteSpace(value) || string.IsNullOrWhiteSpace(scheme))
        {
            return null;
        }

        try
        {
            return new CodedConcept(value.Trim(), scheme.Trim(), string.IsNullOrWhiteSpace(meaning) ? value.Trim() : Truncate(meaning.Trim()));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string Truncate(string text) => text.Length > 64 ? text[..64] : text;
}
