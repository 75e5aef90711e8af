#!/usr/bin/env bash
# Build and run both GPU cross-checks (one command on the GPU host; run from the
# repository root). Needs cmake, nvcc (CUDA 13), a GPU, python3 with torch and numpy.
set -u
cd "$(dirname "$0")/../.."
B=tools/crosscheck_gpu/build
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null
date -u +"date: %Y-%m-%dT%H:%M:%SZ"
cmake -S tools/crosscheck_gpu -B "$B" -DCMAKE_BUILD_TYPE=Release >/dev/null &&
  cmake --build "$B" -j"$(nproc)" >/dev/null || { echo "build failed"; exit 2; }
rc=0
t=$SECONDS
"$B/crosscheck_cuda" || rc=1
echo "crosscheck_cuda: $((SECONDS - t)) s"
t=$SECONDS
python3 tools/crosscheck_gpu/crosscheck_torch.py --table-cmd "$B/crosscheck_cuda --table" "$@" || rc=1
echo "crosscheck_torch: $((SECONDS - t)) s"
exit $rc
