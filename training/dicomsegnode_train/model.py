"""The Attention Residual U-Net (Oktay et al. 2018 additive attention gates on a residual U-Net).

This module is the contract with the C# engine: the engine rebuilds this exact graph from
model.json and loads the tensors of `state_dict()` by name. Change the graph or a parameter
name here and the engine must change too (the parity fixtures will tell).

Graph, for F_i = base_features * 2**i, i = 0 .. levels-1:
  encoder level 0:   ResidualBlock(in_channels -> F_0)
  encoder level i>0: MaxPool(2) -> ResidualBlock(F_{i-1} -> F_i)      (level levels-1 is the bottleneck)
  decoder j = 0 .. levels-2, working at level i = levels-2-j:
      up   = ConvTranspose(F_{i+1} -> F_i, kernel 2, stride 2, bias)
      skip = AttentionGate(g=up, x=encoder output of level i)
      ResidualBlock(cat([skip, up], channel) : 2 F_i -> F_i)
  head: Conv 1x1 (F_0 -> classes, bias) = logits; softmax over channels gives probabilities.
ResidualBlock: conv3-BN-ReLU-conv3-BN (convs without bias), shortcut = conv1x1-BN (no bias) when the
channel count changes else identity, sum, ReLU.
AttentionGate (F_int = max(F_i // 2, 1)): a = ReLU(BN(Wg g) + BN(Wx x)); alpha = sigmoid(BN(psi a));
out = x * alpha (alpha has one channel, broadcast over x's channels). Wg, Wx, psi are 1x1 convs with bias.
Runs on PyTorch 1.13 (Debian python3-torch) and current PyTorch.
"""

from __future__ import annotations

from typing import List

import torch
from torch import nn

ARCHITECTURE_NAME = "attention-res-unet"


def _conv(dims: int):
    return nn.Conv3d if dims == 3 else nn.Conv2d


def _bn(dims: int):
    return nn.BatchNorm3d if dims == 3 else nn.BatchNorm2d


class ResidualBlock(nn.Module):
    """conv3-BN-ReLU-conv3-BN + shortcut (conv1x1-BN when channels change), then ReLU."""

    def __init__(self, dims: int, in_channels: int, out_channels: int):
        super().__init__()
        conv, bn = _conv(dims), _bn(dims)
        self.conv1 = conv(in_channels, out_channels, kernel_size=3, padding=1, bias=False)
        self.bn1 = bn(out_channels)
        self.conv2 = conv(out_channels, out_channels, kernel_size=3, padding=1, bias=False)
        self.bn2 = bn(out_channels)
        self.relu = nn.ReLU(inplace=True)
        if in_channels != out_channels:
            self.shortcut_conv = conv(in_channels, out_channels, kernel_size=1, bias=False)
            self.shortcut_bn = bn(out_channels)
        else:
            self.shortcut_conv = None
            self.shortcut_bn = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.shortcut_conv is not None:
            shortcut = self.shortcut_bn(self.shortcut_conv(x))
        else:
            shortcut = x
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.relu(y + shortcut)


class AttentionGate(nn.Module):
    """Additive attention gate: x * sigmoid(BN(psi(ReLU(BN(Wg g) + BN(Wx x)))))."""

    def __init__(self, dims: int, gate_channels: int, skip_channels: int, inter_channels: int):
        super().__init__()
        conv, bn = _conv(dims), _bn(dims)
        self.wg_conv = conv(gate_channels, inter_channels, kernel_size=1, bias=True)
        self.wg_bn = bn(inter_channels)
        self.wx_conv = conv(skip_channels, inter_channels, kernel_size=1, bias=True)
        self.wx_bn = bn(inter_channels)
        self.psi_conv = conv(inter_channels, 1, kernel_size=1, bias=True)
        self.psi_bn = bn(1)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, g: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        a = self.relu(self.wg_bn(self.wg_conv(g)) + self.wx_bn(self.wx_conv(x)))
        alpha = torch.sigmoid(self.psi_bn(self.psi_conv(a)))
        return x * alpha


class DecoderLevel(nn.Module):
    """Transposed-conv upsampling, attention gate on the skip, concatenation, residual block."""

    def __init__(self, dims: int, in_channels: int, out_channels: int):
        super().__init__()
        tconv = nn.ConvTranspose3d if dims == 3 else nn.ConvTranspose2d
        self.up = tconv(in_channels, out_channels, kernel_size=2, stride=2, bias=True)
        self.gate = AttentionGate(dims, out_channels, out_channels, max(out_channels // 2, 1))
        self.block = ResidualBlock(dims, 2 * out_channels, out_channels)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        up = self.up(x)
        gated = self.gate(up, skip)
        return self.block(torch.cat([gated, up], dim=1))


class AttentionResUNet(nn.Module):
    """The network of model.json's `architecture` block; forward returns logits [N, classes, *spatial]."""

    def __init__(self, spatial_dims: int, in_channels: int, base_features: int, levels: int, num_classes: int):
        super().__init__()
        if spatial_dims not in (2, 3):
            raise ValueError(f"spatial_dims must be 2 or 3, not {spatial_dims}")
        if in_channels < 1 or base_features < 1 or num_classes < 1:
            raise ValueError("in_channels, base_features and num_classes must be positive")
        if levels < 1:
            raise ValueError(f"levels must be at least 1, not {levels}")
        self.spatial_dims = spatial_dims
        self.in_channels = in_channels
        self.base_features = base_features
        self.levels = levels
        self.num_classes = num_classes
        features = [base_features * 2**i for i in range(levels)]
        self.encoders = nn.ModuleList()
        previous = in_channels
        for f in features:
            self.encoders.append(ResidualBlock(spatial_dims, previous, f))
            previous = f
        self.pool = nn.MaxPool3d(2) if spatial_dims == 3 else nn.MaxPool2d(2)
        self.decoders = nn.ModuleList(
            DecoderLevel(spatial_dims, features[i + 1], features[i]) for i in reversed(range(levels - 1))
        )
        self.head = _conv(spatial_dims)(features[0], num_classes, kernel_size=1, bias=True)

    @property
    def divisor(self) -> int:
        """Every spatial size of the input must be a multiple of this (one halving per level)."""
        return 2 ** (self.levels - 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skips: List[torch.Tensor] = []
        for i, encoder in enumerate(self.encoders):
            if i > 0:
                x = self.pool(x)
            x = encoder(x)
            skips.append(x)
        x = skips.pop()
        for decoder in self.decoders:
            x = decoder(x, skips.pop())
        return self.head(x)

    def architecture(self, class_names: List[str]) -> dict:
        """The `architecture` block of model.json for this network."""
        if len(class_names) != self.num_classes:
            raise ValueError(f"{len(class_names)} class names for {self.num_classes} classes")
        return {
            "name": ARCHITECTURE_NAME,
            "spatialDims": self.spatial_dims,
            "inChannels": self.in_channels,
            "baseFeatures": self.base_features,
            "levels": self.levels,
            "classNames": list(class_names),
        }

    @staticmethod
    def from_architecture(arch: dict) -> "AttentionResUNet":
        if arch.get("name") != ARCHITECTURE_NAME:
            raise ValueError(f"architecture name {arch.get('name')!r} is not {ARCHITECTURE_NAME!r}")
        return AttentionResUNet(
            int(arch["spatialDims"]),
            int(arch["inChannels"]),
            int(arch["baseFeatures"]),
            int(arch["levels"]),
            len(arch["classNames"]),
        )
