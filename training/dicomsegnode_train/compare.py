"""The liver model on a real CT series against a reference label map (e.g. TotalSegmentator's liver).

PyTorch path of the liver stage: resample to the model spacing, window and normalise, whole-slice
inference, labels back onto the source grid (nearest), largest connected component of
liver + tumour when scipy is present. Prints the Dice of the liver against the reference label.
"""
from __future__ import annotations

import json

import numpy as np
import torch
import torch.nn.functional as F

from .inference import predict_probs
from .io_dicom import read_series, spacing_from_affine
from .io_nifti import align_to_series, read_nifti
from .package import load_package
from .trainer import pick_device
from .volume import Volume, resample


def _largest_component(mask: np.ndarray) -> np.ndarray:
    try:
        from scipy import ndimage
    except ImportError:
        return mask
    lab, n = ndimage.label(mask)
    if n <= 1:
        return mask
    sizes = np.bincount(lab.ravel())
    sizes[0] = 0
    return lab == int(np.argmax(sizes))


def liver_mask(model_dir: str, series: str, device: str = "auto") -> tuple:
    model, doc = load_package(model_dir)
    dev = pick_device(device)
    model.to(dev)
    hu, affine, _ = read_series(series)
    spacing = spacing_from_affine(affine)
    target = [None if s == 0 else s for s in doc["input"]["spacingMm"]]
    vol = resample(Volume("ct", hu, None, spacing), target)
    lo, hi = doc["input"]["huWindow"]
    norm = doc["input"]["normalization"]
    img = ((np.clip(vol.image, lo, hi) - norm["mean"]) / norm["std"]).astype(np.float32)
    probs = predict_probs(model, img, dev, (lo - norm["mean"]) / norm["std"])
    pred = torch.from_numpy(probs.argmax(0).astype(np.float32))[None, None]
    back = F.interpolate(pred, size=hu.shape, mode="nearest")[0, 0].numpy().astype(np.uint8)
    return _largest_component(back >= 1), affine, hu.shape


def compare(model_dir: str, series: str, reference: str, label: int, device: str = "auto") -> dict:
    mask, affine, shape = liver_mask(model_dir, series, device)
    ref_zyx, ref_affine, _ = read_nifti(reference, np.uint8)
    ref = align_to_series(np.transpose(ref_zyx, (2, 1, 0)), ref_affine, affine, shape) == label
    inter = int((mask & ref).sum())
    denom = int(mask.sum()) + int(ref.sum())
    return {"model": model_dir, "series": series, "reference": reference, "label": label,
            "predictedVoxels": int(mask.sum()), "referenceVoxels": int(ref.sum()),
            "dice": (2.0 * inter / denom) if denom else float("nan")}


def main_compare(a) -> int:
    print(json.dumps(compare(a.model, a.series, a.reference, a.label, a.device), indent=2))
    return 0
