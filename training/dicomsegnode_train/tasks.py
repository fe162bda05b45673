"""The two models the cascade runs, with the published recipe as defaults.

Label maps are converted to each model's classes per source:
- Decathlon Task03_Liver: 0 background, 1 liver, 2 tumour (liver model as is).
- Decathlon Task08_HepaticVessel: 0 background, 1 vessel, 2 tumour (vessel model as is).
- Node phantom (and Python phantom): 0 background, 1 liver parenchyma, 2 tumour, 3 hepatic
  vessel, >3 other organs. The liver model's "liver" is the whole organ parenchyma with its
  vessels (1 and 3), as in Task03; tumour stays 2. The vessel model takes 3 -> 1, 2 -> 2.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np


@dataclass
class TaskConfig:
    name: str
    classes: List[str]
    spatial_dims: int
    base_features: int
    levels: int
    spacing: Tuple[Optional[float], float, float]  # (z, y, x) mm; z None = keep slices (2-D models)
    hu_window: Tuple[float, float]
    patch: Tuple[int, ...]
    batch_size: int
    max_slices: int  # Decathlon slice-count filter (cases with this many slices or more are skipped)
    roi: bool  # train on liver-ROI crops (vessel model)
    roi_margin_mm: float = 10.0
    flip_axes: Tuple[int, ...] = ()
    label_maps: Dict[str, Dict[int, int]] = field(default_factory=dict)

    def map_labels(self, labels: np.ndarray, source_kind: str) -> np.ndarray:
        table = self.label_maps.get(source_kind)
        if table is None:
            raise ValueError(f"task {self.name} cannot use labels from a {source_kind} source")
        lut = np.zeros(256, dtype=np.uint8)
        for k, v in table.items():
            lut[k] = v
        return lut[labels.astype(np.uint8)]


LIVER = TaskConfig(
    name="liver",
    classes=["background", "liver", "tumour"],
    spatial_dims=2,
    base_features=8,
    levels=5,
    spacing=(None, 2.0, 2.0),
    hu_window=(-200.0, 300.0),
    patch=(160, 160),
    batch_size=32,
    max_slices=300,
    roi=False,
    # No left-right flips by default: the liver and the spleen look alike and side tells them apart.
    flip_axes=(),
    label_maps={
        "msd-liver": {0: 0, 1: 1, 2: 2},
        "phantom": {0: 0, 1: 1, 2: 2, 3: 1},
        "nifti": {0: 0, 1: 1, 2: 2},
    },
)

VESSEL = TaskConfig(
    name="vessel",
    classes=["background", "vessel", "tumour"],
    spatial_dims=2,
    base_features=16,
    levels=4,
    spacing=(None, 1.0, 1.0),
    hu_window=(-200.0, 400.0),
    patch=(128, 128),
    batch_size=32,
    max_slices=80,
    roi=True,
    flip_axes=(0, 1),
    label_maps={
        "msd-vessel": {0: 0, 1: 1, 2: 2},
        "phantom": {0: 0, 1: 0, 2: 2, 3: 1},
        "nifti": {0: 0, 1: 1, 2: 2},
    },
)

TASKS = {"liver": LIVER, "vessel": VESSEL}


def roi_mask(labels: np.ndarray, source_kind: str) -> np.ndarray:
    """Where the liver is, for the vessel model's ROI crop, from the source's own labels.

    Phantoms label the liver (1, 2, 3). Task08 labels only vessels and tumour, so its ROI is the
    box around those (with the margin); `--roi-model` replaces this with a liver model's output.
    """
    if source_kind == "phantom":
        return (labels >= 1) & (labels <= 3)
    return labels > 0
