#!/usr/bin/env bash
# Install what mxcts needs on Debian 12, as root. Idempotent: packages already
# present are not fetched again, and apt-get update runs only when needed.
set -euo pipefail
packages=(cmake gcc g++ make libc6-dev libssl-dev python3 python3-pip
          python3-jsonschema libxml2-utils # mxcts run report validation (conformance/tests/test_run.sh)
          pkg-config # ci/package-check.sh (examples/consumer through pkg-config)
          clang-14 libclang-rt-14-dev libomp-14-dev # ci/sanitizers.sh (TSan + Archer), ci/fuzz.sh (libFuzzer)
          clang-tidy-14 cppcheck # ci/static-analysis.sh
          lcov) # ci/coverage.sh
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep "install ok installed" >/dev/null || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "ci/deps.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
cmake --version | head -1
# Peer implementations for the cross-checks (PyPI): pinned, installed only when missing.
if ! python3 -c 'import numpy, ml_dtypes' 2>/dev/null; then
  echo "ci/deps.sh: pip installing numpy ml_dtypes"
  python3 -m pip install -q "numpy>=1.26" "ml_dtypes==0.6.0"
fi
