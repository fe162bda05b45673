"""Model package writer and reader: a folder with model.json and weights.safetensors.

The format is specified in docs/engine.md ("Model package"); the C# reader is
src/Segmentation/Models/ModelPackage.cs. Weights are the module's `state_dict()`, every
tensor under its state_dict key: float32 for parameters and batch-norm statistics, int64
for `num_batches_tracked` (kept so that `load_state_dict(strict=True)` round-trips; the
engine ignores them). safetensors is written here directly (8-byte little-endian header
length, JSON header, raw little-endian data) so the `safetensors` module is not needed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import struct
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch

from .model import AttentionResUNet

FORMAT_VERSION = 1
WEIGHTS_FILE = "weights.safetensors"
MODEL_FILE = "model.json"

_DTYPES = {
    torch.float32: ("F32", np.float32),
    torch.int64: ("I64", np.int64),
}
_NP_OF = {"F32": np.float32, "I64": np.int64}


def write_safetensors(path: str, tensors: Dict[str, torch.Tensor], metadata: Optional[Dict[str, str]] = None) -> None:
    """Write tensors in the safetensors format (https://github.com/huggingface/safetensors)."""
    header: Dict[str, object] = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs: List[bytes] = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().cpu().contiguous()
        if t.dtype not in _DTYPES:
            raise ValueError(f"tensor {name!r} has dtype {t.dtype}; only float32 and int64 are written")
        code, np_type = _DTYPES[t.dtype]
        data = t.numpy().astype(np.dtype(np_type).newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # align the data to 8 bytes, as the reference writer does
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path: str) -> Dict[str, torch.Tensor]:
    """Read a safetensors file written by `write_safetensors` (F32 and I64 tensors)."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: too short for a safetensors header")
    (n,) = struct.unpack("<Q", raw[:8])
    if 8 + n > len(raw):
        raise ValueError(f"{path}: header length {n} runs past the end of the file")
    header = json.loads(raw[8 : 8 + n].decode("utf-8"))
    data = raw[8 + n :]
    out: Dict[str, torch.Tensor] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        arr = np.frombuffer(data[begin:end], dtype=np.dtype(_NP_OF[info["dtype"]]).newbyteorder("<"))
        out[name] = torch.from_numpy(arr.astype(_NP_OF[info["dtype"]]).reshape(info["shape"]).copy())
    return out


def sha256_of(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def export_package(
    model: AttentionResUNet,
    folder: str,
    *,
    name: str,
    class_names: Sequence[str],
    spacing_mm: Sequence[float],
    hu_window: Sequence[float],
    normalization_mean: float,
    normalization_std: float,
    patch_size: Sequence[int],
    overlap: float = 0.5,
    blending: str = "gaussian",
    gaussian_sigma_scale: float = 0.125,
    version: str = "0.1.0",
    provenance: Optional[dict] = None,
) -> str:
    """Write `folder/model.json` and `folder/weights.safetensors`; returns the model.json path.

    spacing_mm is (z, y, x) = (depth, height, width) in mm; 0 on an axis means "keep the source
    spacing" (for 2D models along z). patch_size is (D, H, W) for 3D and (H, W) for 2D models.
    Intensities are clipped to hu_window, then (hu - mean) / std.
    """
    if len(spacing_mm) != 3:
        raise ValueError("spacing_mm must have three entries (z, y, x)")
    if len(patch_size) != model.spatial_dims:
        raise ValueError(f"patch_size needs {model.spatial_dims} entries")
    for p in patch_size:
        if p < 1 or p % model.divisor:
            raise ValueError(f"patch size {p} is not a positive multiple of {model.divisor}")
    if hu_window[0] >= hu_window[1]:
        raise ValueError("hu_window must be (low, high) with low < high")
    if normalization_std <= 0:
        raise ValueError("normalization_std must be positive")
    if not 0 <= overlap < 1:
        raise ValueError("overlap must be in [0, 1)")
    if blending not in ("gaussian", "constant"):
        raise ValueError("blending must be 'gaussian' or 'constant'")
    os.makedirs(folder, exist_ok=True)
    weights_path = os.path.join(folder, WEIGHTS_FILE)
    write_safetensors(weights_path, model.state_dict(), {"format": "pt", "architecture": "attention-res-unet"})
    prov = {
        "data": "",
        "epochs": 0,
        "validationDice": {},
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "torchVersion": torch.__version__,
    }
    prov.update(provenance or {})
    doc = {
        "formatVersion": FORMAT_VERSION,
        "name": name,
        "version": version,
        "architecture": model.architecture(list(class_names)),
        "input": {
            "spacingMm": [float(s) for s in spacing_mm],
            "huWindow": [float(hu_window[0]), float(hu_window[1])],
            "normalization": {"mean": float(normalization_mean), "std": float(normalization_std)},
        },
        "inference": {
            "patchSize": [int(p) for p in patch_size],
            "overlap": float(overlap),
            "blending": blending,
            "gaussianSigmaScale": float(gaussian_sigma_scale),
        },
        "provenance": prov,
        "weights": {"file": WEIGHTS_FILE, "dtype": "float32", "sha256": sha256_of(weights_path)},
    }
    model_path = os.path.join(folder, MODEL_FILE)
    with open(model_path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    return model_path


def load_package(folder: str) -> tuple:
    """Read a package back: (model in eval mode with its weights, model.json as a dict). Checks the sha256."""
    with open(os.path.join(folder, MODEL_FILE), encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("formatVersion") != FORMAT_VERSION:
        raise ValueError(f"unsupported formatVersion {doc.get('formatVersion')!r}")
    weights_path = os.path.join(folder, doc["weights"]["file"])
    actual = sha256_of(weights_path)
    if actual != doc["weights"]["sha256"]:
        raise ValueError(f"{weights_path}: sha256 {actual} does not match model.json")
    model = AttentionResUNet.from_architecture(doc["architecture"])
    model.load_state_dict(read_safetensors(weights_path), strict=True)
    model.eval()
    return model, doc
