#!/usr/bin/python3
"""Prints, for each DICOM file named on the command line, what pydicom reads, in a canonical JSON form the C#
tests compare element by element with DicomSegNode.Dicom (one JSON object per line).

Element: [tag "ggggeeee", VR, value, raw] where value is a list of strings (string VRs), a list of numbers
(binary numbers), a list of items (SQ, each a list of elements), or {"sha256": ...} (bulk data, little endian);
raw is the sha256 of the value bytes as stored (before pydicom converts them), or null.
With --pixels, also the sha256 of pixel_array (native little-endian bytes) when pydicom can decode it.
"""
import hashlib
import json
import sys
import warnings

import numpy as np
import pydicom
from pydicom.dataelem import RawDataElement
from pydicom.multival import MultiValue
from pydicom.sequence import Sequence

warnings.simplefilter("ignore")
STRING_VRS = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"}
NUMBER_VRS = {"US", "SS", "UL", "SL", "FL", "FD", "SV", "UV", "AT"}
BITS_ALLOCATED = 0
SWAP = {"OW": 2, "OF": 4, "OL": 4, "OD": 8, "OV": 8}


def sha(b):
    return hashlib.sha256(b).hexdigest()


def canonical_dataset(ds, little):
    global BITS_ALLOCATED
    if "BitsAllocated" in ds:
        BITS_ALLOCATED = ds.BitsAllocated
    out = []
    for tag in sorted(ds.keys()):
        raw = ds.get_item(tag)
        raw_hash = None
        if isinstance(raw, RawDataElement) and isinstance(raw.value, (bytes, bytearray)):
            raw_hash = sha(raw.value)
        elem = ds[tag]
        out.append(["%08X" % int(tag), elem.VR, canonical_value(elem, little), raw_hash])
    return out


def canonical_value(elem, little):
    vr, value = elem.VR, elem.value
    if vr == "SQ":
        return [canonical_dataset(item, little) for item in (value or [])]
    if value is None:
        return []
    if vr in STRING_VRS:
        values = list(value) if isinstance(value, MultiValue) else [value]
        return [str(v) for v in values if not (len(values) == 1 and str(v) == "")]
    if vr in NUMBER_VRS:
        values = list(value) if isinstance(value, (MultiValue, list)) else [value]
        return [float(v) if vr in ("FL", "FD") else int(v) for v in values]
    if isinstance(value, (bytes, bytearray)):
        b = bytes(value)
        unit = SWAP.get(vr)
        if elem.tag == 0x7FE00010 and vr == "OW" and BITS_ALLOCATED == 32:
            unit = 4  # big endian 32-bit pixel data is swapped per sample
        if not little and unit and len(b) % unit == 0:
            b = np.frombuffer(b, dtype=">u%d" % unit).astype("<u%d" % unit).tobytes()
        return {"sha256": sha(b), "length": len(b)}
    return {"repr": repr(value)}


def main():
    pixels = "--pixels" in sys.argv
    for path in [a for a in sys.argv[1:] if not a.startswith("--")]:
        result = {"file": path}
        try:
            ds = pydicom.dcmread(path, force=True)
            little = ds.is_little_endian if ds.is_little_endian is not None else True
            result["meta"] = canonical_dataset(ds.file_meta, True) if hasattr(ds, "file_meta") else []
            result["elements"] = canonical_dataset(ds, little)
            if pixels and "PixelData" in ds:
                try:
                    arr = ds.pixel_array
                    result["pixels"] = {"sha256": sha(np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<")).tobytes()),
                                        "shape": list(arr.shape), "dtype": arr.dtype.str}
                except Exception as e:  # pydicom has no handler for this syntax: nothing to compare
                    result["pixels_error"] = "%s: %s" % (type(e).__name__, e)
        except Exception as e:
            result["error"] = "%s: %s" % (type(e).__name__, e)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
