#!/usr/bin/env bash
# Parses the 20-slice shared CT series (headers and pixel data) with our reader, with pydicom (dcmread + pixel_array)
# and with dcmtk (dcmdump, loading every value), in one run; prints each one's MB/s and, last, the throughput ratios.
# Usage: bench/dicom-parse.sh [series-folder]   (default: ../shared/data/totalsegmentator/example_ct_dicom_uncompressed)
# Each figure is the best of several passes over the whole series after one warm-up pass (page cache, JIT, imports).
set -euo pipefail
cd "$(dirname "$0")/.."
SERIES="${1:-${DICOM_SERIES:-../shared/data/totalsegmentator/example_ct_dicom_uncompressed}}"
[[ -d "$SERIES" ]] || SERIES=/work/shared/data/totalsegmentator/example_ct_dicom_uncompressed
SERIES="$(cd "$SERIES" && pwd)"
SECONDS_PER_TOOL="${BENCH_SECONDS:-5}"

dotnet build bench/Dicom.Benchmarks -c Release -v q -nologo >/dev/null
ours=$(DICOM_SERIES="$SERIES" dotnet bench/Dicom.Benchmarks/bin/Release/net10.0/Dicom.Benchmarks.dll throughput "$SECONDS_PER_TOOL")
ours_mbs=$(sed -n 's/.*mb_per_s=\([0-9.]*\).*/\1/p' <<<"$ours")
bytes=$(sed -n 's/.*bytes=\([0-9]*\).*/\1/p' <<<"$ours")

pydicom_mbs=$(/usr/bin/python3 - "$SERIES" "$SECONDS_PER_TOOL" <<'PY'
import glob, os, sys, time
import pydicom
paths = sorted(glob.glob(os.path.join(sys.argv[1], "*.dcm")))
total = sum(os.path.getsize(p) for p in paths)
def run():
    for p in paths:
        pydicom.dcmread(p).pixel_array
run()
best, start, passes = float("inf"), time.perf_counter(), 0
while time.perf_counter() - start < float(sys.argv[2]) or passes < 3:
    t = time.perf_counter(); run(); best = min(best, time.perf_counter() - t); passes += 1
print("%.1f" % (total / best / 1e6))
PY
)

# dcmdump reads every element and loads every value (+M, the default) of the series; each pass is one process
# reading the series 5 times over, so process start-up is spread over 100 file reads.
files=("$SERIES"/*.dcm)
repeated=("${files[@]}" "${files[@]}" "${files[@]}" "${files[@]}" "${files[@]}")
dcmdump -q +M "${repeated[@]}" >/dev/null
best=999999999999
end=$(( $(date +%s%N) + SECONDS_PER_TOOL * 1000000000 ))
passes=0
while (( $(date +%s%N) < end || passes < 3 )); do
  t0=$(date +%s%N); dcmdump -q +M "${repeated[@]}" >/dev/null; t1=$(date +%s%N)
  (( t1 - t0 < best )) && best=$(( t1 - t0 ))
  passes=$((passes + 1))
done
dcmtk_mbs=$(awk -v b="$bytes" -v ns="$best" 'BEGIN { printf "%.1f", 5 * b / (ns / 1e9) / 1e6 }')

echo "series: $SERIES (${#files[@]} files, $bytes bytes)"
echo "dicomsegnode MB/s: $ours_mbs   (DicomFile.Open + DicomPixelData.GetFrame)"
echo "pydicom MB/s: $pydicom_mbs   (pydicom $(/usr/bin/python3 -c 'import pydicom; print(pydicom.__version__)'): dcmread + pixel_array)"
echo "dcmtk MB/s: $dcmtk_mbs   ($(dcmdump --version 2>/dev/null | head -1 | tr -d '$'): dcmdump +M, 5 x the series per process)"
awk -v o="$ours_mbs" -v p="$pydicom_mbs" -v d="$dcmtk_mbs" 'BEGIN { printf "ratio_vs_pydicom=%.2f ratio_vs_dcmtk=%.2f\n", o / p, o / d }'
