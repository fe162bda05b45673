#!/usr/bin/python3
"""CI smoke test of the training pipeline: a few iterations on phantoms, and the loss must fall.

Writes two small Python phantoms in the node's phantom layout (DICOM series + labels.nii.gz),
reads them back through the phantom loader, trains a small liver network for 3 short epochs
on one CPU thread, exports the package and reads it back. Exit status 0 and a last line
`smoke: loss fell ...` on success. Takes well under a minute on one core.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from dicomsegnode_train.augment import AugmentConfig  # noqa: E402
from dicomsegnode_train.cli import main as cli_main  # noqa: E402
from dicomsegnode_train.datasets import iter_cases  # noqa: E402
from dicomsegnode_train.package import export_package, load_package  # noqa: E402
from dicomsegnode_train.prepare import normalisation, prepare  # noqa: E402
from dicomsegnode_train.tasks import LIVER  # noqa: E402
from dicomsegnode_train.trainer import TrainConfig, train  # noqa: E402
import dataclasses  # noqa: E402


def main() -> int:
    t0 = time.time()
    torch.set_num_threads(1)
    task = dataclasses.replace(LIVER, base_features=4, levels=3, spacing=(None, 4.0, 4.0), patch=(64, 64))
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "phantoms")
        for seed in (11, 12):
            if cli_main(["synth", "--out", data, "--count", "1", "--seed", str(seed), "--slices", "12"]) != 0:
                print("smoke: phantom writing failed")
                return 1
        cases = [prepare(v, k, task) for v, k in iter_cases(data)]
        if len(cases) != 2 or any(c is None or not (c.labels == 1).any() for c in cases):
            print("smoke: the phantom loader did not return two cases with liver")
            return 1
        cfg = TrainConfig(epochs=3, iterations_per_epoch=12, batch_size=8, learning_rate=3e-3,
                          early_stop_patience=10, seed=0, threads=1, device="cpu",
                          augment=AugmentConfig(p_rotate=0, p_scale=0, p_elastic=0, p_noise=0), log_every=0)
        result = train(task, cases[:1], cases[1:], cfg, log=lambda m: print("smoke:", m))
        first, last = result.history[0].train_loss, result.history[-1].train_loss
        mean, std = normalisation(task)
        out = os.path.join(tmp, "package")
        export_package(result.model, out, name="smoke", class_names=task.classes, spacing_mm=[0.0, 4.0, 4.0],
                       hu_window=task.hu_window, normalization_mean=mean, normalization_std=std,
                       patch_size=task.patch, provenance={"data": "smoke phantoms", "epochs": len(result.history),
                                                          "validationDice": dict(zip(task.classes[1:], result.best_dice))})
        model, doc = load_package(out)
        x = torch.from_numpy(cases[1].image[:2, :64, :64].copy())[:, None]
        with torch.no_grad():
            same = torch.allclose(model(x), result.model.eval()(x), atol=1e-5)
        if not same:
            print("smoke: the exported package does not reproduce the trained model")
            return 1
        if set(doc["provenance"]["validationDice"]) != {"liver", "tumour"}:
            print("smoke: provenance lacks per-class validation Dice: " + json.dumps(doc["provenance"]))
            return 1
    if not np.isfinite(last) or last >= 0.9 * first:
        print(f"smoke: loss did not fall: first epoch {first:.4f}, last epoch {last:.4f}")
        return 1
    print(f"smoke: loss fell from {first:.4f} to {last:.4f} in {len(result.history)} epochs "
          f"({time.time() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
