using System.Runtime.InteropServices;
using DicomSegNode.Dicom.Imaging;

namespace DicomSegNode.Dicom.Tests.Imaging;

public sealed class SampleConverterTests
{
    [Theory]
    [InlineData(16, 11, false)]
    [InlineData(12, 11, true)]
    [InlineData(12, 11, false)]
    [InlineData(12, 15, true)]
    [InlineData(16, 15, true)]
    [InlineData(16, 15, false)]
    [InlineData(10, 12, true)]
    [InlineData(1, 0, false)]
    public void Convert_16Bit_VectorPathEqualsScalarReference(int bitsStored, int highBit, bool signed)
    {
        if (highBit + 1 < bitsStored)
        {
            highBit = bitsStored - 1;
        }

        var random = new Random(bitsStored * 100 + highBit);
        var raw = new ushort[1037]; // not a multiple of the vector width: the scalar tail runs too
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] = (ushort)random.Next(65536);
        }

        var actual = new int[raw.Length];
        SampleConverter.Convert(MemoryMarshal.AsBytes(raw.AsSpan()), actual, 16, bitsStored, highBit, signed);

        var left = 32 - bitsStored - (highBit + 1 - bitsStored);
        var right = 32 - bitsStored;
        for (var i = 0; i < raw.Length; i++)
        {
            var field = (raw[i] >> (highBit + 1 - bitsStored)) & ((1 << bitsStored) - 1);
            var expected = signed && field >= 1 << (bitsStored - 1) ? field - (1 << bitsStored) : field;
            Assert.Equal(expected, actual[i]);
            Assert.Equal(SampleConverter.Scalar(raw[i], left, right, signed), actual[i]);
        }
    }
}
