#!/usr/bin/env bash
# Our CUDA backend vs PyTorch CUDA on a GPU machine: the liver-sized (3D, 8 base features, 5 levels, 128^3
# patches) and vessel-sized (16 base features) Attention Residual U-Nets, each over a whole 512x512x300 volume
# with sliding-window inference (overlap 0.5, Gaussian blending, softmax, probabilities back on the host), same
# random weights, float32 on both sides (TF32 off), one timed run each after a one-patch warm-up. Prints each
# time, the largest probability difference on the middle slice, the sum of both networks (an upper bound for
# the cascade's network time: the vessel model really runs on the liver ROI only), and on the last line
# ratio_vs_pytorch=<our time / PyTorch time> (the larger of the two networks' ratios; below 1.0 = we are faster).
#
# Needs: an NVIDIA GPU with its driver; a Python with current PyTorch built for CUDA (its pip wheels bring the
# nvidia/*/lib folders our backend loads cuDNN and cuBLAS from); and a self-contained build of the bench:
#   dotnet publish bench/Engine.CudaBench -c Release -r linux-x64 --self-contained -o artifacts/engine-cuda-bench
# Usage: bench/engine-cuda.sh [PUBLISH_DIR (default artifacts/engine-cuda-bench)] [PYTHON (default python3)]
set -euo pipefail
cd "$(dirname "$0")/.."
PUBLISH=${1:-artifacts/engine-cuda-bench}
PY=${2:-${PYTHON:-python3}}
DEPTH=300; HEIGHT=512; WIDTH=512
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

BENCH="$PUBLISH/engine-cuda-bench"
if [[ ! -x "$BENCH" ]]; then
  echo "no self-contained build at $PUBLISH; build it with:" >&2
  echo "  dotnet publish bench/Engine.CudaBench -c Release -r linux-x64 --self-contained -o $PUBLISH" >&2
  exit 2
fi

"$PY" - <<'PYEOF' || { echo "this bench needs a Python whose PyTorch sees a CUDA GPU (set PYTHON=...)" >&2; exit 2; }
import sys, torch
ok = torch.cuda.is_available()
print(f"pytorch {torch.__version__}, cuda {torch.version.cuda}, cudnn {torch.backends.cudnn.version()}, "
      f"device {torch.cuda.get_device_name(0) if ok else 'none'}")
sys.exit(0 if ok else 1)
PYEOF

# Let our backend find the CUDA libraries of the same PyTorch install (nvidia/*/lib and torch/lib).
SITE=$("$PY" -c 'import os, torch; print(os.path.dirname(os.path.dirname(torch.__file__)))')
export LD_LIBRARY_PATH="$(ls -d "$SITE"/nvidia/*/lib 2>/dev/null | tr '\n' ':')$SITE/torch/lib:${LD_LIBRARY_PATH:-}"
if ! probe=$("$BENCH" --probe); then
  echo "our CUDA backend cannot run here: $probe" >&2
  exit 2
fi
echo "ours: $probe"

cat > "$WORK/torch_bench.py" <<'PYEOF'
"""PyTorch side: make a package, make the volume, time sliding-window inference on the GPU."""
import math, os, sys, time
import numpy as np
import torch
import torch.nn.functional as F
sys.path.insert(0, os.path.join(os.getcwd(), "training"))
from dicomsegnode_train import AttentionResUNet, export_package, load_package  # noqa: E402

DEVICE = os.environ.get("BENCH_TORCH_DEVICE", "cuda")  # "cpu" only to check this script's logic without a GPU
torch.backends.cudnn.allow_tf32 = False          # float32, as our backend (CUDNN_FMA_MATH)
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.benchmark = True            # PyTorch autotunes as we do (cudnnFind, once per shape)


def sync():
    if DEVICE == "cuda":
        torch.cuda.synchronize()


def make(folder, base):
    torch.manual_seed(base)
    model = AttentionResUNet(3, 1, base, 5, 3).eval()
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm3d):
            m.running_var.data.uniform_(0.5, 2.0)
            m.running_mean.data.normal_(0, 0.1)
    export_package(model, folder, name=f"bench-{base}", class_names=["background", "a", "b"],
                   spacing_mm=[1.0, 1.0, 1.0], hu_window=[-200, 300], normalization_mean=50, normalization_std=120,
                   patch_size=[128, 128, 128], provenance={"data": "random weights (benchmark)"})


def volume(path, d, h, w):
    rng = np.random.default_rng(3)
    v = rng.uniform(-400, 600, size=(d, h, w)).astype("<f4")
    v.tofile(path)


def starts(size, patch, overlap):  # SlidingWindow.Starts
    if size <= patch:
        return [0]
    step = max(1.0, patch * (1 - overlap))
    count = math.ceil((size - patch) / step) + 1
    actual = (size - patch) / (count - 1)
    return [int(round(i * actual)) for i in range(count)]


def gaussian(n, scale):  # SlidingWindow.Weights profile
    sigma = max(n * scale, 1e-3)
    c = (n - 1) / 2.0
    g = torch.exp(-0.5 * ((torch.arange(n, dtype=torch.float64) - c) / sigma) ** 2)
    return g / g.max()


def run(folder, vol_path, d, h, w, z, slice_out):
    model, manifest = load_package(folder)
    model = model.to(DEVICE).eval()
    inp, inf = manifest["input"], manifest["inference"]
    pd, ph, pw = inf["patchSize"]
    lo, hi = inp["huWindow"]
    mean, std = inp["normalization"]["mean"], inp["normalization"]["std"]
    scale = inf.get("gaussianSigmaScale", 0.125)
    wgt = (gaussian(pd, scale)[:, None, None] * gaussian(ph, scale)[None, :, None] * gaussian(pw, scale)[None, None, :])
    wgt = wgt.clamp_min(1e-4).float().to(DEVICE)
    hu = torch.from_numpy(np.fromfile(vol_path, dtype="<f4").reshape(d, h, w))
    with torch.no_grad():
        model(torch.zeros(1, 1, pd, ph, pw, device=DEVICE))  # warm-up: cuDNN autotuning, allocator
        sync()
        t0 = time.perf_counter()
        x = ((hu.to(DEVICE).clamp(lo, hi) - mean) / std)
        acc = torch.zeros(3, d, h, w, device=DEVICE)
        norm = torch.zeros(d, h, w, device=DEVICE)
        n = 0
        for z0 in starts(d, pd, inf["overlap"]):
            for y0 in starts(h, ph, inf["overlap"]):
                for x0 in starts(w, pw, inf["overlap"]):
                    patch = x[z0:z0 + pd, y0:y0 + ph, x0:x0 + pw][None, None]
                    p = F.softmax(model(patch), dim=1)[0]
                    acc[:, z0:z0 + pd, y0:y0 + ph, x0:x0 + pw] += p * wgt
                    norm[z0:z0 + pd, y0:y0 + ph, x0:x0 + pw] += wgt
                    n += 1
        probs = (acc / norm).cpu()
        sync()
        seconds = time.perf_counter() - t0
    probs[1, z].numpy().astype("<f4").tofile(slice_out)
    print(f"engine=pytorch-{torch.__version__} seconds={seconds:.3f} patches={n}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "make":
        make(sys.argv[2], int(sys.argv[3]))
    elif cmd == "volume":
        volume(sys.argv[2], *map(int, sys.argv[3:6]))
    else:
        run(sys.argv[2], sys.argv[3], *map(int, sys.argv[4:8]), sys.argv[8])
PYEOF

"$PY" "$WORK/torch_bench.py" volume "$WORK/volume.f32" $DEPTH $HEIGHT $WIDTH
Z=$((DEPTH / 2))
worst=0; ours_total=0; torch_total=0
for spec in liver:8 vessel:16; do
  name=${spec%%:*}; base=${spec##*:}
  dir="$WORK/$name"
  "$PY" "$WORK/torch_bench.py" make "$dir" "$base"
  torch_line=$("$PY" "$WORK/torch_bench.py" run "$dir" "$WORK/volume.f32" $DEPTH $HEIGHT $WIDTH $Z "$WORK/$name-torch.f32")
  ours_line=$("$BENCH" --model "$dir" --volume "$WORK/volume.f32" --depth $DEPTH --height $HEIGHT --width $WIDTH --device cuda \
    --slice $Z --slice-out "$WORK/$name-ours.f32")
  t_torch=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$torch_line")
  t_ours=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$ours_line")
  diff=$("$PY" -c "import numpy as np; a=np.fromfile('$WORK/$name-ours.f32','<f4'); b=np.fromfile('$WORK/$name-torch.f32','<f4'); print(f'{np.abs(a-b).max():.2e}')")
  ratio=$("$PY" -c "print(f'{$t_ours / $t_torch:.3f}')")
  echo "$name (base $base, ${DEPTH}x${HEIGHT}x${WIDTH}, 128^3 patches):"
  echo "  pytorch: $torch_line"
  echo "  ours:    $ours_line"
  echo "  ratio $ratio, max |p_ours - p_torch| on slice $Z: $diff"
  worst=$("$PY" -c "print(max($worst, $ratio))")
  ours_total=$("$PY" -c "print(round($ours_total + $t_ours, 3))")
  torch_total=$("$PY" -c "print(round($torch_total + $t_torch, 3))")
done
echo "both networks over the whole volume: ours ${ours_total}s, pytorch ${torch_total}s (cascade goal: < 5 s)"
echo "ratio_vs_pytorch=$worst"
