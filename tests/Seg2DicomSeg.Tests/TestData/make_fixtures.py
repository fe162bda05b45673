#!/usr/bin/python3
"""Derives the Seg2DicomSeg test fixtures from ../shared/data (run from this folder; the output is committed).

totalsegmentator/ct/NN.dcm: the 20 slices of example_ct_dicom_uncompressed with Pixel Data removed: the SEG
    encoder reads only the headers (geometry, identifiers), and the full slices would add 10 MB to the repository.
totalsegmentator/masks.bin.gz: gzip of uint8 0/1 masks [segment 3][slice 20, in file order][row 512][col 512]
    on the DICOM grid: segment 1 liver (label 5), 2 tumour (TotalSegmentator has none: empty), 3 vessels
    (labels 63 inferior vena cava and 64 portal/splenic vein), resampled from example_seg_dicom.nii.gz by
    mapping every DICOM pixel centre (LPS) through the NIfTI affine (RAS) to the nearest voxel.
"""
import glob
import gzip
import os
import shutil

import nibabel as nib
import numpy as np
import pydicom

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "data")
if not os.path.isdir(SHARED):
    SHARED = "/work/shared/data"


def totalsegmentator():
    src = os.path.join(SHARED, "totalsegmentator")
    out = os.path.join("totalsegmentator", "ct")
    os.makedirs(out, exist_ok=True)
    files = sorted(glob.glob(os.path.join(src, "example_ct_dicom_uncompressed", "*.dcm")))
    seg = nib.load(os.path.join(src, "example_seg_dicom.nii.gz"))
    labels = np.asarray(seg.dataobj)
    ras_to_voxel = np.linalg.inv(seg.affine)
    masks = np.zeros((3, len(files), 512, 512), dtype=np.uint8)
    for s, path in enumerate(files):
        ds = pydicom.dcmread(path)
        rows, cols = int(ds.Rows), int(ds.Columns)
        ipp = np.array([float(v) for v in ds.ImagePositionPatient])
        iop = np.array([float(v) for v in ds.ImageOrientationPatient])
        dr, dc = (float(v) for v in ds.PixelSpacing)  # row spacing, column spacing
        r, c = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
        lps = ipp[None, None, :] + c[..., None] * dc * iop[None, None, :3] + r[..., None] * dr * iop[None, None, 3:]
        ras = lps * np.array([-1.0, -1.0, 1.0])
        homogeneous = np.concatenate([ras, np.ones((rows, cols, 1))], axis=-1)
        voxel = np.rint(homogeneous @ ras_to_voxel.T)[..., :3].astype(int)
        inside = np.all((voxel >= 0) & (voxel < np.array(labels.shape)), axis=-1)
        v = np.clip(voxel, 0, np.array(labels.shape) - 1)
        lab = np.where(inside, labels[v[..., 0], v[..., 1], v[..., 2]], 0)
        masks[0, s] = lab == 5
        masks[2, s] = (lab == 63) | (lab == 64)
        del ds.PixelData
        ds.save_as(os.path.join(out, "%02d.dcm" % (s + 1)), write_like_original=True)
    with open(os.path.join("totalsegmentator", "masks.bin.gz"), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as f:
            f.write(masks.tobytes())
    shutil.copy(os.path.join(src, "LICENSE"), os.path.join("totalsegmentator", "LICENSE"))
    print("totalsegmentator: %d slices, liver %d, vessels %d voxels" % (len(files), masks[0].sum(), masks[2].sum()))


def copies():
    for name in ["liver.dcm", "liver_seg.nrrd", "LICENSE.txt"]:
        shutil.copy(os.path.join(SHARED, "dcmqi", name), os.path.join("dcmqi", name))
    os.makedirs(os.path.join("dcmqi", "ct-3slice"), exist_ok=True)
    for name in ["01.dcm", "02.dcm", "03.dcm"]:
        shutil.copy(os.path.join(SHARED, "dcmqi", "ct-3slice", name), os.path.join("dcmqi", "ct-3slice", name))
    for path in glob.glob(os.path.join(SHARED, "pydicom-data", "*")):
        shutil.copy(path, os.path.join("pydicom-data", os.path.basename(path)))
    for path in glob.glob(os.path.join(SHARED, "highdicom", "data", "test_files", "seg_*.dcm")):
        shutil.copy(path, os.path.join("highdicom", os.path.basename(path)))
    shutil.copy(os.path.join(SHARED, "highdicom", "data", "test_files", "ct_image.dcm"), os.path.join("highdicom", "ct_image.dcm"))
    shutil.copy(os.path.join(SHARED, "highdicom", "LICENSE"), os.path.join("highdicom", "LICENSE"))


if __name__ == "__main__":
    totalsegmentator()
    copies()
