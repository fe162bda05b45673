#!/usr/bin/env bash
# Our CPU engine vs PyTorch on the CPU: the liver-sized (3D, 8 base features, 5 levels) and vessel-sized
# (16 base features) Attention Residual U-Nets on one 128x128x128 patch, same weights, same input, same
# thread count, in one run. Prints each time, the GFLOP/s each reaches against the measured FMA peak, the
# largest output difference, and on the last line ratio_vs_pytorch=<our time / PyTorch time> (the larger of
# the two networks' ratios; below 1.0 means we are faster).
# Usage: bench/engine-cpu.sh [threads (default: all cores)] [runs (default 3)]
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${1:-$(nproc)}
RUNS=${2:-3}
PY=/usr/bin/python3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

dotnet build bench/Engine.Benchmarks -c Release -v q -nologo >/dev/null
BENCH=(dotnet bench/Engine.Benchmarks/bin/Release/net10.0/Engine.Benchmarks.dll)

peak_line=$("${BENCH[@]}" peak "$THREADS")
peak=$(sed -E 's/.*peak_gflops=([0-9.]+).*/\1/' <<<"$peak_line")
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), threads=$THREADS, measured FMA peak ${peak} GFLOP/s"

worst=0
for spec in liver:8 vessel:16; do
  name=${spec%%:*}; base=${spec##*:}
  dir="$WORK/$name"
  $PY bench/Engine.Benchmarks/torch_forward.py make "$dir" "$base"
  torch_line=$($PY bench/Engine.Benchmarks/torch_forward.py time "$dir" "$THREADS" "$RUNS")
  ours_line=$("${BENCH[@]}" compare --model "$dir" --threads "$THREADS" --runs "$RUNS" --input "$dir/input.f32" --expect "$dir/logits.f32")
  t_torch=$(sed -E 's/.*best_s=([0-9.]+).*/\1/' <<<"$torch_line")
  t_ours=$(sed -E 's/.*best_s=([0-9.]+).*/\1/' <<<"$ours_line")
  gflop=$(sed -E 's/.*gflop=([0-9.]+).*/\1/' <<<"$ours_line")
  echo "$name (base $base, 128^3, ${gflop} GFLOP):"
  echo "  pytorch: $torch_line"
  echo "  ours:    $ours_line"
  read -r ratio line < <($PY - "$t_ours" "$t_torch" "$gflop" "$peak" <<'PYEOF'
import sys
ours, torch_, gflop, peak = map(float, sys.argv[1:])
ratio = ours / torch_
print(f"{ratio:.3f} ours {ours:.3f}s = {gflop/ours:.1f} GFLOP/s ({100*gflop/ours/peak:.0f}% of peak), "
      f"pytorch {torch_:.3f}s = {gflop/torch_:.1f} GFLOP/s ({100*gflop/torch_/peak:.0f}% of peak), ratio {ratio:.3f}")
PYEOF
  )
  echo "  $line"
  worst=$($PY -c "print(max($worst, $ratio))")
done
echo "ratio_vs_pytorch=$worst"
