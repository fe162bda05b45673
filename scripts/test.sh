#!/usr/bin/env bash
# The whole test suite: installs what the tests need (Debian packages, npm packages), then runs every test.
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t wanted < <(grep -vE '^\s*(#|$)' scripts/test-packages.txt | awk '{print $1}')
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "test.sh: installing Debian packages: ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm comes with NodeSource's nodejs but is a separate package in Debian; only ask apt for it when it is absent,
# so that a NodeSource installation is never replaced.
if [[ -f tests/interop/package.json ]] && ! command -v npm >/dev/null; then
  echo "test.sh: installing npm"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends npm
fi

if [[ -f tests/interop/package.json ]]; then
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
fi

dotnet test DicomSegNode.sln -c Release --logger "console;verbosity=normal" "$@"
