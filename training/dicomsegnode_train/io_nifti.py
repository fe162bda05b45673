"""NIfTI reading onto the [z, y, x] grid, and putting a label map onto a DICOM series' grid.

NIfTI stores (i, j, k) with a RAS affine; DICOM geometry is LPS (PS3.3 C.7.6.2.1.1). The label
map beside a phantom series is matched to the series axis by axis from the two affines, so a
writer that stores the axes flipped or in another order is still read correctly.
"""
from __future__ import annotations

from typing import Tuple

import nibabel as nib
import numpy as np

LPS_TO_RAS = np.diag([-1.0, -1.0, 1.0, 1.0])


def read_nifti(path: str, dtype=np.float32) -> Tuple[np.ndarray, np.ndarray, Tuple[float, float, float]]:
    """Return (array [z, y, x], RAS affine of the (i, j, k) file grid, spacing (z, y, x))."""
    try:
        img = nib.load(path)
        data = np.asarray(img.dataobj)
    except Exception as e:  # nibabel raises many types for truncated or foreign files
        raise ValueError(f"{path}: not a readable NIfTI image ({type(e).__name__}: {e})") from e
    if data.ndim == 4 and data.shape[3] == 1:
        data = data[..., 0]
    if data.ndim != 3:
        raise ValueError(f"{path}: expected a 3-D image, got shape {data.shape}")
    zooms = img.header.get_zooms()[:3]
    arr = np.ascontiguousarray(np.transpose(data, (2, 1, 0))).astype(dtype, copy=False)
    return arr, img.affine, (float(zooms[2]), float(zooms[1]), float(zooms[0]))


def align_to_series(labels_ijk: np.ndarray, nifti_affine: np.ndarray, series_affine_lps: np.ndarray,
                    series_shape: Tuple[int, int, int], tol_mm: float = 0.5) -> np.ndarray:
    """Reorient a NIfTI array (in file order i, j, k) onto the DICOM [z, y, x] grid.

    Each series axis (x = column, y = row, z = slice) is matched to the NIfTI axis whose world
    direction is parallel to it; antiparallel axes are flipped. The corner voxels must land
    within `tol_mm` of each other, else the two files do not describe the same grid.
    """
    series_ras = LPS_TO_RAS @ series_affine_lps
    dirs_s = series_ras[:3, :3] / np.linalg.norm(series_ras[:3, :3], axis=0)
    dirs_n = nifti_affine[:3, :3] / np.linalg.norm(nifti_affine[:3, :3], axis=0)
    data = labels_ijk
    perm, flips = [], []
    for a in range(3):  # series axis x, y, z
        dots = dirs_n.T @ dirs_s[:, a]
        b = int(np.argmax(np.abs(dots)))
        if abs(dots[b]) < 0.99:
            raise ValueError("label map axes are not parallel to the series axes")
        perm.append(b)
        flips.append(dots[b] < 0)
    if sorted(perm) != [0, 1, 2]:
        raise ValueError("label map axes do not map one-to-one onto the series axes")
    data = np.transpose(data, perm)  # now (x, y, z) of the series
    for a, f in enumerate(flips):
        if f:
            data = np.flip(data, axis=a)
    expected = (series_shape[2], series_shape[1], series_shape[0])
    if data.shape != expected:
        raise ValueError(f"label map grid {data.shape} does not match the series grid {expected} (x, y, z)")
    # The series' first voxel, seen from the NIfTI side after the same reorientation.
    idx = np.array([0 if not flips[a] else labels_ijk.shape[perm[a]] - 1 for a in range(3)], dtype=float)
    nifti_index = np.zeros(3)
    for a in range(3):
        nifti_index[perm[a]] = idx[a]
    corner_n = nifti_affine[:3, :3] @ nifti_index + nifti_affine[:3, 3]
    corner_s = series_ras[:3, 3]
    if np.linalg.norm(corner_n - corner_s) > tol_mm:
        raise ValueError(
            f"label map origin {corner_n.round(2).tolist()} is not the series origin {corner_s.round(2).tolist()} (RAS mm)")
    return np.ascontiguousarray(np.transpose(data, (2, 1, 0)))


def write_nifti_labels(path: str, labels_zyx: np.ndarray, series_affine_lps: np.ndarray) -> None:
    """Write a uint8 label map on the series grid with the RAS affine of that grid."""
    img = nib.Nifti1Image(np.ascontiguousarray(np.transpose(labels_zyx, (2, 1, 0))).astype(np.uint8),
                          LPS_TO_RAS @ series_affine_lps)
    img.header.set_xyzt_units("mm")
    nib.save(img, path)
