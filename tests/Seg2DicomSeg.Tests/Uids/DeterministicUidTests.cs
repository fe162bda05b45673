using DicomSegNode.Seg2DicomSeg.Uids;

namespace DicomSegNode.Seg2DicomSeg.Tests.Uids;

public class DeterministicUidTests
{
    [Fact]
    public void Create_SameParts_SameUid()
    {
        Assert.Equal(DeterministicUid.Create("series", "1.2.3", "liver@1.0"), DeterministicUid.Create("series", "1.2.3", "liver@1.0"));
    }

    [Fact]
    public void Create_DifferentModelVersion_DifferentUid()
    {
        Assert.NotEqual(DeterministicUid.Create("series", "1.2.3", "liver@1.0"), DeterministicUid.Create("series", "1.2.3", "liver@1.1"));
    }

    [Fact]
    public void Create_SameConcatenationDifferentSplit_DifferentUid()
    {
        Assert.NotEqual(DeterministicUid.Create("ab", "c"), DeterministicUid.Create("a", "bc"));
    }

    [Fact]
    public void Create_Always_IsAValidUidUnder225()
    {
        for (int i = 0; i < 200; i++)
        {
            string uid = DeterministicUid.Create(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.StartsWith("2.25.", uid, StringComparison.Ordinal);
            Assert.InRange(uid.Length, 6, 64);
            string number = uid[5..];
            Assert.All(number, c => Assert.True(char.IsAsciiDigit(c)));
            Assert.False(number.Length > 1 && number[0] == '0', "a UID component must not have a leading zero");
            // Version 8 variant 10: the integer's bits 76..79 are 1000.
            var value = System.Numerics.BigInteger.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(8, (int)((value >> 76) & 0xF));
        }
    }
}
