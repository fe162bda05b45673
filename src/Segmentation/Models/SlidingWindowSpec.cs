namespace DicomSegNode.Segmentation.Models;

/// <summary>model.json "inference": sliding-window settings.</summary>
/// <param name="PatchSize">(D, H, W) for 3D, (H, W) for 2D; multiples of 2^(levels-1).</param>
/// <param name="Overlap">Fraction of a patch shared with its neighbour, in [0, 1).</param>
/// <param name="Blending">How overlaps are combined.</param>
/// <param name="GaussianSigmaScale">Gaussian sigma as a fraction of the patch extent (nnU-Net: 1/8).</param>
public sealed record SlidingWindowSpec(IReadOnlyList<int> PatchSize, double Overlap, BlendingMode Blending, double GaussianSigmaScale);
