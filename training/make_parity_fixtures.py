#!/usr/bin/env python3
"""Writes the engine's PyTorch parity fixtures (run with Debian's /usr/bin/python3 and python3-torch).

For each small random-weight network (2D and 3D) it writes, under
tests/Segmentation.Tests/TestData/parity/<case>/:
  model/model.json, model/weights.safetensors   a model package as export_package writes it
  input.f32    the network input, float32 little-endian, [1, C, (D,) H, W]
  logits.f32   PyTorch's output for it (eval mode), [1, classes, (D,) H, W]
  case.json    the shapes, the seed and the torch version
Batch-norm statistics and affine parameters are randomised so that folding them is exercised.
Usage: /usr/bin/python3 training/make_parity_fixtures.py [output-root]
"""

import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dicomsegnode_train import AttentionResUNet, export_package  # noqa: E402

CASES = [
    # name, dims, in_channels, base, levels, classes, input spatial shape
    ("net2d", 2, 3, 4, 3, 3, (40, 56)),
    ("net3d", 3, 1, 4, 3, 3, (16, 24, 20)),
]


def randomise_batch_norm(model: torch.nn.Module, gen: torch.Generator) -> None:
    for m in model.modules():
        if isinstance(m, (torch.nn.BatchNorm2d, torch.nn.BatchNorm3d)):
            n = m.num_features
            m.weight.data = torch.rand(n, generator=gen) + 0.5
            m.bias.data = torch.randn(n, generator=gen) * 0.2
            m.running_mean.data = torch.randn(n, generator=gen) * 0.2
            m.running_var.data = torch.rand(n, generator=gen) * 1.5 + 0.5


def main() -> None:
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Segmentation.Tests", "TestData", "parity")
    for index, (name, dims, cin, base, levels, classes, spatial) in enumerate(CASES):
        seed = 1234 + index
        torch.manual_seed(seed)
        gen = torch.Generator().manual_seed(seed)
        model = AttentionResUNet(dims, cin, base, levels, classes)
        randomise_batch_norm(model, gen)
        model.eval()
        folder = os.path.join(root, name)
        patch = list(spatial)
        export_package(
            model, os.path.join(folder, "model"), name=name, class_names=[f"class{i}" for i in range(classes)],
            spacing_mm=[2.0, 1.5, 1.5] if dims == 3 else [0.0, 1.0, 1.0], hu_window=[-200.0, 300.0],
            normalization_mean=50.0, normalization_std=120.0, patch_size=patch, overlap=0.5,
            provenance={"data": "random weights (parity fixture)", "date": "fixture"},
        )
        x = torch.randn(1, cin, *spatial, generator=gen)
        with torch.no_grad():
            logits = model(x)
        x.numpy().astype("<f4").tofile(os.path.join(folder, "input.f32"))
        logits.numpy().astype("<f4").tofile(os.path.join(folder, "logits.f32"))
        with open(os.path.join(folder, "case.json"), "w", encoding="utf-8") as f:
            json.dump({"input": list(x.shape), "logits": list(logits.shape), "seed": seed,
                       "torch": torch.__version__}, f, indent=2)
            f.write("\n")
        print(f"{name}: input {list(x.shape)} -> logits {list(logits.shape)}, |logits| max {logits.abs().max():.3f}")


if __name__ == "__main__":
    main()
