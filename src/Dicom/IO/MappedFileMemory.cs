using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace DicomSegNode.Dicom.IO;

/// <summary>
/// A read-only memory-mapped file exposed as <see cref="Memory{T}"/>, so a large file's values (pixel data) are slices
/// of the mapping, paged in by the OS when read and never copied onto the managed heap. Released only by an explicit
/// dispose (<see cref="DicomFileMapping"/>): a finalizer could unmap memory a live span still points into (CA2015).
/// </summary>
internal sealed unsafe class MappedFileMemory : MemoryManager<byte>
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly int _length;
    private byte* _pointer;

    public MappedFileMemory(string path, long length)
    {
        if (length is <= 0 or > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }

        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.Read);
        _view = _file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        _length = (int)length;
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _pointer = p + _view.PointerOffset;
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
        // The mapping does not move.
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _pointer != null)
        {
            _pointer = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
        }
    }
}
