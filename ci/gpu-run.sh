#!/usr/bin/env bash
# Certification run on an NVIDIA GPU (the H100 of the device tool): builds
# mxcts with the kernel library's HIP backend through nvcc (sm_90) and runs
#     mxcts run --backend hip --level full
# writing the text summary, JSON, JUnit and the HTML certificate to
# ${OUT:-docs} (hip-full.txt / .json / .xml, certificate-hip-full.html).
# Exit status: mxcts run's (0 only when nothing required failed).
#   ci/gpu-run.sh [build-dir] [level]
set -u -o pipefail
cd "$(dirname "$0")/.."
B=${1:-build-gpu}
LEVEL=${2:-full}
D=${OUT:-docs}
export PATH=/usr/local/cuda/bin:$PATH
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
cmake -S . -B "$B" -DMXCTS_HIP_NVIDIA=ON -DMXCTS_CUDA_ARCH=90a -DCMAKE_BUILD_TYPE=Release >"$B.cmake.log" 2>&1 \
  || { tail -30 "$B.cmake.log"; exit 2; }
cmake --build "$B" -j"$(nproc)" --target mxcts >"$B.build.log" 2>&1 || { tail -40 "$B.build.log"; exit 2; }
mkdir -p "$D"
"$B/conformance/mxcts" run --backend hip --level "$LEVEL" --report text:"$D/hip-$LEVEL.txt" \
  --report json:"$D/hip-$LEVEL.json" --report junit:"$D/hip-$LEVEL.xml" \
  --report html:"$D/certificate-hip-$LEVEL.html"
rc=$?
cat "$D/hip-$LEVEL.txt" | tail -40
exit $rc
