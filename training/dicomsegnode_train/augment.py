"""Batch augmentation on the training device: flips, rotations, scaling, elastic deformation, intensity.

Spatial transforms are one resampling per batch (affine + smooth random displacement through
grid_sample: bilinear for images, nearest for labels), so they cost little next to the network.
Works for 2-D [N, C, H, W] and 3-D [N, C, D, H, W] batches.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence, Tuple

import torch
import torch.nn.functional as F


@dataclass
class AugmentConfig:
    flip_axes: Tuple[int, ...] = ()       # spatial axes (0 = first spatial axis) flipped with p = 0.5
    p_rotate: float = 0.3
    max_rotate_deg: float = 15.0
    p_scale: float = 0.3
    scale_range: Tuple[float, float] = (0.85, 1.15)
    p_elastic: float = 0.2
    elastic_magnitude: float = 0.03       # displacement, as a fraction of the patch (grid units are [-1, 1])
    p_intensity: float = 0.5
    contrast_range: Tuple[float, float] = (0.8, 1.2)
    brightness: float = 0.12              # additive, in normalised units (0.12 = 30 HU for a 500 HU window)
    p_noise: float = 0.2
    noise_std: float = 0.05


def _rotation(n: int, dims: int, angles: torch.Tensor, scales: torch.Tensor) -> torch.Tensor:
    """Affine matrices [n, dims, dims + 1]; in 3-D the rotation is in the axial (y, x) plane."""
    c, s = torch.cos(angles), torch.sin(angles)
    theta = torch.zeros(n, dims, dims + 1)
    # affine_grid orders coordinates (x, y[, z]); rotate x-y.
    theta[:, 0, 0], theta[:, 0, 1] = c / scales, -s / scales
    theta[:, 1, 0], theta[:, 1, 1] = s / scales, c / scales
    if dims == 3:
        theta[:, 2, 2] = 1.0 / scales
    return theta


def augment(image: torch.Tensor, labels: torch.Tensor, cfg: AugmentConfig, generator: torch.Generator):
    """image [N, 1, *S] float, labels [N, *S] long -> augmented pair on the same device."""
    n, dims = image.shape[0], image.dim() - 2
    dev = image.device

    def rand(*shape):
        return torch.rand(*shape, generator=generator)

    for axis in cfg.flip_axes:
        flip = rand(n) < 0.5
        if flip.any():
            idx = flip.nonzero().flatten().to(dev)
            image[idx] = image[idx].flip(axis + 2)
            labels[idx] = labels[idx].flip(axis + 1)

    rot = (rand(n) < cfg.p_rotate).float() * (rand(n) * 2 - 1) * math.radians(cfg.max_rotate_deg)
    lo, hi = cfg.scale_range
    scl = torch.where(rand(n) < cfg.p_scale, lo + rand(n) * (hi - lo), torch.ones(n))
    elastic = rand(n) < cfg.p_elastic
    if (rot != 0).any() or (scl != 1).any() or elastic.any():
        theta = _rotation(n, dims, rot, scl).to(dev)
        size = list(image.shape)
        grid = F.affine_grid(theta, size, align_corners=False)
        if elastic.any():
            coarse = (torch.randn((n, dims) + (4,) * dims, generator=generator) * cfg.elastic_magnitude)
            coarse = coarse * elastic.float().view(n, *([1] * (dims + 1)))
            mode = "bicubic" if dims == 2 else "trilinear"
            disp = F.interpolate(coarse.to(dev), size=tuple(size[2:]), mode=mode, align_corners=True)
            grid = grid + disp.movedim(1, -1)
        image = F.grid_sample(image, grid, mode="bilinear", padding_mode="border", align_corners=False)
        lab = F.grid_sample(labels.unsqueeze(1).float(), grid, mode="nearest", padding_mode="border",
                            align_corners=False)
        labels = lab.squeeze(1).round().long()

    if cfg.p_intensity > 0:
        on = (rand(n) < cfg.p_intensity).float()
        view = (n,) + (1,) * (dims + 1)
        contrast = 1 + on * (cfg.contrast_range[0] + rand(n) * (cfg.contrast_range[1] - cfg.contrast_range[0]) - 1)
        bright = on * (rand(n) * 2 - 1) * cfg.brightness
        mean = image.mean(dim=tuple(range(1, dims + 2)), keepdim=True)
        image = (image - mean) * contrast.view(view).to(dev) + mean + bright.view(view).to(dev)
    noisy = (rand(n) < cfg.p_noise).float() * rand(n) * cfg.noise_std
    if noisy.any():
        noise = torch.randn(image.shape, generator=generator).to(dev)
        image = image + noise * noisy.view((n,) + (1,) * (dims + 1)).to(dev)
    return image, labels


def flip_axes_for(task_flip_axes: Sequence[int]) -> Tuple[int, ...]:
    return tuple(int(a) for a in task_flip_axes)
