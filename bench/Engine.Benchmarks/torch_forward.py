#!/usr/bin/env python3
"""PyTorch side of bench/engine-cpu.sh.

make  DIR BASE        writes a liver/vessel-sized package (3D, 5 levels, 128^3 patch, random weights) to DIR
time  DIR THREADS RUNS  times PyTorch's forward on one patch with THREADS threads; writes DIR/input.f32 and
                        DIR/logits.f32 for the engine to compare against; prints "best_s=... median_s=..."
"""

import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "training"))
from dicomsegnode_train import AttentionResUNet, export_package, load_package  # noqa: E402


def make(folder: str, base: int) -> None:
    torch.manual_seed(base)
    model = AttentionResUNet(3, 1, base, 5, 3).eval()
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm3d):
            m.running_var.data.uniform_(0.5, 2.0)
            m.running_mean.data.normal_(0, 0.1)
    export_package(model, folder, name=f"bench-{base}", class_names=["background", "a", "b"],
                   spacing_mm=[1.0, 1.0, 1.0], hu_window=[-200, 300], normalization_mean=50, normalization_std=120,
                   patch_size=[128, 128, 128], provenance={"data": "random weights (benchmark)"})


def time_forward(folder: str, threads: int, runs: int) -> None:
    torch.set_num_threads(threads)
    model, _ = load_package(folder)
    gen = torch.Generator().manual_seed(7)
    x = torch.rand(1, 1, 128, 128, 128, generator=gen) * 2 - 1
    with torch.no_grad():
        y = model(x)  # warm-up (oneDNN primitive creation)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - t0)
    x.numpy().astype("<f4").tofile(os.path.join(folder, "input.f32"))
    y.numpy().astype("<f4").tofile(os.path.join(folder, "logits.f32"))
    times.sort()
    print(f"engine=pytorch-{torch.__version__} threads={torch.get_num_threads()} "
          f"best_s={times[0]:.3f} median_s={times[len(times) // 2]:.3f} mkldnn={torch.backends.mkldnn.is_available()}")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]))
    else:
        time_forward(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
