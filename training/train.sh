#!/usr/bin/env bash
# Train one of the node's models and write its model package.
#   training/train.sh --task liver  --data /path/Task03_Liver          [--out models/liver]  [more options]
#   training/train.sh --task vessel --data /path/Task08_HepaticVessel  [--out models/vessel] [more options]
# Data may be a Decathlon task folder, node phantom folders or a folder of NIfTI image/label pairs;
# `--data` may be repeated. The published recipe is the default; see docs/training.md and
# `training/train.sh --help` for every option. PYTHON overrides the interpreter (default
# /usr/bin/python3, Debian's; any Python with PyTorch, numpy, nibabel and pydicom works, GPU or not).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
args=("$@")
task=""
has_out=0
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --task) task="${args[$((i + 1))]:-}" ;;
    --task=*) task="${args[$i]#--task=}" ;;
    --out|--out=*) has_out=1 ;;
    -h|--help) exec "${PYTHON:-/usr/bin/python3}" -m dicomsegnode_train train --help ;;
  esac
done
if [[ $has_out -eq 0 && -n "$task" ]]; then
  args+=(--out "$here/../models/$task")
fi
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
exec "${PYTHON:-/usr/bin/python3}" -m dicomsegnode_train train "${args[@]}"
