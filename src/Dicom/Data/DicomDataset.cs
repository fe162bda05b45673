using System.Collections;
using DicomSegNode.Dicom.Text;

namespace DicomSegNode.Dicom.Data;

/// <summary>
/// A DICOM data set (PS3.5 7): data elements kept sorted by tag in parallel arrays (tags, VRs, value bytes,
/// sequences), found by binary search. Values are held as their little-endian encoding and decoded by the typed
/// accessors of the partial files <c>DicomDataset.Get.cs</c> and <c>DicomDataset.Set.cs</c>; a data set read from a
/// buffer shares that buffer rather than copying values out of it.
/// </summary>
public sealed partial class DicomDataset : IEnumerable<DicomElement>
{
    private uint[] _tags;
    private DicomVR[] _vrs;
    private ReadOnlyMemory<byte>[] _values;
    private object?[] _items;
    private int _count;
    private DicomCharacterSet? _characterSet;

    /// <summary>Creates an empty data set.</summary>
    public DicomDataset()
        : this(16)
    {
    }

    /// <summary>Creates an empty data set with room for <paramref name="capacity"/> elements.</summary>
    public DicomDataset(int capacity)
    {
        capacity = Math.Max(capacity, 4);
        _tags = new uint[capacity];
        _vrs = new DicomVR[capacity];
        _values = new ReadOnlyMemory<byte>[capacity];
        _items = new object?[capacity];
    }

    /// <summary>Number of elements at this level (items of sequences not counted).</summary>
    public int Count => _count;

    /// <summary>The data set holding the sequence this data set is an item of; null at the top level.</summary>
    public DicomDataset? Parent { get; internal set; }

    /// <summary>The element at a position in tag order.</summary>
    public DicomElement this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            return new DicomElement(new DicomTag(_tags[index]), _vrs[index], _values[index], _items[index]);
        }
    }

    /// <summary>True when the data set has an element with this tag.</summary>
    public bool Contains(DicomTag tag) => IndexOf(tag.Value) >= 0;

    /// <summary>Gets an element by tag.</summary>
    public bool TryGetElement(DicomTag tag, out DicomElement element)
    {
        var i = IndexOf(tag.Value);
        if (i < 0)
        {
            element = default;
            return false;
        }

        element = new DicomElement(tag, _vrs[i], _values[i], _items[i]);
        return true;
    }

    /// <summary>The VR of an element, or null when absent.</summary>
    public DicomVR? GetVR(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        return i < 0 ? null : _vrs[i];
    }

    /// <summary>Removes an element; false when it was absent.</summary>
    public bool Remove(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        if (i < 0)
        {
            return false;
        }

        var tail = _count - i - 1;
        Array.Copy(_tags, i + 1, _tags, i, tail);
        Array.Copy(_vrs, i + 1, _vrs, i, tail);
        Array.Copy(_values, i + 1, _values, i, tail);
        Array.Copy(_items, i + 1, _items, i, tail);
        _count--;
        _vrs[_count] = null!;
        _values[_count] = default;
        _items[_count] = null;
        if (tag.Value == 0x00080005)
        {
            _characterSet = null;
        }

        return true;
    }

    /// <summary>Removes every element for which <paramref name="predicate"/> is true.</summary>
    public int RemoveAll(Func<DicomTag, bool> predicate)
    {
        var removed = 0;
        for (var i = _count - 1; i >= 0; i--)
        {
            if (predicate(new DicomTag(_tags[i])))
            {
                Remove(new DicomTag(_tags[i]));
                removed++;
            }
        }

        return removed;
    }

    /// <summary>A copy whose element arrays and nested items are new; value bytes (immutable) are shared.</summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset(_count);
        for (var i = 0; i < _count; i++)
        {
            var items = _items[i];
            if (items is DicomSequence seq)
            {
                var newSeq = new DicomSequence(seq.Select(item => item.Clone()));
                newSeq.Attach(copy);
                items = newSeq;
            }

            copy.Append(_tags[i], _vrs[i], _values[i], items);
        }

        return copy;
    }

    /// <inheritdoc />
    public IEnumerator<DicomElement> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return new DicomElement(new DicomTag(_tags[i]), _vrs[i], _values[i], _items[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Sets an element from its parts, replacing any element with the same tag.</summary>
    internal void SetElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes, object? items)
    {
        if (items is DicomSequence seq)
        {
            seq.Attach(this);
        }

        var value = tag.Value;
        if (_count == 0 || value > _tags[_count - 1])
        {
            Append(value, vr, bytes, items);
        }
        else
        {
            var i = IndexOf(value);
            if (i >= 0)
            {
                _vrs[i] = vr;
                _values[i] = bytes;
                _items[i] = items;
            }
            else
            {
                Insert(~i, value, vr, bytes, items);
            }
        }

        if (value == 0x00080005)
        {
            _characterSet = null;
        }
    }

    /// <summary>The character set in force for this data set: its own (0008,0005), else its parent's (PS3.5 6.1.2.5).</summary>
    public DicomCharacterSet CharacterSet
    {
        get
        {
            if (_characterSet is not null)
            {
                return _characterSet;
            }

            var i = IndexOf(0x00080005);
            if (i >= 0)
            {
                _characterSet = DicomCharacterSet.FromTerms(ValueText.Split(_values[i].Span));
                return _characterSet;
            }

            return Parent?.CharacterSet ?? DicomCharacterSet.Default;
        }
    }

    private void Append(uint tag, DicomVR vr, ReadOnlyMemory<byte> bytes, object? items)
    {
        if (_count == _tags.Length)
        {
            Grow();
        }

        _tags[_count] = tag;
        _vrs[_count] = vr;
        _values[_count] = bytes;
        _items[_count] = items;
        _count++;
    }

    private void Insert(int at, uint tag, DicomVR vr, ReadOnlyMemory<byte> bytes, object? items)
    {
        if (_count == _tags.Length)
        {
            Grow();
        }

        var tail = _count - at;
        Array.Copy(_tags, at, _tags, at + 1, tail);
        Array.Copy(_vrs, at, _vrs, at + 1, tail);
        Array.Copy(_values, at, _values, at + 1, tail);
        Array.Copy(_items, at, _items, at + 1, tail);
        _tags[at] = tag;
        _vrs[at] = vr;
        _values[at] = bytes;
        _items[at] = items;
        _count++;
    }

    private void Grow()
    {
        var size = _tags.Length * 2;
        Array.Resize(ref _tags, size);
        Array.Resize(ref _vrs, size);
        Array.Resize(ref _values, size);
        Array.Resize(ref _items, size);
    }

    private int IndexOf(uint tag) => _tags.AsSpan(0, _count).BinarySearch(tag);
}
