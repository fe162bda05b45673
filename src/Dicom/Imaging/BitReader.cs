using DicomSegNode.Dicom.Data;

namespace DicomSegNode.Dicom.Imaging;

/// <summary>Reads the entropy-coded segment of a JPEG scan: MSB-first bits, 0xFF00 stuffing removed, stops at markers (T.81 F.1.2.3).</summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;
    private ulong _buffer;
    private int _bits;
    private bool _atMarker;

    public BitReader(ReadOnlySpan<byte> data, int pos)
    {
        _data = data;
        _pos = pos;
    }

    /// <summary>Position after the bytes consumed (at the next marker once the scan is done).</summary>
    public readonly int Position => _pos;

    public int Peek8()
    {
        Fill(8);
        return (int)(_buffer >> (_bits - 8)) & 0xFF;
    }

    public void Skip(int n)
    {
        _bits -= n;
    }

    public int ReadBits(int n)
    {
        if (n == 0)
        {
            return 0;
        }

        Fill(n);
        _bits -= n;
        return (int)(_buffer >> _bits) & ((1 << n) - 1);
    }

    /// <summary>Discards the bits left in the current byte and expects an RSTn marker (T.81 F.2.2.5).</summary>
    public void Restart()
    {
        _bits = 0;
        _buffer = 0;
        _atMarker = false;
        while (_pos + 1 < _data.Length && !(_data[_pos] == 0xFF && _data[_pos + 1] is >= 0xD0 and <= 0xD7))
        {
            _pos++;
        }

        if (_pos + 1 >= _data.Length)
        {
            throw new DicomDecodeException("JPEG restart marker missing (corrupt or truncated data).");
        }

        _pos += 2;
    }

    private void Fill(int n)
    {
        while (_bits < n)
        {
            byte b = 0;
            if (!_atMarker && _pos < _data.Length)
            {
                b = _data[_pos];
                if (b == 0xFF)
                {
                    var next = _pos + 1 < _data.Length ? _data[_pos + 1] : (byte)0xD9;
                    if (next == 0x00)
                    {
                        _pos += 2;
                    }
                    else
                    {
                        _atMarker = true; // a marker ends the entropy-coded data; feed zeros (T.81 F.2.2.5)
                        b = 0;
                    }
                }
                else
                {
                    _pos++;
                }
            }
            else if (!_atMarker)
            {
                throw new DicomDecodeException("JPEG entropy-coded data truncated.");
            }

            _buffer = (_buffer << 8) | b;
            _bits += 8;
            if (_bits > 56)
            {
                break;
            }
        }
    }
}
