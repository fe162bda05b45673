using DicomSegNode.Dicom.Data;

namespace DicomSegNode.Dicom.Dictionary;

/// <summary>One row of the data dictionary (PS3.6 Table 6-1).</summary>
/// <param name="Tag">The tag (for repeating groups, the first one: 6000 for 60xx).</param>
/// <param name="Keyword">The keyword as PS3.6 spells it, e.g. "PatientName".</param>
/// <param name="Name">The attribute name, e.g. "Patient's Name".</param>
/// <param name="VR">The VR; for ambiguous VRs ("US or SS") the first one.</param>
/// <param name="AlternativeVRs">All allowed VRs when ambiguous, else just <paramref name="VR"/>.</param>
/// <param name="Multiplicity">Value Multiplicity, e.g. "1", "1-n", "3".</param>
/// <param name="IsRetired">True when PS3.6 lists it as retired.</param>
public sealed record DicomDictionaryEntry(
    DicomTag Tag, string Keyword, string Name, DicomVR VR, IReadOnlyList<DicomVR> AlternativeVRs, string Multiplicity, bool IsRetired)
{
    /// <summary>True when the VR depends on other attributes (PS3.5 Table A-1 "US or SS").</summary>
    public bool IsAmbiguous => AlternativeVRs.Count > 1;
}
