"""scipy.ndimage on the same scene as Scene.cs; prints "op=<name> best_s=<seconds>" per op (bench/volume-ops.sh)."""
import sys
import time

import numpy as np
from scipy import ndimage

n = int(sys.argv[1]) if len(sys.argv) > 1 else 512
slices = int(sys.argv[2]) if len(sys.argv) > 2 else 600
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3

mask = np.empty((slices, n, n), np.uint8)
j, i = np.ogrid[0:n, 0:n]
for k in range(slices):  # slice by slice: the full-size float64 temporaries would take gigabytes
    dx, dy, dz = (i - 0.4 * n) / (0.25 * n), (j - 0.5 * n) / (0.2 * n), (k - 0.5 * slices) / (0.3 * slices)
    ellipsoid = dx * dx + dy * dy + dz * dz <= 1
    hi, hj, hk = (i + 20) % 40 - 20, (j + 20) % 40 - 20, (k + 20) % 40 - 20
    hole = hi * hi + hj * hj + hk * hk <= 36
    blob = (j >= 10) & (j < 13) & (10 <= k < 13) & (i % 16 < 3)
    mask[k] = (ellipsoid & ~hole) | blob
hu = np.where(mask > 0, np.float32(100), np.float32(-100)).astype(np.float32)
print(f"scene {n}x{n}x{slices}, mask {int(mask.sum())} voxels")

factors = (slices * 1.0 / 1.5 / slices, n * 0.8 / 1.5 / n, n * 0.8 / 1.5 / n)
cube = np.ones((3, 3, 3), bool)


def keep_largest():
    labels, count = ndimage.label(mask, structure=cube)
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    return labels == sizes.argmax()


ops = [
    ("resample_trilinear_to_1.5mm", lambda: ndimage.zoom(hu, factors, order=1)),
    ("label_26", lambda: ndimage.label(mask, structure=cube)),
    ("fill_holes", lambda: ndimage.binary_fill_holes(mask)),
    ("dilate_box_13x13x11", lambda: ndimage.maximum_filter(mask, size=(11, 13, 13))),
    ("keep_largest_26", keep_largest),
]
for name, op in ops:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        op()
        best = min(best, time.perf_counter() - t)
    print(f"op={name} best_s={best:.4f}")
