"""Whole-volume inference in PyTorch for validation (full slices for 2-D, sliding window for 3-D)."""
from __future__ import annotations

import itertools
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F


def _pad_to(t: torch.Tensor, divisor: int, value: float):
    spatial = t.shape[2:]
    target = [max(divisor, -(-s // divisor) * divisor) for s in spatial]
    pad = []
    for s, p in reversed(list(zip(spatial, target))):
        pad += [0, p - s]
    return F.pad(t, pad, value=value), spatial


@torch.no_grad()
def predict_probs(model, image: np.ndarray, device, pad_value: float, patch: Sequence[int] = (),
                  slice_batch: int = 16) -> np.ndarray:
    """Probabilities [classes, z, y, x] for a normalised volume [z, y, x]."""
    model.eval()
    div = model.divisor
    if model.spatial_dims == 2:
        out = []
        for z0 in range(0, image.shape[0], slice_batch):
            x = torch.from_numpy(image[z0:z0 + slice_batch])[:, None].to(device)
            xp, (h, w) = _pad_to(x, div, pad_value)
            p = torch.softmax(model(xp), dim=1)[:, :, :h, :w]
            out.append(p.cpu())
        return torch.cat(out, 0).permute(1, 0, 2, 3).numpy()
    x = torch.from_numpy(image)[None, None].to(device)
    patch = [int(p) for p in patch]
    shape = [max(s, p) for s, p in zip(image.shape, patch)]
    pad = []
    for s, p in reversed(list(zip(image.shape, shape))):
        pad += [0, p - s]
    x = F.pad(x, pad, value=pad_value)
    acc = torch.zeros((model.num_classes,) + tuple(shape))
    cnt = torch.zeros(tuple(shape))
    starts = []
    for s, p in zip(shape, patch):
        step = max(1, p // 2)
        st = list(range(0, s - p + 1, step))
        if st[-1] != s - p:
            st.append(s - p)
        starts.append(st)
    for z, y, xx in itertools.product(*starts):
        sl = (slice(z, z + patch[0]), slice(y, y + patch[1]), slice(xx, xx + patch[2]))
        p = torch.softmax(model(x[(0, slice(None)) + sl][None]), dim=1)[0].cpu()
        acc[(slice(None),) + sl] += p
        cnt[sl] += 1
    probs = acc / cnt
    return probs[:, :image.shape[0], :image.shape[1], :image.shape[2]].numpy()
