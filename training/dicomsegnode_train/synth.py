"""Python-side abdominal CT phantoms, shaped like the node's `dicomsegnode phantom` output.

Every structure is an implicit shape in millimetres, so a phantom can be drawn on any grid
(directly at a model's spacing for fast training, or at scanner-like spacing for a DICOM
series). Labels follow the node's phantom: 0 background, 1 liver parenchyma, 2 liver tumour,
3 hepatic vessel, above 3 other structures (OTHER_LABELS). Contrast-enhanced portal venous
phase: vessels brighter than parenchyma, tumours darker. Intensities, sizes, positions,
noise and blur are drawn at random per phantom.
"""
from __future__ import annotations

import math
from typing import Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from .volume import Volume

OTHER_LABELS = {4: "spleen", 5: "kidney", 6: "stomach", 7: "aorta", 8: "inferior vena cava", 9: "bone", 10: "lung"}


def _smooth_field(rng: np.random.Generator, shape, coarse: int, amplitude: float) -> np.ndarray:
    g = torch.from_numpy(rng.standard_normal((1, 1, coarse, coarse, coarse)).astype(np.float32))
    up = F.interpolate(g, size=tuple(shape), mode="trilinear", align_corners=True)[0, 0].numpy()
    return up * amplitude


def _blur(vol: np.ndarray, sigma_vox: Tuple[float, float, float]) -> np.ndarray:
    t = torch.from_numpy(vol)[None, None]
    for axis, s in enumerate(sigma_vox):
        if s < 0.2:
            continue
        r = max(1, int(math.ceil(3 * s)))
        k = torch.exp(-0.5 * (torch.arange(-r, r + 1, dtype=torch.float32) / s) ** 2)
        k = (k / k.sum()).view([1, 1] + [-1 if a == axis else 1 for a in range(3)])
        pad = [0, 0, 0, 0, 0, 0]
        pad[2 * (2 - axis)] = pad[2 * (2 - axis) + 1] = r
        t = F.conv3d(F.pad(t, pad, mode="replicate"), k)
    return t[0, 0].numpy()


class _Canvas:
    """Grid coordinates in mm (patient x to the left, y to the back, z upwards) and the two outputs."""

    def __init__(self, shape, spacing, origin):
        self.shape, self.spacing, self.origin = shape, spacing, origin
        z = origin[0] + np.arange(shape[0], dtype=np.float32) * spacing[0]
        y = origin[1] + np.arange(shape[1], dtype=np.float32) * spacing[1]
        x = origin[2] + np.arange(shape[2], dtype=np.float32) * spacing[2]
        self.z, self.y, self.x = z[:, None, None], y[None, :, None], x[None, None, :]
        self.hu = np.full(shape, -1000.0, dtype=np.float32)
        self.labels = np.zeros(shape, dtype=np.uint8)

    def ellipsoid(self, c, r, warp: Optional[np.ndarray] = None) -> np.ndarray:
        d = ((self.z - c[0]) / r[0]) ** 2 + ((self.y - c[1]) / r[1]) ** 2 + ((self.x - c[2]) / r[2]) ** 2
        if warp is not None:
            d = d + warp
        return d <= 1.0

    def cylinder(self, cy, cx, ry, rx, z0=-1e9, z1=1e9) -> np.ndarray:
        m = ((self.y - cy) / ry) ** 2 + ((self.x - cx) / rx) ** 2 <= 1.0
        return m & (self.z >= z0) & (self.z <= z1)

    def paint(self, mask, hu, label=None):
        self.hu[mask] = hu
        if label is not None:
            self.labels[mask] = label

    def index_of(self, p):
        return tuple(int(round((p[a] - self.origin[a]) / self.spacing[a])) for a in range(3))

    def inside(self, p) -> bool:
        i = self.index_of(p)
        return all(0 <= i[a] < self.shape[a] for a in range(3))


def _segment_mask(cv: _Canvas, a, b, radius):
    """Voxels within `radius` of the segment a-b, computed only in its bounding box."""
    lo = [min(a[k], b[k]) - radius - cv.spacing[k] for k in range(3)]
    hi = [max(a[k], b[k]) + radius + cv.spacing[k] for k in range(3)]
    i0 = [max(0, int(math.floor((lo[k] - cv.origin[k]) / cv.spacing[k]))) for k in range(3)]
    i1 = [min(cv.shape[k], int(math.ceil((hi[k] - cv.origin[k]) / cv.spacing[k])) + 1) for k in range(3)]
    if any(i1[k] <= i0[k] for k in range(3)):
        return None, None
    z = cv.z[i0[0]:i1[0]]
    y = cv.y[:, i0[1]:i1[1]]
    x = cv.x[:, :, i0[2]:i1[2]]
    ab = np.array(b, dtype=np.float32) - np.array(a, dtype=np.float32)
    L2 = float(ab @ ab) + 1e-6
    t = ((z - a[0]) * ab[0] + (y - a[1]) * ab[1] + (x - a[2]) * ab[2]) / L2
    t = np.clip(t, 0.0, 1.0)
    d2 = (z - a[0] - t * ab[0]) ** 2 + (y - a[1] - t * ab[1]) ** 2 + (x - a[2] - t * ab[2]) ** 2
    sl = (slice(i0[0], i1[0]), slice(i0[1], i1[1]), slice(i0[2], i1[2]))
    return sl, d2 <= radius * radius


def _grow_tree(rng, cv: _Canvas, liver: np.ndarray, vessel: np.ndarray, start, direction, radius, depth):
    """A branching tree of tubes that stays inside the liver; radius shrinks per generation."""
    stack = [(np.asarray(start, dtype=np.float64), np.asarray(direction, dtype=np.float64), radius, depth)]
    while stack:
        p, d, r, k = stack.pop()
        if r < 0.9 or k <= 0:
            continue
        length = rng.uniform(4.0, 8.0) * r + rng.uniform(5, 15)
        for _ in range(4):
            nd = d / np.linalg.norm(d) + rng.normal(0, 0.35, 3)
            nd /= np.linalg.norm(nd)
            q = p + nd * length
            if cv.inside(q) and liver[cv.index_of(q)]:
                break
        else:
            continue
        sl, m = _segment_mask(cv, p, q, r)
        if sl is not None:
            vessel[sl] |= m
        for _ in range(2):
            stack.append((q, nd + rng.normal(0, 0.6, 3), r * rng.uniform(0.62, 0.85), k - 1))


def make_phantom(seed: int, spacing: Optional[Tuple[float, float, float]] = None,
                 slices: Optional[int] = None, name: Optional[str] = None) -> Volume:
    """One phantom; spacing (z, y, x) in mm is drawn at random when not given."""
    rng = np.random.default_rng(seed)
    if spacing is None:
        s_xy = rng.uniform(0.65, 0.95)
        spacing = (float(rng.choice([1.0, 1.5, 2.0, 2.5, 3.0, 5.0])), s_xy, s_xy)
    body_rx, body_ry = rng.uniform(135, 190), rng.uniform(100, 140)
    fov = 2 * body_rx + rng.uniform(20, 80)
    nxy = int(round(fov / spacing[1]))
    liver_c = np.array([0.0, rng.uniform(-25, 5), -body_rx * rng.uniform(0.30, 0.42)])
    liver_r = np.array([rng.uniform(65, 90), rng.uniform(60, 85), rng.uniform(65, 95)])
    z_lo = -liver_r[0] - rng.uniform(10, 60)
    z_hi = liver_r[0] + rng.uniform(10, 60)
    nz = slices if slices is not None else max(8, int(round((z_hi - z_lo) / spacing[0])))
    origin = (z_lo, -nxy * spacing[1] / 2, -nxy * spacing[2] / 2)
    cv = _Canvas((nz, nxy, nxy), spacing, origin)
    shape = cv.shape

    # Body: skin and subcutaneous fat, muscle wall, visceral fat.
    fat_t, mus_t = rng.uniform(8, 28), rng.uniform(6, 15)
    cv.paint(cv.cylinder(15, 0, body_ry, body_rx), rng.uniform(-115, -85))
    cv.paint(cv.cylinder(15, 0, body_ry - fat_t, body_rx - fat_t), rng.uniform(35, 60))
    cv.paint(cv.cylinder(15, 0, body_ry - fat_t - mus_t, body_rx - fat_t - mus_t), rng.uniform(-105, -75))
    # Lungs above the liver dome, behind the ribs.
    dome = liver_c[0] + liver_r[0] * rng.uniform(0.55, 0.8)
    for side in (-1, 1):
        lung = cv.ellipsoid((dome + 120, 25, side * body_rx * 0.45), (150, body_ry * 0.7, body_rx * 0.4))
        cv.paint(lung & (cv.z > dome - 10), rng.uniform(-880, -780), 10)
    # Other organs.
    kid_z = liver_c[0] - rng.uniform(10, 40)
    for side in (-1, 1):
        cv.paint(cv.ellipsoid((kid_z, body_ry * 0.45, side * rng.uniform(55, 75)),
                              (rng.uniform(45, 60), rng.uniform(22, 30), rng.uniform(25, 32))),
                 rng.uniform(140, 200), 5)
    spleen_hu = rng.uniform(100, 135)
    cv.paint(cv.ellipsoid((liver_c[0] + rng.uniform(0, 30), body_ry * rng.uniform(0.25, 0.45), body_rx * rng.uniform(0.55, 0.7)),
                          (rng.uniform(35, 55), rng.uniform(25, 40), rng.uniform(18, 28))), spleen_hu, 4)
    st_c = (liver_c[0] + rng.uniform(5, 35), rng.uniform(-40, -5), body_rx * rng.uniform(0.2, 0.4))
    st_r = (rng.uniform(35, 55), rng.uniform(25, 40), rng.uniform(30, 45))
    stomach = cv.ellipsoid(st_c, st_r)
    cv.paint(stomach, rng.uniform(5, 35), 6)
    cv.paint(stomach & (cv.y < st_c[1] - st_r[1] * rng.uniform(0.2, 0.7)), -990.0, 6)
    for _ in range(rng.integers(3, 9)):  # bowel gas below the liver
        c = (liver_c[0] - rng.uniform(40, 120), rng.uniform(-60, 20), rng.uniform(-60, 100))
        cv.paint(cv.ellipsoid(c, (rng.uniform(8, 20),) * 3), rng.uniform(-1000, -900))
    aorta_hu = rng.uniform(150, 280)
    cv.paint(cv.cylinder(body_ry * 0.35, rng.uniform(5, 20), 11, 11), aorta_hu, 7)
    spine_y = body_ry * rng.uniform(0.55, 0.7)
    cv.paint(cv.cylinder(spine_y, 0, 17, 19), rng.uniform(250, 400), 9)
    cv.paint(cv.cylinder(spine_y + 28, 0, 8, 8), rng.uniform(10, 40))
    for k in range(int(rng.integers(3, 7))):  # ribs as short arcs at the body wall
        zc = liver_c[0] + rng.uniform(-20, 80)
        for side in (-1, 1):
            ang = rng.uniform(0.3, 2.2)
            rib = cv.ellipsoid((zc, 15 + (body_ry - fat_t - 4) * math.sin(ang - 1.57),
                                side * (body_rx - fat_t - 4) * math.cos(ang - 1.57)), (6, 10, 10))
            cv.paint(rib, rng.uniform(500, 900), 9)

    # Liver: two lobes, deformed; vessels; tumours.
    warp = _smooth_field(rng, shape, 5, rng.uniform(0.15, 0.35))
    right = cv.ellipsoid(liver_c, liver_r, warp)
    left_c = liver_c + np.array([liver_r[0] * 0.25, -liver_r[1] * 0.35, liver_r[2] * rng.uniform(0.8, 1.1)])
    left = cv.ellipsoid(left_c, liver_r * np.array([0.55, 0.45, rng.uniform(0.5, 0.75)]), warp)
    liver = (right | left) & (cv.z < dome)
    liver_hu = rng.uniform(85, 145)
    texture = _smooth_field(rng, shape, 12, rng.uniform(2, 8))
    cv.hu[liver] = liver_hu + texture[liver]
    cv.labels[liver] = 1
    ivc = cv.cylinder(body_ry * 0.25, liver_c[2] + liver_r[2] * 0.75, 10, 12)
    cv.paint(ivc, liver_hu + rng.uniform(10, 50), 8)
    liver &= ~ivc
    vessel = np.zeros(shape, dtype=bool)
    hilum = liver_c + np.array([-liver_r[0] * 0.2, liver_r[1] * 0.1, liver_r[2] * 0.45])
    _grow_tree(rng, cv, liver, vessel, hilum, -np.array([0.2, 0.0, 1.0]), rng.uniform(4.5, 7.0), 7)
    top = liver_c + np.array([liver_r[0] * 0.45, liver_r[1] * 0.2, liver_r[2] * 0.5])
    if cv.inside(top) and liver[cv.index_of(top)]:
        _grow_tree(rng, cv, liver, vessel, top, np.array([-1.0, 0.0, -0.6]), rng.uniform(3.5, 6.0), 6)
    vessel &= liver
    cv.paint(vessel, liver_hu + rng.uniform(40, 130), 3)
    n_tumours = int(rng.choice([0, 1, 1, 2, 2, 3, 4]))
    tumour_any = np.zeros(shape, dtype=bool)
    liver_idx = np.argwhere(liver)
    for _ in range(n_tumours):
        if len(liver_idx) == 0:
            break
        c_idx = liver_idx[rng.integers(len(liver_idx))]
        c = [cv.origin[a] + c_idx[a] * spacing[a] for a in range(3)]
        r0 = rng.uniform(6, 30)
        t = cv.ellipsoid(c, r0 * rng.uniform(0.75, 1.25, 3), warp * 0.5) & (liver | vessel)
        contrast = rng.uniform(20, 75)
        cv.hu[t] = liver_hu - contrast + texture[t] * rng.uniform(0.5, 2.0)
        core = cv.ellipsoid(c, r0 * 0.45 * np.ones(3)) & t
        if rng.random() < 0.4:
            cv.hu[core] -= rng.uniform(10, 30)
        cv.labels[t] = 2
        tumour_any |= t

    blur_mm = rng.uniform(0.5, 1.2)
    hu = _blur(cv.hu, tuple(blur_mm / s for s in spacing))
    hu += rng.normal(0, rng.uniform(6, 22), shape).astype(np.float32)
    return Volume(name or f"pyphantom-{seed}", hu.astype(np.float32), cv.labels, tuple(float(s) for s in spacing),
                  source="python-phantom", meta={"seed": seed, "origin": origin})
