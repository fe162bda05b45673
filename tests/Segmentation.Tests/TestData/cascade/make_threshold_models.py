"""Writes the cascade tests' model packages (run from the repository root):

    PYTHONPATH=training /usr/bin/python3 tests/Segmentation.Tests/TestData/cascade/make_threshold_models.py

- liver-threshold/:  classes [background, liver, tumour]; HU in [30, 80) -> tumour, HU >= 80 -> liver, else background.
- vessel-threshold/: classes [background, vessel, tumour]; HU in [30, 80) -> tumour, HU >= 200 -> vessel, else background.
- random/:           classes [background, liver, tumour]; default PyTorch initialisation with random batch-norm statistics.

The threshold networks are hand-built Attention Residual U-Nets (3D, 8 base features, 2 levels): every weight is zero
except the level-0 shortcut (which makes ReLU(HU - t) ramps, two per threshold, so that their difference is a 1-HU-wide
step), the attention gate's psi batch norm (alpha = sigmoid(30) = 1, the skip passes unchanged), the decoder's shortcut
(identity) and the head (logits: background 5, each band 20). Input normalisation is the identity on [-1024, 3071] HU,
so the network sees HU. Their output is therefore known exactly, which lets the tests check the cascade's ROI,
resampling, masking and pasting voxel by voxel. Spacing is 1 mm; tests rewrite spacingMm in a copy (the checksum
covers only the weights).
"""

import os
import sys

import torch

from dicomsegnode_train.model import AttentionResUNet
from dicomsegnode_train.package import export_package

HERE = os.path.dirname(os.path.abspath(__file__))


def zero_all(model):
    with torch.no_grad():
        for name, p in model.state_dict().items():
            if name.endswith("running_var"):
                p.fill_(1.0 - 1e-5)  # with eps 1e-5, BN divides by exactly 1
            elif name.endswith("num_batches_tracked"):
                p.zero_()
            elif name.endswith(".weight") and "bn" in name:
                p.fill_(1.0)
            else:
                p.zero_()


def threshold_model(thresholds, head):
    """thresholds: HU values t; channel 2i = ReLU(x - t_i), 2i+1 = ReLU(x - t_i - 1).
    head: per class a (bias, {threshold index: weight}) pair applied to step_i = ch 2i - ch 2i+1."""
    model = AttentionResUNet(3, 1, 8, 2, len(head))
    zero_all(model)
    sd = model.state_dict()
    with torch.no_grad():
        enc = "encoders.0."
        for i, t in enumerate(thresholds):
            sd[enc + "shortcut_conv.weight"][2 * i, 0] = 1.0
            sd[enc + "shortcut_conv.weight"][2 * i + 1, 0] = 1.0
            sd[enc + "shortcut_bn.bias"][2 * i] = -t
            sd[enc + "shortcut_bn.bias"][2 * i + 1] = -t - 1.0
        dec = "decoders.0."
        sd[dec + "gate.psi_bn.bias"][0] = 30.0
        for c in range(8):
            sd[dec + "block.shortcut_conv.weight"][c, c] = 1.0  # gated skip channel c -> output c
        for k, (bias, weights) in enumerate(head):
            sd["head.bias"][k] = bias
            for i, w in weights.items():
                sd["head.weight"][k, 2 * i] = w
                sd["head.weight"][k, 2 * i + 1] = -w
    model.load_state_dict(sd)
    return model.eval()


def export(model, name, classes):
    export_package(
        model, os.path.join(HERE, name), name=name, class_names=classes, spacing_mm=(1.0, 1.0, 1.0),
        hu_window=(-1024.0, 3071.0), normalization_mean=0.0, normalization_std=1.0, patch_size=(16, 16, 16),
        overlap=0.25, blending="gaussian", version="test-1",
        provenance={"data": "hand-built thresholds (tests/Segmentation.Tests/TestData/cascade/make_threshold_models.py)",
                    "date": "2026-11-22T00:00:00Z"})


def main():
    # Liver: step a (30) minus step b (80) is the tumour band; step b is liver.
    liver = threshold_model([30.0, 80.0], [(5.0, {}), (0.0, {1: 20.0}), (0.0, {0: 20.0, 1: -20.0})])
    export(liver, "liver-threshold", ["background", "liver", "tumour"])
    vessel = threshold_model([30.0, 80.0, 200.0], [(5.0, {}), (0.0, {2: 20.0}), (0.0, {0: 20.0, 1: -20.0})])
    export(vessel, "vessel-threshold", ["background", "vessel", "tumour"])

    torch.manual_seed(1234)
    rnd = AttentionResUNet(3, 1, 4, 3, 3)
    with torch.no_grad():
        for name, p in rnd.state_dict().items():
            if name.endswith("running_mean"):
                p.uniform_(-0.2, 0.2)
            elif name.endswith("running_var"):
                p.uniform_(0.5, 1.5)
    export(rnd.eval(), "random", ["background", "liver", "tumour"])

    # Self-check: the threshold networks' arg-max is the band of every HU value away from the edges.
    x = torch.tensor([-1000.0, 0.0, 29.0, 31.0, 50.0, 79.0, 81.0, 150.0, 199.0, 201.0, 400.0]).repeat(16 * 16 * 16 // 11 + 1)[: 16 * 16 * 16]
    x = x.reshape(1, 1, 16, 16, 16)
    with torch.no_grad():
        lab_l = liver(x).argmax(1).flatten()
        lab_v = vessel(x).argmax(1).flatten()
    for hu, l, v in zip(x.flatten()[:11].tolist(), lab_l[:11].tolist(), lab_v[:11].tolist()):
        want_l = 2 if 30 <= hu < 80 else 1 if hu >= 80 else 0
        want_v = 2 if 30 <= hu < 80 else 1 if hu >= 200 else 0
        if (l, v) != (want_l, want_v):
            sys.exit(f"HU {hu}: liver model {l} (want {want_l}), vessel model {v} (want {want_v})")
    print("ok")


if __name__ == "__main__":
    main()
