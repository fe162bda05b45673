#!/usr/bin/env bash
# Encodes a 3-segment BINARY SEG for a synthetic 512x512xSLICES series (default 600), with our encoder
# (SegmentationEncoder + Part 10 write) and with the highdicom-like pydicom + numpy packbits equivalent, in one
# run on the same masks; checks both pixel data are identical; prints medians and, last,
# ratio_vs_pydicom=<our time / theirs> (below 1.0: we are faster).
# Usage: bench/seg-encode.sh [slices] [repetitions]
set -euo pipefail
cd "$(dirname "$0")/.."
slices=${1:-600}
reps=${2:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

dotnet build bench/SegEncode -c Release -v quiet -nologo >/dev/null
ours=$(dotnet bench/SegEncode/bin/Release/net10.0/seg-encode-bench.dll "$slices" "$reps" "$out/ours.dcm")
theirs=$(/usr/bin/python3 bench/SegEncode/seg_encode_pydicom.py "$slices" "$reps" "$out/theirs.dcm")
echo "slices=$slices repetitions=$reps"
echo "$ours"
echo "$theirs"

/usr/bin/python3 - "$out/ours.dcm" "$out/theirs.dcm" <<'PY'
import sys, pydicom
a, b = (pydicom.dcmread(p) for p in sys.argv[1:3])
assert a.NumberOfFrames == b.NumberOfFrames, (a.NumberOfFrames, b.NumberOfFrames)
assert a.PixelData == b.PixelData, "pixel data differ"
print("pixel_data_identical=yes frames=%d" % a.NumberOfFrames)
PY

ours_ms=$(sed -E 's/.*ours_ms=([0-9.]+).*/\1/' <<<"$ours")
theirs_ms=$(sed -E 's/.*pydicom_ms=([0-9.]+).*/\1/' <<<"$theirs")
awk -v o="$ours_ms" -v t="$theirs_ms" 'BEGIN { printf "ratio_vs_pydicom=%.3f\n", o / t }'
