"""Read a CT DICOM series into an HU volume (pydicom), and write one (for Python-made phantoms).

Reading sorts the slices along the slice normal by ImagePositionPatient (PS3.3 C.7.6.2.1.1),
applies the Modality LUT rescale per slice (PS3.3 C.11.1.1.2) and returns the voxel-to-patient
(LPS) affine for the array indexed [z, y, x].
"""
from __future__ import annotations

import os
from typing import List, Tuple

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"


def _is_dicom(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(132)
        return len(head) == 132 and head[128:132] == b"DICM"
    except OSError:
        return False


def read_series(folder: str) -> Tuple[np.ndarray, np.ndarray, List[str]]:
    """Return (HU volume [z, y, x] float32, 4x4 LPS affine mapping (x, y, z) index -> mm, SOP UIDs)."""
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder))
    datasets = []
    for f in files:
        if os.path.isfile(f) and _is_dicom(f):
            try:
                datasets.append(pydicom.dcmread(f))
            except Exception as e:  # pydicom raises several types for damaged files
                raise ValueError(f"{f}: not a readable DICOM file ({type(e).__name__}: {e})") from e
    datasets = [d for d in datasets if "PixelData" in d and getattr(d, "Modality", "CT") == "CT"]
    if not datasets:
        raise ValueError(f"{folder}: no CT images with pixel data")
    orient = np.array([float(v) for v in datasets[0].ImageOrientationPatient])
    row, col = orient[:3], orient[3:]
    normal = np.cross(row, col)
    datasets.sort(key=lambda d: float(np.dot(normal, [float(v) for v in d.ImagePositionPatient])))
    shape = (int(datasets[0].Rows), int(datasets[0].Columns))
    for d in datasets:
        if (int(d.Rows), int(d.Columns)) != shape:
            raise ValueError(f"{folder}: slices of different sizes in one series")
    vol = np.empty((len(datasets),) + shape, dtype=np.float32)
    for i, d in enumerate(datasets):
        slope = float(getattr(d, "RescaleSlope", 1.0))
        intercept = float(getattr(d, "RescaleIntercept", 0.0))
        try:
            pixels = d.pixel_array
        except Exception as e:
            raise ValueError(f"{folder}: slice {i} has unreadable pixel data ({type(e).__name__}: {e})") from e
        if pixels.shape != shape:
            raise ValueError(f"{folder}: slice {i} pixel data is {pixels.shape}, not Rows x Columns {shape}")
        vol[i] = pixels.astype(np.float32) * slope + intercept
    ps = [float(v) for v in datasets[0].PixelSpacing]  # row spacing (between rows), column spacing
    first = np.array([float(v) for v in datasets[0].ImagePositionPatient])
    if len(datasets) > 1:
        last = np.array([float(v) for v in datasets[-1].ImagePositionPatient])
        step = (last - first) / (len(datasets) - 1)
    else:
        step = normal * float(getattr(datasets[0], "SliceThickness", 1.0))
    affine = np.eye(4)
    affine[:3, 0] = row * ps[1]   # column index (x) advances along the row direction
    affine[:3, 1] = col * ps[0]   # row index (y) advances along the column direction
    affine[:3, 2] = step
    affine[:3, 3] = first
    uids = [str(d.SOPInstanceUID) for d in datasets]
    return vol, affine, uids


def spacing_from_affine(affine: np.ndarray) -> Tuple[float, float, float]:
    """(z, y, x) spacing in mm from an affine whose columns are the x, y, z index steps."""
    n = np.linalg.norm(affine[:3, :3], axis=0)
    return float(n[2]), float(n[1]), float(n[0])


def write_series(folder: str, hu: np.ndarray, spacing: Tuple[float, float, float],
                 origin=(0.0, 0.0, 0.0), seed: int = 0) -> List[str]:
    """Write an axial CT Image Storage series, 16-bit signed, rescale intercept 0 (PS3.3 A.3)."""
    os.makedirs(folder, exist_ok=True)
    study, series, frame = generate_uid(), generate_uid(), generate_uid()
    sz, sy, sx = spacing
    written = []
    for k in range(hu.shape[0]):
        sop = generate_uid()
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = CT_IMAGE_STORAGE
        meta.MediaStorageSOPInstanceUID = sop
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        path = os.path.join(folder, f"slice{k:04d}.dcm")
        ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
        ds.SOPClassUID, ds.SOPInstanceUID = CT_IMAGE_STORAGE, sop
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
        ds.Modality, ds.PatientName, ds.PatientID = "CT", "Phantom^Python", f"PHANTOM{seed}"
        ds.SeriesDescription = f"Python phantom seed {seed}"
        ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
        ds.InstanceNumber = k + 1
        ds.ImagePositionPatient = [float(origin[0]), float(origin[1]), float(origin[2]) + k * sz]
        ds.ImageOrientationPatient = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
        ds.PixelSpacing = [float(sy), float(sx)]
        ds.SliceThickness = float(sz)
        ds.Rows, ds.Columns = int(hu.shape[1]), int(hu.shape[2])
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = 0.0, 1.0, "HU"
        ds.PixelData = np.clip(np.round(hu[k]), -32768, 32767).astype("<i2").tobytes()
        ds.is_little_endian, ds.is_implicit_VR = True, False
        ds.save_as(path, write_like_original=False)
        written.append(path)
    return written
