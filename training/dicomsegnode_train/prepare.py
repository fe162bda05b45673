"""From a loaded case to what a model trains on: ROI crop, resampling, label mapping, normalisation.

This mirrors the C# cascade's preprocessing, so what the network sees in training is what it
sees in the node: (vessel model only) crop to the liver's bounding box plus a margin on the
source grid, resample to the model spacing (trilinear HU, nearest labels; z kept for 2-D
models), clip to the HU window, then (hu - mean) / std with mean and std from model.json.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from .tasks import TaskConfig, roi_mask
from .volume import Volume, crop_roi, resample


@dataclass
class Prepared:
    name: str
    image: np.ndarray   # float32 [z, y, x], normalised
    labels: np.ndarray  # uint8 [z, y, x], task classes
    spacing: tuple
    kind: str


def normalisation(task: TaskConfig):
    """(mean, std) so that the HU window maps onto [-1, 1]."""
    lo, hi = task.hu_window
    return (lo + hi) / 2.0, (hi - lo) / 2.0


def normalise(hu: np.ndarray, task: TaskConfig) -> np.ndarray:
    mean, std = normalisation(task)
    lo, hi = task.hu_window
    return ((np.clip(hu, lo, hi) - mean) / std).astype(np.float32)


def prepare(volume: Volume, kind: str, task: TaskConfig, roi_margin_mm: Optional[float] = None,
            roi_source: Optional[np.ndarray] = None) -> Optional[Prepared]:
    """None when the case has nothing to train on (no ROI for the vessel model)."""
    if volume.labels is None:
        raise ValueError(f"{volume.name}: no labels")
    if task.roi:
        mask = roi_source if roi_source is not None else roi_mask(volume.labels, kind)
        margin = task.roi_margin_mm if roi_margin_mm is None else roi_margin_mm
        cropped = crop_roi(volume, mask, (margin, margin, margin))
        if cropped is None:
            return None
        volume = cropped
    labels = task.map_labels(volume.labels, kind)
    volume = Volume(volume.name, volume.image, labels, volume.spacing, volume.source, volume.meta)
    volume = resample(volume, task.spacing)
    return Prepared(volume.name, normalise(volume.image, task), volume.labels, volume.spacing, kind)
