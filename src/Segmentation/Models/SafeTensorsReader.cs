using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace DicomSegNode.Segmentation.Models;

/// <summary>
/// Reads the safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian header
/// length, a UTF-8 JSON header mapping each tensor name to dtype, shape and [begin, end) data offsets, then the
/// data. Everything is checked before it is trusted, as the reference implementation does: the header length
/// against the file, each dtype, each shape against its byte range, and the ranges must tile the data exactly
/// (no gaps, overlaps or trailing bytes). F32 tensors are decoded; I64 tensors (batch-norm counters) are
/// recorded without values; other dtypes are refused.
/// </summary>
public static class SafeTensorsReader
{
    /// <summary>The largest header accepted (the reference reader's limit is 100 MB).</summary>
    public const int MaxHeaderBytes = 100_000_000;

    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    public static IReadOnlyDictionary<string, SafeTensor> Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new ModelFormatException($"{path}: cannot read the weights file: {e.Message}", e);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses a safetensors image held in memory; <paramref name="source"/> names it in messages.</summary>
    public static IReadOnlyDictionary<string, SafeTensor> Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 8)
        {
            throw new ModelFormatException($"{source}: {bytes.Length} bytes is too short for a safetensors header length");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(bytes.Length - 8))
        {
            throw new ModelFormatException($"{source}: header length {headerLength} exceeds the file ({bytes.Length} bytes) or the {MaxHeaderBytes}-byte limit; the file is truncated or not safetensors");
        }

        var header = bytes.Slice(8, (int)headerLength);
        var data = bytes[(8 + (int)headerLength)..];
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header.ToArray());
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{source}: the safetensors header is not valid JSON: {e.Message}", e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelFormatException($"{source}: the safetensors header must be a JSON object");
            }

            var entries = new List<(string Name, string DType, int[] Shape, long Begin, long End)>();
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    continue;
                }

                entries.Add(ParseEntry(property, data.Length, source));
            }

            // The byte ranges must tile the data area exactly.
            var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
            long expected = 0;
            foreach (var e in ordered)
            {
                if (e.Begin != expected)
                {
                    throw new ModelFormatException($"{source}: tensor '{e.Name}' starts at byte {e.Begin} of the data but {expected} was expected (gap or overlap)");
                }

                expected = e.End;
            }

            if (expected != data.Length)
            {
                throw new ModelFormatException($"{source}: the tensors cover {expected} bytes but the data area holds {data.Length}");
            }

            var result = new Dictionary<string, SafeTensor>(StringComparer.Ordinal);
            foreach (var e in entries)
            {
                float[]? values = null;
                if (e.DType == "F32")
                {
                    values = new float[(e.End - e.Begin) / 4];
                    var raw = data.Slice((int)e.Begin, (int)(e.End - e.Begin));
                    if (BitConverter.IsLittleEndian)
                    {
                        MemoryMarshal.Cast<byte, float>(raw).CopyTo(values);
                    }
                    else
                    {
                        for (int i = 0; i < values.Length; i++)
                        {
                            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]);
                        }
                    }
                }

                result[e.Name] = new SafeTensor(e.Name, e.DType, e.Shape, values);
            }

            return result;
        }
    }

    private static (string, string, int[], long, long) ParseEntry(JsonProperty property, int dataLength, string source)
    {
        string name = property.Name;
        var v = property.Value;
        if (v.ValueKind != JsonValueKind.Object
            || !v.TryGetProperty("dtype", out var dtypeEl) || dtypeEl.ValueKind != JsonValueKind.String
            || !v.TryGetProperty("shape", out var shapeEl) || shapeEl.ValueKind != JsonValueKind.Array
            || !v.TryGetProperty("data_offsets", out var offEl) || offEl.ValueKind != JsonValueKind.Array || offEl.GetArrayLength() != 2)
        {
            throw new ModelFormatException($"{source}: tensor '{name}' needs \"dtype\" (string), \"shape\" (array) and \"data_offsets\" ([begin, end])");
        }

        string dtype = dtypeEl.GetString()!;
        int elementSize = dtype switch
        {
            "F32" => 4,
            "I64" => 8,
            _ => throw new ModelFormatException($"{source}: tensor '{name}' has dtype {dtype}; model packages hold float32 weights (F32), and I64 only for batch-norm counters"),
        };

        var shape = new int[shapeEl.GetArrayLength()];
        long count = 1;
        int i = 0;
        foreach (var dim in shapeEl.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt32(out int d) || d < 0)
            {
                throw new ModelFormatException($"{source}: tensor '{name}' has a shape entry that is not a non-negative integer");
            }

            shape[i++] = d;
            count *= d;
            if (count > int.MaxValue)
            {
                throw new ModelFormatException($"{source}: tensor '{name}' is too large");
            }
        }

        var offsets = offEl.EnumerateArray().ToArray();
        if (!offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < begin || end > dataLength)
        {
            throw new ModelFormatException($"{source}: tensor '{name}' has data offsets outside the {dataLength}-byte data area");
        }

        if (end - begin != count * elementSize)
        {
            throw new ModelFormatException($"{source}: tensor '{name}' of shape [{string.Join(", ", shape)}] {dtype} needs {count * elementSize} bytes but its offsets span {end - begin}");
        }

        return (name, dtype, shape, begin, end);
    }
}
