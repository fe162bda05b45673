"""Patch sampling from prepared cases, with foreground oversampling (as nnU-Net does).

Half of the patches (by default) are centred near a voxel of a randomly chosen foreground
class present in the case, so small classes (tumour, vessels) are seen often enough; the
rest are uniform. 2-D patches come from single slices; 3-D patches are boxes.
"""
from __future__ import annotations

from typing import List, Sequence, Tuple

import numpy as np

from .prepare import Prepared


class PatchSampler:
    def __init__(self, cases: List[Prepared], patch: Sequence[int], classes: int, pad_value: float,
                 foreground_fraction: float = 0.5, seed: int = 0, class_weights: Sequence[float] = ()):
        if not cases:
            raise ValueError("no training cases")
        self.cases, self.patch, self.classes = cases, tuple(patch), classes
        self.pad_value, self.fg = pad_value, foreground_fraction
        # Relative odds of centring a foreground patch on each class 1..classes-1 (default: equal).
        self.class_weights = list(class_weights) or [1.0] * (classes - 1)
        if len(self.class_weights) != classes - 1 or min(self.class_weights) < 0:
            raise ValueError(f"class weights need {classes - 1} non-negative numbers, got {list(class_weights)}")
        self.rng = np.random.default_rng(seed)
        # Voxel indices per class per case, subsampled to bound memory.
        self.index = []
        for c in cases:
            per_class = {}
            for k in range(1, classes):
                idx = np.argwhere(c.labels == k)
                if len(idx) > 20000:
                    idx = idx[self.rng.choice(len(idx), 20000, replace=False)]
                if len(idx):
                    per_class[k] = idx
            self.index.append(per_class)

    def _centre(self, ci: int) -> Tuple[int, int, int]:
        shape = self.cases[ci].labels.shape
        per_class = self.index[ci]
        if per_class and self.rng.random() < self.fg:
            present = list(per_class)
            w = np.array([self.class_weights[k - 1] for k in present], dtype=float)
            k = present[int(self.rng.choice(len(present), p=w / w.sum()))] if w.sum() > 0 else present[0]
            v = per_class[k][self.rng.integers(len(per_class[k]))]
            return int(v[0]), int(v[1]), int(v[2])
        return tuple(int(self.rng.integers(n)) for n in shape)

    def _crop(self, arr: np.ndarray, centre, size, fill):
        """Crop `size` around `centre` (jittered), padding with `fill` outside the array."""
        out = np.full(size, fill, dtype=arr.dtype)
        src, dst = [], []
        for c, s, n in zip(centre, size, arr.shape):
            lo = c - s // 2 + int(self.rng.integers(-s // 4, s // 4 + 1))
            a0, a1 = max(0, lo), min(n, lo + s)
            if a1 <= a0:
                a0, a1, lo = 0, min(n, s), 0
            src.append(slice(a0, a1))
            dst.append(slice(a0 - lo, a1 - lo))
        out[tuple(dst)] = arr[tuple(src)]
        return out

    def batch(self, size: int):
        imgs, labs = [], []
        for _ in range(size):
            ci = int(self.rng.integers(len(self.cases)))
            case = self.cases[ci]
            z, y, x = self._centre(ci)
            if len(self.patch) == 2:
                img, lab = case.image[z], case.labels[z]
                jitter_state = self.rng.bit_generator.state
                imgs.append(self._crop(img, (y, x), self.patch, self.pad_value))
                self.rng.bit_generator.state = jitter_state
                labs.append(self._crop(lab, (y, x), self.patch, 0))
            else:
                jitter_state = self.rng.bit_generator.state
                imgs.append(self._crop(case.image, (z, y, x), self.patch, self.pad_value))
                self.rng.bit_generator.state = jitter_state
                labs.append(self._crop(case.labels, (z, y, x), self.patch, 0))
        return np.stack(imgs)[:, None], np.stack(labs).astype(np.int64)
