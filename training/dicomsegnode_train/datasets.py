"""Case loaders: Medical Segmentation Decathlon, the node's phantom folders, NIfTI pairs.

Each loader yields (Volume with source labels, source kind); tasks.TaskConfig maps the labels.
- Decathlon: DIR/dataset.json + imagesTr/*.nii.gz + labelsTr/*.nii.gz (same file names).
- Phantom: DIR/dicom/*.dcm + DIR/labels.nii.gz, as `dicomsegnode phantom --out DIR` writes;
  DIR may also hold many such folders.
- NIfTI pairs: DIR/images/X.nii.gz with DIR/labels/X.nii.gz (or imagesTr/labelsTr without
  dataset.json, or X_image.nii.gz with X_label.nii.gz side by side).
"""
from __future__ import annotations

import json
import os
from typing import Iterator, List, Tuple

import numpy as np

from .io_dicom import read_series, spacing_from_affine
from .io_nifti import align_to_series, read_nifti
from .volume import Volume

NII = (".nii.gz", ".nii")


def _stem(name: str) -> str:
    for ext in NII:
        if name.endswith(ext):
            return name[: -len(ext)]
    return name


def _nifti_files(folder: str) -> List[str]:
    return sorted(f for f in os.listdir(folder) if f.endswith(NII) and not f.startswith("._"))


def is_phantom_folder(path: str) -> bool:
    return os.path.isdir(os.path.join(path, "dicom")) and os.path.isfile(os.path.join(path, "labels.nii.gz"))


def detect_format(root: str) -> str:
    if os.path.isfile(os.path.join(root, "dataset.json")) and os.path.isdir(os.path.join(root, "imagesTr")):
        return "msd"
    if is_phantom_folder(root) or any(is_phantom_folder(os.path.join(root, d)) for d in sorted(os.listdir(root))):
        return "phantom"
    return "nifti"


def msd_kind(root: str) -> str:
    """'msd-liver' or 'msd-vessel' from dataset.json's label names."""
    with open(os.path.join(root, "dataset.json"), encoding="utf-8") as f:
        meta = json.load(f)
    names = " ".join(str(v).lower() for v in meta.get("labels", {}).values())
    if "vessel" in names:
        return "msd-vessel"
    if "liver" in names:
        return "msd-liver"
    raise ValueError(f"{root}/dataset.json: labels {meta.get('labels')} are neither Task03_Liver nor Task08_HepaticVessel")


def _pair_list(root: str) -> List[Tuple[str, str, str]]:
    for img_dir, lab_dir in (("imagesTr", "labelsTr"), ("images", "labels")):
        a, b = os.path.join(root, img_dir), os.path.join(root, lab_dir)
        if os.path.isdir(a) and os.path.isdir(b):
            labels = {_stem(f): os.path.join(b, f) for f in _nifti_files(b)}
            pairs = [(_stem(f), os.path.join(a, f), labels[_stem(f)]) for f in _nifti_files(a) if _stem(f) in labels]
            if not pairs:
                raise ValueError(f"{root}: no image in {img_dir}/ has a label map of the same name in {lab_dir}/")
            return pairs
    files = _nifti_files(root)
    pairs = []
    for f in files:
        s = _stem(f)
        if s.endswith("_image"):
            base = s[: -len("_image")]
            for ext in NII:
                lab = os.path.join(root, base + "_label" + ext)
                if os.path.isfile(lab):
                    pairs.append((base, os.path.join(root, f), lab))
    if not pairs:
        raise ValueError(f"{root}: found no image/label NIfTI pairs (images/ + labels/, or X_image + X_label)")
    return pairs


def count_slices(path: str) -> int:
    import nibabel as nib
    return int(nib.load(path).shape[2])


def iter_pairs(root: str, kind: str, max_slices: int = 0) -> Iterator[Tuple[Volume, str]]:
    """Decathlon or plain NIfTI pairs; cases with max_slices or more slices are skipped (0: keep all)."""
    for name, img_path, lab_path in _pair_list(root):
        if max_slices and count_slices(img_path) >= max_slices:
            continue
        img, _, spacing = read_nifti(img_path, np.float32)
        lab, _, _ = read_nifti(lab_path, np.uint8)
        if lab.shape != img.shape:
            raise ValueError(f"{name}: label shape {lab.shape} differs from image shape {img.shape}")
        yield Volume(name, img, lab, spacing, source=img_path), kind


def read_phantom(folder: str) -> Volume:
    """One node phantom folder: the DICOM series and its label map on the same grid."""
    hu, affine, uids = read_series(os.path.join(folder, "dicom"))
    lab_ijk_zyx, nifti_affine, _ = read_nifti(os.path.join(folder, "labels.nii.gz"), np.uint8)
    lab_ijk = np.transpose(lab_ijk_zyx, (2, 1, 0))
    labels = align_to_series(lab_ijk, nifti_affine, affine, hu.shape)
    return Volume(os.path.basename(os.path.normpath(folder)), hu, labels, spacing_from_affine(affine),
                  source=folder, meta={"affine_lps": affine, "sop_uids": uids})


def phantom_folders(root: str) -> List[str]:
    if is_phantom_folder(root):
        return [root]
    return [os.path.join(root, d) for d in sorted(os.listdir(root)) if is_phantom_folder(os.path.join(root, d))]


def iter_phantoms(root: str, max_slices: int = 0) -> Iterator[Tuple[Volume, str]]:
    for folder in phantom_folders(root):
        vol = read_phantom(folder)
        if max_slices and vol.slices >= max_slices:
            continue
        yield vol, "phantom"


LABEL_SCHEMES = ("auto", "phantom", "msd-liver", "msd-vessel", "nifti")


def iter_cases(root: str, fmt: str = "auto", max_slices: int = 0,
               msd_default_max_slices: int = 0, labels: str = "auto") -> Iterator[Tuple[Volume, str]]:
    """All cases under root in the given (or detected) format, with their source kind.

    max_slices < 0 means the task's Decathlon default (msd_default_max_slices) for Decathlon
    folders and no filter for the others; 0 keeps every case. `labels` other than "auto" names
    the label scheme of the files (e.g. "phantom" for NIfTI pairs exported from node phantoms).
    """
    if labels not in LABEL_SCHEMES:
        raise ValueError(f"unknown label scheme {labels!r} ({', '.join(LABEL_SCHEMES)})")
    for vol, kind in _iter_cases(root, fmt, max_slices, msd_default_max_slices):
        yield vol, (kind if labels == "auto" else labels)


def _iter_cases(root: str, fmt: str, max_slices: int, msd_default_max_slices: int) -> Iterator[Tuple[Volume, str]]:
    if not os.path.isdir(root):
        raise ValueError(f"{root}: not a folder")
    fmt = detect_format(root) if fmt == "auto" else fmt
    if max_slices < 0:
        max_slices = msd_default_max_slices if fmt == "msd" else 0
    if fmt == "msd":
        yield from iter_pairs(root, msd_kind(root), max_slices)
    elif fmt == "phantom":
        yield from iter_phantoms(root, max_slices)
    elif fmt == "nifti":
        yield from iter_pairs(root, "nifti", max_slices)
    else:
        raise ValueError(f"unknown data format {fmt!r} (auto, msd, phantom, nifti)")
