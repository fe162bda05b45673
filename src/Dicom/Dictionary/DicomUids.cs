namespace DicomSegNode.Dicom.Dictionary;

/// <summary>Lookups over the UID registry of PS3.6 Annex A (constants are in DicomUids.Generated.cs).</summary>
public static partial class DicomUids
{
    // Static initialisers of partial files run in no defined order, so the tables built from Registry live in Index.

    /// <summary>
    /// Every Storage SOP Class of PS3.6 (what a Storage SCP accepts, PS3.4 B.5), retired ones included, ascending.
    /// </summary>
    public static IReadOnlyList<string> StorageSopClasses => Index.StorageSopClasses;

    /// <summary>Every transfer syntax of the registry, ascending.</summary>
    public static IReadOnlyList<string> TransferSyntaxes => Index.TransferSyntaxes;

    /// <summary>The registry entry of a UID, or null when the standard does not define it.</summary>
    public static DicomUidInfo? Find(string uid) => Index.ByUid.GetValueOrDefault(uid);

    /// <summary>The registered name of a UID, or null.</summary>
    public static string? GetName(string uid) => Find(uid)?.Name;

    /// <summary>True when <paramref name="uid"/> is a Storage SOP Class.</summary>
    public static bool IsStorageSopClass(string uid) => Index.StorageSet.Contains(uid);

    private static class Index
    {
        public static readonly Dictionary<string, DicomUidInfo> ByUid = Registry
            .GroupBy(r => r.Uid, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new DicomUidInfo(g.First().Uid, g.First().Name, g.First().Type, g.First().Retired, g.First().Keyword), StringComparer.Ordinal);

        public static readonly string[] StorageSopClasses = Registry
        .Where(r => r.Type == "SOP Class" && r.Name.Contains("Storage", StringComparison.Ordinal)
            && !r.Name.Contains("Commitment", StringComparison.Ordinal) && !r.Name.Contains("Storage Management", StringComparison.Ordinal))
        .Select(r => r.Uid)
        .ToArray();

        public static readonly string[] TransferSyntaxes = Registry
            .Where(r => r.Type == "Transfer Syntax").Select(r => r.Uid).ToArray();

        public static readonly HashSet<string> StorageSet = new(StorageSopClasses, StringComparer.Ordinal);
    }
}
