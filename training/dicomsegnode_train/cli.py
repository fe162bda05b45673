"""Command line: `python3 -m dicomsegnode_train {train,synth,evaluate} ...` (training/train.sh wraps `train`)."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import List

import numpy as np
import torch

from .augment import AugmentConfig
from .datasets import LABEL_SCHEMES, detect_format, iter_cases
from .io_dicom import write_series
from .io_nifti import write_nifti_labels
from .package import export_package, load_package
from .prepare import Prepared, normalisation, prepare
from .synth import make_phantom
from .tasks import TASKS, TaskConfig
from .trainer import TrainConfig, pick_device, train, validate


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def load_prepared(task: TaskConfig, data: List[str], fmt: str, max_slices: int, synthetic: int,
                  synthetic_seed: int, seed: int, labels: str = "auto") -> tuple:
    """All cases as Prepared, plus a provenance description of where they came from."""
    rng = np.random.default_rng(seed)
    cases: List[Prepared] = []
    described = []
    for root in data:
        n0 = len(cases)
        for vol, kind in iter_cases(root, fmt, max_slices, task.max_slices, labels):
            margin = task.roi_margin_mm + float(rng.uniform(0, 15)) if task.roi else None
            p = prepare(vol, kind, task, margin)
            if p is not None:
                cases.append(p)
                _log(f"loaded {vol.name} ({kind}) {vol.image.shape} -> {p.image.shape}")
        filt = max_slices if max_slices >= 0 else (task.max_slices if detect_format(root) == "msd" else 0)
        described.append(f"{len(cases) - n0} cases from {os.path.abspath(root)}"
                         + (f" (cases with fewer than {filt} slices)" if filt else ""))
    if synthetic:
        for i in range(synthetic):
            s = synthetic_seed + i
            z = float(np.random.default_rng(s + 7919).choice([1.5, 2.0, 2.5, 3.0, 4.0, 5.0]))
            xy = float(task.spacing[1] * np.random.default_rng(s + 104729).uniform(0.75, 1.05))
            vol = make_phantom(s, spacing=(z, xy, xy))
            margin = task.roi_margin_mm + float(rng.uniform(0, 15)) if task.roi else None
            p = prepare(vol, "phantom", task, margin)
            if p is not None:
                cases.append(p)
        _log(f"generated {synthetic} Python phantoms (seeds {synthetic_seed}..{synthetic_seed + synthetic - 1})")
        described.append(f"{synthetic} Python phantoms (training/dicomsegnode_train/synth.py, seeds "
                         f"{synthetic_seed}..{synthetic_seed + synthetic - 1})")
    return cases, "; ".join(described)


def _split(cases: List[Prepared], val_fraction: float, seed: int):
    order = np.random.default_rng(seed).permutation(len(cases))
    n_val = max(1, int(round(len(cases) * val_fraction))) if len(cases) > 1 else 0
    val = [cases[i] for i in order[:n_val]]
    tr = [cases[i] for i in order[n_val:]]
    return tr, (val or tr)


def cmd_train(a) -> int:
    task = TASKS[a.task]
    if a.base_features:
        task.base_features = a.base_features
    if a.levels:
        task.levels = a.levels
    if a.patch:
        task.patch = tuple(a.patch)
    if a.spacing:
        task.spacing = (None, a.spacing, a.spacing)
    if a.threads:
        torch.set_num_threads(a.threads)
    if not a.data and not a.synthetic:
        raise SystemExit("give --data DIR (Decathlon, phantom or NIfTI folder) and/or --synthetic N")
    cases, described = load_prepared(task, a.data, a.format, a.max_slices, a.synthetic, a.synthetic_seed, a.seed,
                                     a.labels)
    if not cases:
        raise SystemExit("no usable cases found")
    train_cases, val_cases = _split(cases, a.val_fraction, a.seed)
    cfg = TrainConfig(epochs=a.epochs, iterations_per_epoch=a.iterations, batch_size=a.batch_size,
                      learning_rate=a.lr, max_minutes=a.max_minutes, seed=a.seed, threads=a.threads,
                      device=a.device, augment=AugmentConfig(flip_axes=task.flip_axes), log_every=a.log_every,
                      foreground_fraction=a.fg_fraction, class_weights=tuple(a.fg_class_weights or ()))
    init = None
    if a.init:
        init, _ = load_package(a.init)
        init.train()
        _log(f"starting from the weights of {a.init}")
    mean, std = normalisation(task)
    if a.data_description:
        described = a.data_description + " [" + described + "]"

    def export(model, epochs, best_epoch, best_loss, best_dice, stopped, seconds, device):
        # A class absent from every validation case has no Dice; it is left out (the engine reads numbers only).
        dice = {n: round(d, 4) for n, d in zip(task.classes[1:], best_dice) if not np.isnan(d)}
        provenance = {
            "data": described,
            "trainingCases": [c.name for c in train_cases],
            "validationCases": [c.name for c in val_cases],
            "epochs": epochs,
            "bestEpoch": best_epoch,
            "iterationsPerEpoch": cfg.iterations_per_epoch,
            "validationDice": dice,
            "validationLoss": round(best_loss, 5),
            "stopped": stopped,
            "recipe": {"optimizer": "Adam", "learningRate": cfg.learning_rate, "batchSize": cfg.batch_size,
                       "loss": "Dice + cross-entropy", "plateau": [cfg.plateau_factor, cfg.plateau_patience],
                       "earlyStopPatience": cfg.early_stop_patience, "roiCrops": task.roi,
                       "augmentation": "flips " + (str(list(task.flip_axes)) if task.flip_axes else "off")
                       + ", rotation, scaling, elastic, intensity",
                       "initialWeights": a.init or "random"},
            "trainingSeconds": round(seconds),
            "device": device,
            "notFor": a.not_for,
        }
        spacing = [0.0 if s is None else float(s) for s in task.spacing]
        return export_package(model, a.out, name=f"{task.name}", class_names=task.classes, spacing_mm=spacing,
                              hu_window=task.hu_window, normalization_mean=mean, normalization_std=std,
                              patch_size=task.patch, overlap=a.overlap, version=a.version, provenance=provenance)

    t0 = time.time()

    def on_best(model, epoch, val_loss, dice):
        model.eval()
        export(model, epoch, epoch, val_loss, dice, "in progress", time.time() - t0, cfg.device)
        _log(f"saved epoch {epoch} to {a.out}")

    result = train(task, train_cases, val_cases, cfg, model=init, log=_log, on_best=on_best)
    path = export(result.model, len(result.history), result.best_epoch, result.best_val_loss, result.best_dice,
                  result.stopped, result.seconds, result.device)
    _log(f"wrote {path}")
    return 0


def cmd_synth(a) -> int:
    """Write Python phantoms in the node's phantom layout: DIR/<name>/dicom/*.dcm + labels.nii.gz."""
    for i in range(a.count):
        seed = a.seed + i
        vol = make_phantom(seed, slices=a.slices)
        folder = os.path.join(a.out, f"pyphantom-{seed:04d}")
        origin = vol.meta["origin"]
        # synth's grid runs x to the patient's left, y to the back, z up: LPS with identity directions.
        write_series(os.path.join(folder, "dicom"), vol.image, vol.spacing, (origin[2], origin[1], origin[0]), seed)
        affine = np.eye(4)
        affine[0, 0], affine[1, 1], affine[2, 2] = vol.spacing[2], vol.spacing[1], vol.spacing[0]
        affine[:3, 3] = (origin[2], origin[1], origin[0])
        write_nifti_labels(os.path.join(folder, "labels.nii.gz"), vol.labels, affine)
        _log(f"wrote {folder} {vol.image.shape} spacing {tuple(round(s, 3) for s in vol.spacing)}")
    return 0


def cmd_evaluate(a) -> int:
    model, doc = load_package(a.model)
    task = TASKS[a.task]
    device = pick_device(a.device)
    model.to(device)
    cases, _ = load_prepared(task, a.data, a.format, 0, 0, 0, a.seed, a.labels)
    loss, dice = validate(model, cases, task, device, -1.0)
    out = {"model": a.model, "cases": len(cases), "loss": loss, "dice": dict(zip(task.classes[1:], dice))}
    print(json.dumps(out, indent=2))
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="dicomsegnode_train", description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train", help="train one model and export its package")
    t.add_argument("--task", choices=sorted(TASKS), required=True)
    t.add_argument("--data", action="append", default=[], help="data folder (repeatable)")
    t.add_argument("--format", default="auto", choices=["auto", "msd", "phantom", "nifti"])
    t.add_argument("--labels", default="auto", choices=LABEL_SCHEMES,
                   help="label scheme of the files (auto: from the format; phantom for NIfTI exports of node phantoms)")
    t.add_argument("--synthetic", type=int, default=0, help="add N Python phantoms")
    t.add_argument("--synthetic-seed", type=int, default=1000)
    t.add_argument("--out", required=True, help="model package folder to write")
    t.add_argument("--epochs", type=int, default=100)
    t.add_argument("--iterations", type=int, default=250, help="iterations per epoch")
    t.add_argument("--batch-size", type=int, default=32)
    t.add_argument("--lr", type=float, default=1e-4)
    t.add_argument("--max-minutes", type=float, default=0.0)
    t.add_argument("--max-slices", type=int, default=-1,
                   help="skip cases with this many slices or more (default on Decathlon data: 300 liver, 80 vessel; "
                        "0 keeps all)")
    t.add_argument("--val-fraction", type=float, default=0.2)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--threads", type=int, default=0)
    t.add_argument("--device", default="auto")
    t.add_argument("--base-features", type=int, default=0)
    t.add_argument("--levels", type=int, default=0)
    t.add_argument("--patch", type=int, nargs="+")
    t.add_argument("--spacing", type=float, default=0.0, help="in-plane spacing in mm")
    t.add_argument("--overlap", type=float, default=0.5)
    t.add_argument("--version", default="0.1.0")
    t.add_argument("--init", help="start from this model package's weights")
    t.add_argument("--data-description", default="", help="what the data is, for the provenance (paths are added)")
    t.add_argument("--not-for", default="", help="what the weights must not be used for, for the provenance "
                   "(e.g. 'clinical use')")
    t.add_argument("--log-every", type=int, default=10)
    t.add_argument("--fg-fraction", type=float, default=0.5, help="share of patches centred on a foreground voxel")
    t.add_argument("--fg-class-weights", type=float, nargs="+",
                   help="odds of centring those patches on each foreground class (default: equal)")
    t.set_defaults(func=cmd_train)
    s = sub.add_parser("synth", help="write Python phantoms in the node's phantom layout")
    s.add_argument("--out", required=True)
    s.add_argument("--count", type=int, default=1)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--slices", type=int)
    s.set_defaults(func=cmd_synth)
    e = sub.add_parser("evaluate", help="per-class Dice of a model package in PyTorch")
    e.add_argument("--model", required=True)
    e.add_argument("--task", choices=sorted(TASKS), required=True)
    e.add_argument("--data", action="append", required=True)
    e.add_argument("--format", default="auto", choices=["auto", "msd", "phantom", "nifti"])
    e.add_argument("--labels", default="auto", choices=LABEL_SCHEMES)
    e.add_argument("--device", default="auto")
    e.add_argument("--seed", type=int, default=0)
    e.set_defaults(func=cmd_evaluate)
    c = sub.add_parser("compare-ct", help="liver model on a real CT series vs a reference label map")
    c.add_argument("--model", required=True)
    c.add_argument("--series", required=True, help="folder of the DICOM series")
    c.add_argument("--reference", required=True, help="NIfTI label map on the series grid")
    c.add_argument("--label", type=int, default=5, help="reference label of the liver (TotalSegmentator: 5)")
    c.add_argument("--device", default="auto")
    c.set_defaults(func=lambda a: __import__("dicomsegnode_train.compare", fromlist=["main_compare"]).main_compare(a))
    a = p.parse_args(argv)
    return a.func(a)


if __name__ == "__main__":
    sys.exit(main())
