"""PyTorch reference of DicomSegNode's Attention Residual U-Net, and its model-package exporter.

`model.AttentionResUNet` is the network the C# engine (src/Segmentation) reproduces;
`package.export_package` / `package.load_package` write and read the model package
(`model.json` + `weights.safetensors`) described in docs/engine.md.
"""

from .model import AttentionResUNet, AttentionGate, ResidualBlock
from .package import export_package, load_package, read_safetensors, write_safetensors

__all__ = [
    "AttentionResUNet",
    "AttentionGate",
    "ResidualBlock",
    "export_package",
    "load_package",
    "read_safetensors",
    "write_safetensors",
]
