"""Dice + cross-entropy loss and per-class Dice with background excluded.

The all-class Dice (background included) is inflated by the background's size, as the
published cascade's authors warn, so every reported Dice is per foreground class.
"""
from __future__ import annotations

from typing import List

import numpy as np
import torch
import torch.nn.functional as F


def dice_ce_loss(logits: torch.Tensor, target: torch.Tensor, smooth: float = 1e-5) -> torch.Tensor:
    """Cross-entropy + (1 - mean soft Dice over the foreground classes), Dice summed over the batch."""
    ce = F.cross_entropy(logits, target)
    probs = torch.softmax(logits, dim=1)
    classes = logits.shape[1]
    onehot = F.one_hot(target, classes).movedim(-1, 1).to(probs.dtype)
    dims = (0,) + tuple(range(2, logits.dim()))
    inter = (probs * onehot).sum(dims)
    denom = probs.sum(dims) + onehot.sum(dims)
    dice = (2 * inter + smooth) / (denom + smooth)
    return ce + (1 - dice[1:].mean())


def dice_per_class(pred: np.ndarray, truth: np.ndarray, classes: int) -> List[float]:
    """Hard Dice of classes 1..classes-1; NaN where a class is absent from both prediction and truth."""
    out = []
    for c in range(1, classes):
        p, t = pred == c, truth == c
        denom = int(p.sum()) + int(t.sum())
        out.append(float("nan") if denom == 0 else 2.0 * int((p & t).sum()) / denom)
    return out
