"""A CT volume with its label map and geometry, and the resampling the cascade does.

Arrays are indexed [z, y, x] (slice, row, column), as the C# engine's volumes are;
spacing is given in the same order, in millimetres.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F


@dataclass
class Volume:
    """One case: HU image, optional integer label map on the same grid, voxel spacing (z, y, x) in mm."""

    name: str
    image: np.ndarray
    labels: Optional[np.ndarray]
    spacing: Tuple[float, float, float]
    source: str = ""
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.image.ndim != 3:
            raise ValueError(f"{self.name}: image must be 3-D [z, y, x], got shape {self.image.shape}")
        if self.labels is not None and self.labels.shape != self.image.shape:
            raise ValueError(
                f"{self.name}: labels shape {self.labels.shape} differs from image shape {self.image.shape}")
        if len(self.spacing) != 3 or min(self.spacing) <= 0:
            raise ValueError(f"{self.name}: spacing must be three positive numbers, got {self.spacing}")

    @property
    def slices(self) -> int:
        return int(self.image.shape[0])


def target_shape(shape: Sequence[int], spacing: Sequence[float], target: Sequence[Optional[float]]) -> Tuple[int, ...]:
    """Grid size after resampling; a target of None keeps that axis as it is."""
    out = []
    for n, s, t in zip(shape, spacing, target):
        out.append(int(n) if t is None else max(1, int(round(n * s / t))))
    return tuple(out)


def resample(volume: Volume, target: Sequence[Optional[float]]) -> Volume:
    """Resample to the target spacing: trilinear for HU, nearest for labels (as the cascade does).

    Grid corners are aligned the way the C# engine maps voxel centres (align_corners=False).
    """
    new_shape = target_shape(volume.image.shape, volume.spacing, target)
    if tuple(new_shape) == tuple(volume.image.shape):
        return volume
    new_spacing = tuple(float(s * n / m) for s, n, m in zip(volume.spacing, volume.image.shape, new_shape))
    img = torch.from_numpy(np.ascontiguousarray(volume.image, dtype=np.float32))[None, None]
    img = F.interpolate(img, size=new_shape, mode="trilinear", align_corners=False)[0, 0].numpy()
    lab = None
    if volume.labels is not None:
        lab_t = torch.from_numpy(np.ascontiguousarray(volume.labels).astype(np.float32))[None, None]
        lab = F.interpolate(lab_t, size=new_shape, mode="nearest")[0, 0].numpy().astype(np.uint8)
    return Volume(volume.name, img, lab, new_spacing, volume.source, dict(volume.meta))


def bounding_box(mask: np.ndarray) -> Optional[Tuple[Tuple[int, int], ...]]:
    """Inclusive-exclusive [lo, hi) box of the true voxels, or None when the mask is empty."""
    if not mask.any():
        return None
    box = []
    for axis in range(mask.ndim):
        other = tuple(a for a in range(mask.ndim) if a != axis)
        hits = np.nonzero(mask.any(axis=other))[0]
        box.append((int(hits[0]), int(hits[-1]) + 1))
    return tuple(box)


def crop_roi(volume: Volume, mask: np.ndarray, margin_mm: Sequence[float]) -> Optional[Volume]:
    """Crop to the bounding box of `mask` grown by a margin in mm (the cascade's liver ROI)."""
    box = bounding_box(mask)
    if box is None:
        return None
    slices = []
    for (lo, hi), m, s, n in zip(box, margin_mm, volume.spacing, volume.image.shape):
        grow = int(np.ceil(m / s))
        slices.append(slice(max(0, lo - grow), min(n, hi + grow)))
    sl = tuple(slices)
    lab = None if volume.labels is None else volume.labels[sl].copy()
    meta = dict(volume.meta)
    meta["roi"] = [(s.start, s.stop) for s in sl]
    return Volume(volume.name, volume.image[sl].copy(), lab, volume.spacing, volume.source, meta)
