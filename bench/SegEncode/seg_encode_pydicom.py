#!/usr/bin/python3
"""The pydicom + numpy side of bench/seg-encode.sh: the work highdicom does to write a BINARY SEG
(per-frame functional groups, numpy packbits across frame boundaries, Part 10 write), for the same
3-segment 512x512xN masks our encoder gets. Prints `pydicom_ms=<median>` over the repetitions.

Usage: /usr/bin/python3 seg_encode_pydicom.py <slices> <repetitions> <out.dcm>
"""
import io
import sys
import time

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

ROWS = COLS = 512


def masks_for(slices):
    # The same masks the C# side builds: segment s is a disc of radius 60+40s in slices [100s, 100s+slices/2).
    y, x = np.ogrid[:ROWS, :COLS]
    masks = np.zeros((3, slices, ROWS, COLS), dtype=np.uint8)
    for s in range(3):
        disc = ((x - 256) ** 2 + (y - 256) ** 2) < (60 + 40 * s) ** 2
        first = min(100 * s, slices - 1)
        masks[s, first:first + max(1, slices // 2)] = disc
    return masks


def sources_for(slices):
    series = generate_uid()
    out = []
    for k in range(slices):
        ds = Dataset()
        ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        ds.SOPInstanceUID = generate_uid()
        ds.SeriesInstanceUID = series
        ds.ImagePositionPatient = [-250.0, -250.0, -1.25 * k]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.PixelSpacing = [0.78125, 0.78125]
        ds.SliceThickness = 1.25
        out.append(ds)
    return out


def code(value, scheme, meaning):
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return item


def encode(masks, sources):
    segs, slices = masks.shape[0], masks.shape[1]
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.66.4"
    ds.SOPInstanceUID = generate_uid()
    ds.Modality = "SEG"
    ds.SeriesInstanceUID = generate_uid()
    ds.FrameOfReferenceUID = generate_uid()
    ds.ImageType = ["DERIVED", "PRIMARY"]
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.Rows, ds.Columns = ROWS, COLS
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 1, 1, 0, 0
    ds.SegmentationType = "BINARY"
    segment_items = []
    for s in range(segs):
        item = Dataset()
        item.SegmentNumber = s + 1
        item.SegmentLabel = "Segment %d" % (s + 1)
        item.SegmentedPropertyCategoryCodeSequence = [code("91723000", "SCT", "Anatomical Structure")]
        item.SegmentedPropertyTypeCodeSequence = [code("10200004", "SCT", "Liver")]
        item.SegmentAlgorithmType = "AUTOMATIC"
        item.SegmentAlgorithmName = "bench"
        segment_items.append(item)
    ds.SegmentSequence = segment_items
    shared = Dataset()
    po = Dataset()
    po.ImageOrientationPatient = sources[0].ImageOrientationPatient
    shared.PlaneOrientationSequence = [po]
    pm = Dataset()
    pm.PixelSpacing, pm.SliceThickness = sources[0].PixelSpacing, sources[0].SliceThickness
    shared.PixelMeasuresSequence = [pm]
    ds.SharedFunctionalGroupsSequence = [shared]
    # Frames along the slice normal (here z), as highdicom sorts them.
    order = sorted(range(slices), key=lambda k: float(sources[k].ImagePositionPatient[2]))
    frames = []
    for s in range(segs):
        for rank, k in enumerate(order):
            item = Dataset()
            src = Dataset()
            src.ReferencedSOPClassUID = sources[k].SOPClassUID
            src.ReferencedSOPInstanceUID = sources[k].SOPInstanceUID
            src.PurposeOfReferenceCodeSequence = [code("121322", "DCM", "Source image for image processing operation")]
            der = Dataset()
            der.SourceImageSequence = [src]
            der.DerivationCodeSequence = [code("113076", "DCM", "Segmentation")]
            item.DerivationImageSequence = [der]
            fc = Dataset()
            fc.DimensionIndexValues = [s + 1, rank + 1]
            item.FrameContentSequence = [fc]
            pp = Dataset()
            pp.ImagePositionPatient = sources[k].ImagePositionPatient
            item.PlanePositionSequence = [pp]
            si = Dataset()
            si.ReferencedSegmentNumber = s + 1
            item.SegmentIdentificationSequence = [si]
            frames.append(item)
    ds.PerFrameFunctionalGroupsSequence = Sequence(frames)
    ds.NumberOfFrames = len(frames)
    ordered = masks[:, order]  # [segment, frame along normal, rows, cols]
    packed = np.packbits(ordered.reshape(-1) != 0, bitorder="little")
    if len(packed) % 2:
        packed = np.append(packed, np.uint8(0))
    ds.PixelData = packed.tobytes()
    ds["PixelData"].VR = "OB"
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    buffer = io.BytesIO()
    pydicom.dcmwrite(buffer, ds, write_like_original=False)
    return buffer.getvalue()


def main(argv):
    slices, repetitions, out = int(argv[1]), int(argv[2]), argv[3]
    masks = masks_for(slices)
    sources = sources_for(slices)
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        data = encode(masks, sources)
        times.append((time.perf_counter() - start) * 1000)
    with open(out, "wb") as f:
        f.write(data)
    times.sort()
    print("pydicom_ms=%.1f bytes=%d" % (times[len(times) // 2], len(data)))


if __name__ == "__main__":
    main(sys.argv)
