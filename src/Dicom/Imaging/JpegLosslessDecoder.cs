using DicomSegNode.Dicom.Data;

namespace DicomSegNode.Dicom.Imaging;

/// <summary>
/// JPEG Lossless, Non-Hierarchical, Process 14 (ITU-T T.81 Annex H; PS3.5 A.4.1): Huffman-coded differences from
/// one of seven predictors, with point transform and restart intervals. Components must have sampling factors 1x1,
/// which is what DICOM lossless encoders write.
/// </summary>
public static class JpegLosslessDecoder
{
    /// <summary>Decodes one JPEG Lossless image to samples (pixel-interleaved), returning precision and size.</summary>
    public static JpegLosslessImage Decode(ReadOnlySpan<byte> data)
    {
        var state = new DecoderState(data.Length);
        var pos = 0;
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            throw new DicomDecodeException("JPEG stream does not start with SOI (T.81 B.2.1).");
        }

        pos = 2;
        while (pos < data.Length)
        {
            var marker = NextMarker(data, ref pos);
            switch (marker)
            {
                case 0xD9: // EOI
                    return state.Finish();
                case 0xC3:
                    state.ReadFrame(Segment(data, ref pos));
                    break;
                case 0xC0 or 0xC1 or 0xC2 or 0xC5 or 0xC6 or 0xC7 or 0xC9 or 0xCA or 0xCB or 0xCD or 0xCE or 0xCF or 0xF7:
                    throw new DicomDecodeException($"JPEG SOF marker FF{marker:X2} is not Process 14 lossless (T.81 Table B.1).");
                case 0xC4:
                    state.ReadHuffmanTables(Segment(data, ref pos));
                    break;
                case 0xDD:
                    {
                        var seg = Segment(data, ref pos);
                        if (seg.Length < 2)
                        {
                            throw new DicomDecodeException("JPEG DRI segment too short.");
                        }

                        state.RestartInterval = (seg[0] << 8) | seg[1];
                        break;
                    }

                case 0xDA:
                    {
                        var seg = Segment(data, ref pos);
                        pos = state.DecodeScan(seg, data, pos);
                        break;
                    }

                default:
                    Segment(data, ref pos); // APPn, COM, DNL and others carry nothing we need
                    break;
            }
        }

        return state.Finish();
    }

    private static int NextMarker(ReadOnlySpan<byte> data, ref int pos)
    {
        while (pos < data.Length && data[pos] != 0xFF)
        {
            pos++;
        }

        while (pos < data.Length && data[pos] == 0xFF)
        {
            pos++;
        }

        if (pos >= data.Length)
        {
            return 0xD9;
        }

        return data[pos++];
    }

    private static ReadOnlySpan<byte> Segment(ReadOnlySpan<byte> data, ref int pos)
    {
        if (pos + 2 > data.Length)
        {
            throw new DicomDecodeException("JPEG marker segment truncated.");
        }

        var length = (data[pos] << 8) | data[pos + 1];
        if (length < 2 || pos + length > data.Length)
        {
            throw new DicomDecodeException($"JPEG marker segment length {length} runs past the end of the data.");
        }

        var seg = data.Slice(pos + 2, length - 2);
        pos += length;
        return seg;
    }

    private sealed class HuffmanTable
    {
        public readonly int[] MaxCode = new int[18];
        public readonly int[] ValPtr = new int[17];
        public readonly byte[] Values;
        public readonly short[] Lookup = new short[256]; // (length << 8) | value for codes of up to 8 bits, else -1
        public readonly int[] MinCode = new int[17];

        public HuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
        {
            Values = values.ToArray();
            Array.Fill(Lookup, (short)-1);
            int code = 0, k = 0;
            for (var len = 1; len <= 16; len++)
            {
                ValPtr[len] = k;
                MinCode[len] = code;
                for (var i = 0; i < counts[len - 1]; i++)
                {
                    if (len <= 8)
                    {
                        var shift = 8 - len;
                        for (var fill = 0; fill < (1 << shift); fill++)
                        {
                            Lookup[(code << shift) | fill] = (short)((len << 8) | Values[k]);
                        }
                    }

                    code++;
                    k++;
                }

                MaxCode[len] = counts[len - 1] == 0 ? -1 : code - 1;
                code <<= 1;
            }

            MaxCode[17] = int.MaxValue;
        }
    }

    private sealed class DecoderState
    {
        private readonly HuffmanTable?[] _tables = new HuffmanTable?[4];
        private int _precision;
        private int _rows;
        private int _columns;
        private int[] _componentIds = [];
        private int[]? _samples;
        private bool _sawScan;
        private int _pointTransform;

        private readonly int _inputLength;

        public DecoderState(int inputLength) => _inputLength = inputLength;

        public int RestartInterval { get; set; }

        public void ReadFrame(ReadOnlySpan<byte> seg)
        {
            if (seg.Length < 6)
            {
                throw new DicomDecodeException("JPEG SOF3 segment too short.");
            }

            _precision = seg[0];
            _rows = (seg[1] << 8) | seg[2];
            _columns = (seg[3] << 8) | seg[4];
            var n = seg[5];
            if (_precision is < 2 or > 16 || _rows == 0 || _columns == 0 || n is 0 or > 4 || seg.Length < 6 + (3 * n))
            {
                throw new DicomDecodeException($"JPEG SOF3 has precision {_precision}, {_rows}x{_columns}, {n} components: not decodable (T.81 B.2.2).");
            }

            // Every sample costs at least one bit of Huffman code: a stream too short for the frame is rejected before allocating.
            if ((long)_rows * _columns * n > 1L << 28 || (long)_rows * _columns * n > (long)_inputLength * 8)
            {
                throw new DicomDecodeException($"JPEG image {_rows}x{_columns}x{n} exceeds the decoder's limit of 2^28 samples.");
            }

            _componentIds = new int[n];
            for (var i = 0; i < n; i++)
            {
                _componentIds[i] = seg[6 + (3 * i)];
                if (seg[7 + (3 * i)] != 0x11)
                {
                    throw new DicomDecodeException("JPEG Lossless with subsampled components is not supported (sampling factors must be 1x1).");
                }
            }

            _samples = new int[_rows * _columns * n];
            _sawScan = false;
        }

        public void ReadHuffmanTables(ReadOnlySpan<byte> seg)
        {
            var p = 0;
            while (p < seg.Length)
            {
                if (p + 17 > seg.Length)
                {
                    throw new DicomDecodeException("JPEG DHT segment truncated.");
                }

                var tc = seg[p] >> 4;
                var th = seg[p] & 0x0F;
                var counts = seg.Slice(p + 1, 16);
                var total = 0;
                foreach (var c in counts)
                {
                    total += c;
                }

                if (th > 3 || tc != 0 || total > 256 || p + 17 + total > seg.Length)
                {
                    throw new DicomDecodeException("JPEG DHT table is invalid for lossless (T.81 B.2.4.2).");
                }

                _tables[th] = new HuffmanTable(counts, seg.Slice(p + 17, total));
                p += 17 + total;
            }
        }

        public int DecodeScan(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data, int pos)
        {
            if (_samples is null)
            {
                throw new DicomDecodeException("JPEG SOS before SOF3.");
            }

            var ns = header.Length > 0 ? header[0] : 0;
            if (ns == 0 || header.Length < 1 + (2 * ns) + 3)
            {
                throw new DicomDecodeException("JPEG SOS segment invalid.");
            }

            var comps = new int[ns];
            var tables = new HuffmanTable[ns];
            for (var i = 0; i < ns; i++)
            {
                var id = header[1 + (2 * i)];
                comps[i] = Array.IndexOf(_componentIds, id);
                var td = header[2 + (2 * i)] >> 4;
                if (comps[i] < 0 || td > 3 || _tables[td] is null)
                {
                    throw new DicomDecodeException($"JPEG scan names component {id} or Huffman table {td} that is not defined.");
                }

                tables[i] = _tables[td]!;
            }

            var predictor = header[1 + (2 * ns)];
            var pt = header[3 + (2 * ns)] & 0x0F;
            if (predictor is < 1 or > 7)
            {
                throw new DicomDecodeException($"JPEG Lossless selection value {predictor} is not 1-7 (T.81 Table H.1).");
            }

            _sawScan = true;
            var reader = new BitReader(data, pos);
            var n = _componentIds.Length;
            var samples = _samples;
            var cols = _columns;
            var initial = 1 << (_precision - pt - 1);
            var restart = RestartInterval;
            if (restart > 0 && restart % cols != 0)
            {
                // T.81 H.1.1: in lossless mode a restart interval is a whole number of MCU rows.
                throw new DicomDecodeException($"JPEG restart interval {restart} is not a multiple of the {cols} MCUs of a row.");
            }

            for (var y = 0; y < _rows; y++)
            {
                // T.81 H.1.2.1: the first line of the scan and of each restart interval predicts from the left only,
                // starting from 2^(P-Pt-1); later lines start from the sample above.
                var newInterval = y == 0 || (restart > 0 && (y * cols) % restart == 0);
                if (y > 0 && newInterval)
                {
                    reader.Restart();
                }

                var row = y * cols * n;
                for (var x = 0; x < cols; x++)
                {
                    for (var c = 0; c < ns; c++)
                    {
                        var diff = Decode(ref reader, tables[c]);
                        var idx = row + (x * n) + comps[c];
                        int prediction;
                        if (newInterval)
                        {
                            prediction = x == 0 ? initial : samples[idx - n];
                        }
                        else if (x == 0)
                        {
                            prediction = samples[idx - (cols * n)];
                        }
                        else
                        {
                            var ra = samples[idx - n];
                            var rb = samples[idx - (cols * n)];
                            var rc = samples[idx - (cols * n) - n];
                            prediction = predictor switch
                            {
                                1 => ra,
                                2 => rb,
                                3 => rc,
                                4 => ra + rb - rc,
                                5 => ra + ((rb - rc) >> 1),
                                6 => rb + ((ra - rc) >> 1),
                                _ => (ra + rb) >> 1,
                            };
                        }

                        // T.81 H.1.2.1: prediction plus difference modulo 2^16.
                        samples[idx] = (prediction + diff) & 0xFFFF;
                    }
                }
            }

            _pointTransform = pt;
            return reader.Position;
        }

        public JpegLosslessImage Finish()
        {
            if (_samples is null || !_sawScan)
            {
                throw new DicomDecodeException("JPEG stream ended without a lossless frame and scan.");
            }

            if (_pointTransform > 0)
            {
                for (var i = 0; i < _samples.Length; i++)
                {
                    _samples[i] = (_samples[i] << _pointTransform) & 0xFFFF;
                }
            }

            return new JpegLosslessImage(_rows, _columns, _componentIds.Length, _precision, _samples);
        }

        private static int Decode(ref BitReader reader, HuffmanTable table)
        {
            int ssss;
            var peek = reader.Peek8();
            var hit = table.Lookup[peek];
            if (hit >= 0)
            {
                reader.Skip(hit >> 8);
                ssss = hit & 0xFF;
            }
            else
            {
                var code = reader.ReadBits(8);
                var len = 8;
                while (true)
                {
                    code = (code << 1) | reader.ReadBits(1);
                    len++;
                    if (len > 16)
                    {
                        throw new DicomDecodeException("JPEG Huffman code longer than 16 bits (corrupt data).");
                    }

                    if (table.MaxCode[len] >= 0 && code <= table.MaxCode[len])
                    {
                        ssss = table.Values[table.ValPtr[len] + code - table.MinCode[len]];
                        break;
                    }
                }
            }

            if (ssss == 0)
            {
                return 0;
            }

            if (ssss == 16)
            {
                return 32768; // T.81 H.1.2.2: no additional bits
            }

            if (ssss > 16)
            {
                throw new DicomDecodeException($"JPEG difference category {ssss} is invalid.");
            }

            var bits = reader.ReadBits(ssss);
            return bits < (1 << (ssss - 1)) ? bits - (1 << ssss) + 1 : bits;
        }
    }
}
