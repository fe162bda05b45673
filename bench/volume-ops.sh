#!/usr/bin/env bash
# Volume operations (src/Segmentation/Volumes) vs scipy.ndimage on the same CT-sized scene, in one run:
# trilinear resampling to 1.5 mm, 26-connected labelling, 3D hole filling, box dilation, largest component.
# Prints both times per op and, on the last line, ratio_vs_scipy=<sum of our times / sum of scipy's> (below 1.0: we
# are faster). Usage: bench/volume-ops.sh [matrix (512)] [slices (600)] [runs (3)]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-512}; Z=${2:-600}; RUNS=${3:-3}
dotnet build bench/Volumes.Benchmarks -c Release -v q -nologo >/dev/null
ours=$(dotnet bench/Volumes.Benchmarks/bin/Release/net10.0/Volumes.Benchmarks.dll "$N" "$Z" "$RUNS")
theirs=$(/usr/bin/python3 bench/Volumes.Benchmarks/volume_ops_scipy.py "$N" "$Z" "$RUNS")
echo "ours:  $(head -1 <<<"$ours")"
echo "scipy: $(head -1 <<<"$theirs")"
/usr/bin/python3 - "$ours" "$theirs" <<'PY'
import sys
def parse(text):
    return {l.split()[0][3:]: float(l.split()[1][7:]) for l in text.splitlines() if l.startswith("op=")}
ours, theirs = parse(sys.argv[1]), parse(sys.argv[2])
for op in ours:
    print(f"{op:32s} ours {ours[op]:8.3f} s   scipy {theirs[op]:8.3f} s   ratio {ours[op] / theirs[op]:.3f}")
print(f"ratio_vs_scipy={sum(ours.values()) / sum(theirs.values()):.3f}")
PY
