#!/usr/bin/python3
"""Decodes a DICOM Segmentation object with pydicom (+ numpy) and prints, as JSON, every frame's segment
number, plane position, source image and mask (one byte per pixel, base64): the same shape as
decode-seg.js prints for dcmjs, so the Seg2DicomSeg tests compare three independent decoders.

Usage: /usr/bin/python3 decode_seg_pydicom.py <seg.dcm>
"""
import base64
import json
import sys

import numpy as np
import pydicom


def _first(seq):
    return seq[0] if seq is not None and len(seq) > 0 else None


def decode(path):
    ds = pydicom.dcmread(path)
    rows, cols = int(ds.Rows), int(ds.Columns)
    frame_count = int(getattr(ds, "NumberOfFrames", 1) or 1)
    # pydicom unpacks BitsAllocated 1 across frame boundaries (least significant bit first) itself.
    pixels = np.asarray(ds.pixel_array).reshape(frame_count, rows, cols).astype(np.uint8)

    shared = _first(getattr(ds, "SharedFunctionalGroupsSequence", None))
    per_frame = getattr(ds, "PerFrameFunctionalGroupsSequence", [])
    frames = []
    for f in range(frame_count):
        item = per_frame[f] if f < len(per_frame) else None

        def group(keyword):
            if item is not None and keyword in item:
                return _first(item[keyword].value)
            if shared is not None and keyword in shared:
                return _first(shared[keyword].value)
            return None

        seg_id = group("SegmentIdentificationSequence")
        plane = group("PlanePositionSequence")
        derivation = group("DerivationImageSequence")
        source = _first(derivation.SourceImageSequence) if derivation is not None and "SourceImageSequence" in derivation else None
        frames.append({
            "segmentNumber": int(seg_id.ReferencedSegmentNumber) if seg_id is not None else None,
            "imagePositionPatient": [float(v) for v in plane.ImagePositionPatient] if plane is not None else None,
            "sourceSopInstanceUid": str(source.ReferencedSOPInstanceUID) if source is not None else None,
            "mask": base64.b64encode(pixels[f].tobytes()).decode("ascii"),
        })

    segments = [{
        "number": int(s.SegmentNumber),
        "label": str(s.SegmentLabel),
        "category": str(s.SegmentedPropertyCategoryCodeSequence[0].CodeValue),
        "type": str(s.SegmentedPropertyTypeCodeSequence[0].CodeValue),
    } for s in getattr(ds, "SegmentSequence", [])]

    return {
        "sopInstanceUid": str(ds.SOPInstanceUID),
        "segmentationType": str(ds.SegmentationType),
        "rows": rows,
        "columns": cols,
        "segments": segments,
        "frames": frames,
    }


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: decode_seg_pydicom.py <seg.dcm>\n")
        return 2
    try:
        result = decode(argv[1])
    except Exception as e:  # the test reads this line; any failure to decode is the finding
        sys.stderr.write("decode_seg_pydicom: %s: %s\n" % (type(e).__name__, e))
        return 1
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
