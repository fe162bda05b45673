using System.Collections;

namespace DicomSegNode.Dicom.Data;

/// <summary>The items of a sequence element (SQ, PS3.5 7.5): an ordered list of nested data sets.</summary>
public sealed class DicomSequence : IReadOnlyList<DicomDataset>
{
    private readonly List<DicomDataset> _items;

    /// <summary>Creates an empty sequence.</summary>
    public DicomSequence()
    {
        _items = [];
    }

    /// <summary>Creates a sequence of the given items.</summary>
    public DicomSequence(IEnumerable<DicomDataset> items)
    {
        _items = [.. items];
    }

    /// <summary>The data set that holds this sequence; items inherit its Specific Character Set.</summary>
    public DicomDataset? Owner { get; private set; }

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public DicomDataset this[int index] => _items[index];

    /// <summary>Appends an item.</summary>
    public void Add(DicomDataset item)
    {
        item.Parent = Owner;
        _items.Add(item);
    }

    /// <inheritdoc />
    public IEnumerator<DicomDataset> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Attach(DicomDataset owner)
    {
        Owner = owner;
        foreach (var item in _items)
        {
            item.Parent = owner;
        }
    }
}
