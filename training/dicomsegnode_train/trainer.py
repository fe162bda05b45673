"""The training loop: the published recipe, validation per class, early stopping, export.

Recipe (defaults): Adam, learning rate 1e-4; ReduceLROnPlateau on the validation loss (factor
0.5, patience 3); early stopping after 5 epochs without a better validation loss, keeping the
best weights; Dice + cross-entropy; batch 32 for 2-D models.
"""
from __future__ import annotations

import copy
import math
import sys
import time
from dataclasses import dataclass, field
from typing import List, Optional

import numpy as np
import torch

from .augment import AugmentConfig, augment
from .inference import predict_probs
from .losses import dice_ce_loss, dice_per_class
from .model import AttentionResUNet
from .prepare import Prepared
from .sampling import PatchSampler
from .tasks import TaskConfig


@dataclass
class TrainConfig:
    epochs: int = 100
    iterations_per_epoch: int = 100
    batch_size: int = 32
    learning_rate: float = 1e-4
    plateau_factor: float = 0.5
    plateau_patience: int = 3
    early_stop_patience: int = 5
    max_minutes: float = 0.0           # 0 = no time budget
    seed: int = 0
    threads: int = 0                   # 0 = leave PyTorch's default
    device: str = "auto"
    augment: AugmentConfig = field(default_factory=AugmentConfig)
    log_every: int = 10
    foreground_fraction: float = 0.5
    class_weights: tuple = ()


@dataclass
class EpochRecord:
    epoch: int
    train_loss: float
    val_loss: float
    dice: List[float]
    lr: float
    seconds: float


@dataclass
class TrainResult:
    model: AttentionResUNet
    best_epoch: int
    best_val_loss: float
    best_dice: List[float]
    history: List[EpochRecord]
    stopped: str
    seconds: float
    device: str


def pick_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def _fmt_time(s: float) -> str:
    s = int(max(0, s))
    return f"{s // 3600}h{(s % 3600) // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


@torch.no_grad()
def validate(model, cases: List[Prepared], task: TaskConfig, device, pad_value: float):
    """(mean validation loss, per-class Dice averaged over the cases where the class occurs)."""
    classes = len(task.classes)
    losses, dices = [], []
    for c in cases:
        probs = predict_probs(model, c.image, device, pad_value, task.patch)
        logits = torch.from_numpy(np.log(np.clip(probs, 1e-7, 1.0)))[None]
        losses.append(float(dice_ce_loss(logits, torch.from_numpy(c.labels.astype(np.int64))[None])))
        dices.append(dice_per_class(probs.argmax(0), c.labels, classes))
    arr = np.array(dices, dtype=float)
    mean = [float(np.nanmean(arr[:, k])) if np.any(~np.isnan(arr[:, k])) else float("nan") for k in range(classes - 1)]
    return float(np.mean(losses)), mean


def train(task: TaskConfig, train_cases: List[Prepared], val_cases: List[Prepared], cfg: TrainConfig,
          model: Optional[AttentionResUNet] = None, log=print, on_best=None) -> TrainResult:
    """Train; `on_best(model, epoch, val_loss, dice)` is called after each new best epoch (e.g. to save it)."""
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    device = pick_device(cfg.device)
    classes = len(task.classes)
    if model is None:
        model = AttentionResUNet(task.spatial_dims, 1, task.base_features, task.levels, classes)
    model.to(device)
    pad_value = -1.0  # the bottom of the HU window after normalisation
    sampler = PatchSampler(train_cases, task.patch, classes, pad_value, cfg.foreground_fraction, cfg.seed,
                           cfg.class_weights)
    gen = torch.Generator().manual_seed(cfg.seed)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.learning_rate)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=cfg.plateau_factor,
                                                       patience=cfg.plateau_patience)
    names = task.classes[1:]
    log(f"training {task.name}: {len(train_cases)} training / {len(val_cases)} validation cases, "
        f"{task.spatial_dims}-D, patch {list(task.patch)}, batch {cfg.batch_size}, device {device}, "
        f"{sum(p.numel() for p in model.parameters())} parameters")
    best_state, best_loss, best_epoch, best_dice = None, math.inf, 0, [float("nan")] * (classes - 1)
    history: List[EpochRecord] = []
    stale, stopped = 0, "epochs"
    t_start = time.time()
    for epoch in range(1, cfg.epochs + 1):
        t_epoch = time.time()
        model.train()
        running = []
        for it in range(1, cfg.iterations_per_epoch + 1):
            img, lab = sampler.batch(cfg.batch_size)
            x = torch.from_numpy(img).to(device)
            y = torch.from_numpy(lab).to(device)
            x, y = augment(x, y, cfg.augment, gen)
            loss = dice_ce_loss(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            running.append(float(loss))
            if cfg.log_every and it % cfg.log_every == 0 and it < cfg.iterations_per_epoch:
                rate = (time.time() - t_epoch) / it
                log(f"  epoch {epoch} iter {it}/{cfg.iterations_per_epoch} loss {np.mean(running[-cfg.log_every:]):.4f} "
                    f"({rate:.2f} s/iter, epoch ends in {_fmt_time(rate * (cfg.iterations_per_epoch - it))})")
        val_loss, dice = validate(model, val_cases, task, device, pad_value)
        sched.step(val_loss)
        lr = opt.param_groups[0]["lr"]
        took = time.time() - t_epoch
        history.append(EpochRecord(epoch, float(np.mean(running)), val_loss, dice, lr, took))
        improved = val_loss < best_loss
        if improved:
            best_loss, best_epoch, best_dice, stale = val_loss, epoch, dice, 0
            best_state = copy.deepcopy(model.state_dict())
            if on_best is not None:
                on_best(model, epoch, val_loss, dice)
                model.train()
        else:
            stale += 1
        elapsed = time.time() - t_start
        left = (cfg.epochs - epoch) * took
        if cfg.max_minutes:
            left = min(left, cfg.max_minutes * 60 - elapsed)
        dice_txt = " ".join(f"{n} {d:.3f}" for n, d in zip(names, dice))
        log(f"epoch {epoch}/{cfg.epochs} train_loss {np.mean(running):.4f} val_loss {val_loss:.4f} "
            f"dice[{dice_txt}] lr {lr:.1e} {_fmt_time(took)}/epoch"
            f"{' *best*' if improved else ''} time left <= {_fmt_time(left)}")
        sys.stdout.flush()
        if stale >= cfg.early_stop_patience:
            stopped = f"early stop: no better validation loss for {stale} epochs"
            break
        if cfg.max_minutes and elapsed + took > cfg.max_minutes * 60:
            stopped = f"time budget of {cfg.max_minutes:g} minutes"
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    log(f"stopped ({stopped}); best epoch {best_epoch}, val_loss {best_loss:.4f}, dice "
        + " ".join(f"{n} {d:.3f}" for n, d in zip(names, best_dice)))
    return TrainResult(model.cpu(), best_epoch, best_loss, best_dice, history, stopped, time.time() - t_start, str(device))
