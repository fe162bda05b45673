using DicomSegNode.Segmentation.Backends.Cuda;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>The numbers that go into cuDNN's descriptors, checked without a GPU.</summary>
public sealed class CudnnConvolutionGeometryTests
{
    [Fact]
    public void Forward_3DConvolution_Uses5DDescriptors()
    {
        var p = ConvolutionParams.Same(4, 8, Int3.All(3), Int3.All(1));

        var g = CudnnConvolutionGeometry.Forward(p, new TensorShape(2, 4, 16, 12, 10));

        Assert.Equal(5, g.Rank);
        Assert.Equal([2, 4, 16, 12, 10], g.InputDims);
        Assert.Equal([8, 4, 3, 3, 3], g.FilterDims);
        Assert.Equal([2, 8, 16, 12, 10], g.OutputDims);
        Assert.Equal([1, 1, 1], g.Pads);
        Assert.Equal([1, 1, 1], g.Strides);
        Assert.Equal([1, 1, 1], g.Dilations);
    }

    [Fact]
    public void Forward_2DConvolutionOnDepthOne_Uses4DDescriptors()
    {
        var p = new ConvolutionParams(3, 5, Int3.Plane(3), new Int3(1, 2, 1), new Int3(0, 1, 2), new Int3(1, 1, 2));

        var g = CudnnConvolutionGeometry.Forward(p, new TensorShape(1, 3, 1, 9, 11));

        Assert.Equal(4, g.Rank);
        Assert.Equal([1, 3, 9, 11], g.InputDims);
        Assert.Equal([5, 3, 3, 3], g.FilterDims);
        Assert.Equal([1, 5, 5, 11], g.OutputDims);
        Assert.Equal([1, 2], g.Pads);
        Assert.Equal([2, 1], g.Strides);
        Assert.Equal([1, 2], g.Dilations);
    }

    [Fact]
    public void Forward_PlaneKernelOnAVolume_Stays5D()
    {
        var p = ConvolutionParams.Same(2, 2, Int3.Plane(3), new Int3(0, 1, 1));

        var g = CudnnConvolutionGeometry.Forward(p, new TensorShape(1, 2, 6, 8, 8));

        Assert.Equal(5, g.Rank);
        Assert.Equal([2, 2, 1, 3, 3], g.FilterDims);
        Assert.Equal([0, 1, 1], g.Pads);
    }

    [Fact]
    public void TransposedAsBackwardData_UNetUpsampling_MapsOutputToDxAndInputToDy()
    {
        var k = Int3.All(2);
        var p = new TransposedConvolutionParams(32, 16, k, k, Int3.All(0), Int3.All(1), Int3.All(0));

        var g = CudnnConvolutionGeometry.TransposedAsBackwardData(p, new TensorShape(1, 32, 8, 8, 8), out string? unsupported);

        Assert.Null(unsupported);
        Assert.NotNull(g);
        Assert.Equal(5, g.Rank);
        Assert.Equal([1, 16, 16, 16, 16], g.InputDims);
        Assert.Equal([32, 16, 2, 2, 2], g.FilterDims);
        Assert.Equal([1, 32, 8, 8, 8], g.OutputDims);
        Assert.Equal([0, 0, 0], g.Pads);
        Assert.Equal([2, 2, 2], g.Strides);
    }

    [Fact]
    public void TransposedAsBackwardData_2DUpsampling_Uses4D()
    {
        var k = Int3.Plane(2);
        var p = new TransposedConvolutionParams(8, 4, k, k, Int3.All(0), Int3.All(1), Int3.All(0));

        var g = CudnnConvolutionGeometry.TransposedAsBackwardData(p, new TensorShape(2, 8, 1, 5, 7), out _);

        Assert.NotNull(g);
        Assert.Equal(4, g.Rank);
        Assert.Equal([2, 4, 10, 14], g.InputDims);
        Assert.Equal([8, 4, 2, 2], g.FilterDims);
        Assert.Equal([2, 8, 5, 7], g.OutputDims);
    }

    [Fact]
    public void TransposedAsBackwardData_OutputPaddingNotBelowStride_IsUnsupportedWithReason()
    {
        // Allowed by PyTorch because the dilation (3) exceeds the output padding (2), but the adjoint convolution
        // of the 2-longer output is 2 longer than the input, which cuDNN's backward-data cannot express.
        var p = new TransposedConvolutionParams(2, 2, Int3.Plane(3), Int3.All(1), Int3.All(0), new Int3(1, 3, 3), new Int3(0, 2, 2));

        var g = CudnnConvolutionGeometry.TransposedAsBackwardData(p, new TensorShape(1, 2, 1, 5, 5), out string? unsupported);

        Assert.Null(g);
        Assert.Equal("output padding (0, 2, 2) with stride (1, 1, 1): the adjoint convolution of [1, 2, 1, 13, 13] gives [1, 2, 1, 7, 7], not [1, 2, 1, 5, 5]", unsupported);
    }

    [Fact]
    public void TransposedAsBackwardData_RandomParameters_AdjointOfDxIsDyExactlyWhenSupported()
    {
        var random = new Random(6);
        int supported = 0;
        for (int trial = 0; trial < 500; trial++)
        {
            int R(int lo, int hi) => random.Next(lo, hi + 1);
            var kernel = new Int3(R(1, 3), R(1, 4), R(1, 4));
            var stride = new Int3(R(1, 3), R(1, 3), R(1, 3));
            var dilation = new Int3(R(1, 2), R(1, 3), R(1, 2));
            var padding = new Int3(R(0, 1), R(0, 2), R(0, 1));
            var outPad = new Int3(R(0, Math.Max(stride.D, dilation.D) - 1), R(0, Math.Max(stride.H, dilation.H) - 1), R(0, Math.Max(stride.W, dilation.W) - 1));
            var p = new TransposedConvolutionParams(R(1, 4), R(1, 4), kernel, stride, padding, dilation, outPad);
            var x = new TensorShape(R(1, 2), p.InChannels, R(2, 6), R(2, 6), R(2, 6));
            TensorShape y;
            try
            {
                y = p.OutputShape(x);
            }
            catch (ArgumentException)
            {
                continue; // padding larger than the output: not a valid problem at all
            }

            var g = CudnnConvolutionGeometry.TransposedAsBackwardData(p, x, out string? why);
            bool expressible = outPad.D < stride.D && outPad.H < stride.H && outPad.W < stride.W;
            Assert.True(expressible == (g is not null), $"{p} on {x}: {why}");
            if (g is null)
            {
                continue;
            }

            supported++;
            Assert.Equal(CudnnConvolutionGeometry.TensorDims(y, g.Rank), g.InputDims);
            Assert.Equal(CudnnConvolutionGeometry.TensorDims(x, g.Rank), g.OutputDims);
            var forward = new ConvolutionParams(p.OutChannels, p.InChannels, kernel, stride, padding, dilation);
            Assert.Equal(x, forward.OutputShape(y));
        }

        Assert.True(supported > 100, $"only {supported} supported cases were drawn");
    }

    [Fact]
    public void PackedStrides_NcdhwDims_LastAxisFastest()
    {
        Assert.Equal([360, 120, 30, 6, 1], CudnnConvolutionGeometry.PackedStrides([2, 3, 4, 5, 6]));
        Assert.Equal([60, 20, 5, 1], CudnnConvolutionGeometry.PackedStrides([1, 3, 4, 5]));
    }

    [Fact]
    public void TensorDims_4DOfAVolume_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => CudnnConvolutionGeometry.TensorDims(new TensorShape(1, 1, 2, 3, 4), 4));
        Assert.Equal("a 4D descriptor needs depth 1, got [1, 1, 2, 3, 4]", ex.Message);
    }
}
