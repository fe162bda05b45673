namespace DicomSegNode.Node.Series;

/// <summary>The Image Pixel module attributes that decide how stored values are read (PS3.3 C.7.6.3).</summary>
internal readonly record struct PixelFormat(int BitsAllocated, int BitsStored, int HighBit, bool Signed)
{
    public int BytesPerPixel => BitsAllocated / 8;
}
