using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Models;

/// <summary>
/// The Attention Residual U-Net of training/dicomsegnode_train/model.py, built on a compute backend with batch
/// norm folded into the convolutions. <see cref="Forward"/> maps [N, inChannels, D, H, W] (D = 1 for 2D models)
/// to logits [N, classes, D, H, W]; intermediates come from and go back to the backend's pool, so repeated
/// patches of one size allocate nothing after the first.
/// </summary>
public sealed class AttentionResUNet
{
    private readonly IComputeBackend _backend;
    private readonly ResidualBlock[] _encoders;
    private readonly DecoderLevel[] _decoders;
    private readonly IPreparedConvolution _head;
    private readonly MaxPoolParams _pool;

    private AttentionResUNet(IComputeBackend backend, ModelArchitecture architecture, Func<string, float[]> weights)
    {
        _backend = backend;
        Architecture = architecture;
        bool is3D = architecture.SpatialDims == 3;
        var builder = new Builder(backend, is3D, weights);
        _pool = MaxPoolParams.Halve(is3D);
        _encoders = new ResidualBlock[architecture.Levels];
        int previous = architecture.InChannels;
        for (int level = 0; level < architecture.Levels; level++)
        {
            _encoders[level] = new ResidualBlock(builder, $"encoders.{level}.", previous, architecture.Features(level));
            previous = architecture.Features(level);
        }

        _decoders = new DecoderLevel[architecture.Levels - 1];
        for (int j = 0; j < _decoders.Length; j++)
        {
            int level = architecture.Levels - 2 - j;
            _decoders[j] = new DecoderLevel(builder, $"decoders.{j}.", architecture.Features(level + 1), architecture.Features(level));
        }

        _head = builder.Conv("head", architecture.Features(0), architecture.Classes, 1, batchNorm: null, bias: true);
    }

    /// <summary>The architecture built.</summary>
    public ModelArchitecture Architecture { get; }

    /// <summary>Builds the network of <paramref name="package"/> on <paramref name="backend"/>.</summary>
    public static AttentionResUNet Create(ModelPackage package, IComputeBackend backend)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(backend);
        return new AttentionResUNet(backend, package.Manifest.Architecture, name => package.Tensors[name].Values!);
    }

    /// <summary>Throws, with the expected form, when <paramref name="x"/> is not a shape Forward accepts.</summary>
    public void ValidateInput(TensorShape x)
    {
        var a = Architecture;
        if (x.C != a.InChannels)
        {
            throw new ArgumentException($"the network takes {a.InChannels} input channel(s), the input {x} has {x.C}");
        }

        if ((a.SpatialDims == 2 && x.D != 1) || x.H % a.Divisor != 0 || x.W % a.Divisor != 0 || (a.SpatialDims == 3 && x.D % a.Divisor != 0))
        {
            throw new ArgumentException(a.SpatialDims == 2
                ? $"a 2D network takes [N, C, 1, H, W] with H and W multiples of {a.Divisor}; got {x}"
                : $"a 3D network takes [N, C, D, H, W] with D, H and W multiples of {a.Divisor}; got {x}");
        }
    }

    /// <summary>Logits for <paramref name="x"/>; the caller returns the result to the backend's pool when done.</summary>
    public Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        ValidateInput(x.Shape);
        var pool = _backend.Pool;
        var skips = new Tensor[_encoders.Length];
        Tensor current = x;
        for (int level = 0; level < _encoders.Length; level++)
        {
            Tensor input = current;
            if (level > 0)
            {
                input = pool.Rent(_pool.OutputShape(current.Shape));
                _backend.MaxPool(_pool, current, input);
            }

            skips[level] = _encoders[level].Forward(_backend, input);
            if (level > 0)
            {
                pool.Return(input);
            }

            current = skips[level];
        }

        for (int j = 0; j < _decoders.Length; j++)
        {
            int level = _encoders.Length - 2 - j;
            var next = _decoders[j].Forward(_backend, current, skips[level]);
            pool.Return(current);
            pool.Return(skips[level]);
            current = next;
        }

        var logits = pool.Rent(current.Shape.WithChannels(Architecture.Classes));
        _backend.Convolution(_head, current, logits);
        pool.Return(current);
        return logits;
    }

    private sealed class Builder(IComputeBackend backend, bool is3D, Func<string, float[]> weights)
    {
        public IComputeBackend Backend => backend;

        public bool Is3D => is3D;

        public float[] Tensor(string name) => weights(name);

        public IPreparedConvolution Conv(string name, int cin, int cout, int k, string? batchNorm, bool bias)
        {
            var kernel = is3D ? Int3.All(k) : Int3.Plane(k);
            int pad = k / 2;
            var padding = is3D ? Int3.All(pad) : new Int3(0, pad, pad);
            var p = ConvolutionParams.Same(cin, cout, kernel, padding);
            float[] w = weights(name + ".weight");
            float[] b = bias ? weights(name + ".bias") : [];
            if (batchNorm is not null)
            {
                (w, b) = BatchNormFolding.Fold(w, b, weights(batchNorm + ".weight"), weights(batchNorm + ".bias"),
                    weights(batchNorm + ".running_mean"), weights(batchNorm + ".running_var"));
            }

            return backend.PrepareConvolution(p, w, b);
        }
    }

    private sealed class ResidualBlock
    {
        private readonly IPreparedConvolution _conv1;
        private readonly IPreparedConvolution _conv2;
        private readonly IPreparedConvolution? _shortcut;
        private readonly int _out;

        public ResidualBlock(Builder b, string prefix, int cin, int cout)
        {
            _out = cout;
            _conv1 = b.Conv(prefix + "conv1", cin, cout, 3, prefix + "bn1", bias: false);
            _conv2 = b.Conv(prefix + "conv2", cout, cout, 3, prefix + "bn2", bias: false);
            _shortcut = cin != cout ? b.Conv(prefix + "shortcut_conv", cin, cout, 1, prefix + "shortcut_bn", bias: false) : null;
        }

        // x: [N, cin, D, H, W] -> relu(bn2(conv2(relu(bn1(conv1 x)))) + shortcut(x)): [N, cout, D, H, W]
        public Tensor Forward(IComputeBackend backend, Tensor x)
        {
            var pool = backend.Pool;
            var shape = x.Shape.WithChannels(_out);
            var h = pool.Rent(shape);
            backend.Convolution(_conv1, x, h, null, Activation.Relu);
            Tensor shortcut = x;
            if (_shortcut is not null)
            {
                shortcut = pool.Rent(shape);
                backend.Convolution(_shortcut, x, shortcut);
            }

            var y = pool.Rent(shape);
            backend.Convolution(_conv2, h, y, shortcut, Activation.Relu);
            pool.Return(h);
            if (_shortcut is not null)
            {
                pool.Return(shortcut);
            }

            return y;
        }
    }

    private sealed class DecoderLevel
    {
        private readonly IPreparedTransposedConvolution _up;
        private readonly IPreparedConvolution _wg;
        private readonly IPreparedConvolution _wx;
        private readonly IPreparedConvolution _psi;
        private readonly ResidualBlock _block;
        private readonly int _features;
        private readonly int _inter;

        public DecoderLevel(Builder b, string prefix, int cin, int features)
        {
            _features = features;
            _inter = AttentionResUNetLayout.GateChannels(features);
            var kernel = b.Is3D ? Int3.All(2) : Int3.Plane(2);
            var p = new TransposedConvolutionParams(cin, features, kernel, kernel, Int3.All(0), Int3.All(1), Int3.All(0));
            _up = b.Backend.PrepareTransposedConvolution(p, b.Tensor(prefix + "up.weight"), b.Tensor(prefix + "up.bias"));
            _wg = b.Conv(prefix + "gate.wg_conv", features, _inter, 1, prefix + "gate.wg_bn", bias: true);
            _wx = b.Conv(prefix + "gate.wx_conv", features, _inter, 1, prefix + "gate.wx_bn", bias: true);
            _psi = b.Conv(prefix + "gate.psi_conv", _inter, 1, 1, prefix + "gate.psi_bn", bias: true);
            _block = new ResidualBlock(b, prefix + "block.", 2 * features, features);
        }

        // x: [N, cin, d, h, w], skip: [N, F, 2d, 2h, 2w] -> [N, F, 2d, 2h, 2w]
        public Tensor Forward(IComputeBackend backend, Tensor x, Tensor skip)
        {
            var pool = backend.Pool;
            var shape = skip.Shape;
            var up = pool.Rent(shape);
            backend.TransposedConvolution(_up, x, up);

            // Attention gate: alpha = sigmoid(psi(relu(Wg up + Wx skip))), gated = skip * alpha.
            var g = pool.Rent(shape.WithChannels(_inter));
            backend.Convolution(_wg, up, g);
            var a = pool.Rent(shape.WithChannels(_inter));
            backend.Convolution(_wx, skip, a, g, Activation.Relu);
            pool.Return(g);
            var alpha = pool.Rent(shape.WithChannels(1));
            backend.Convolution(_psi, a, alpha, null, Activation.Sigmoid);
            pool.Return(a);

            // cat([gated, up]) along channels, as the PyTorch module concatenates.
            var cat = pool.Rent(shape.WithChannels(2 * _features));
            var gated = pool.Rent(shape);
            backend.Multiply(skip, alpha, gated);
            pool.Return(alpha);
            backend.Concat([gated, up], cat);
            pool.Return(gated);
            pool.Return(up);
            var y = _block.Forward(backend, cat);
            pool.Return(cat);
            return y;
        }
    }
}
