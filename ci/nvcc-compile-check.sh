#!/usr/bin/env bash
# NVIDIA compile check of the HIP kernels (no GPU here: "compiled, not run").
# With nvcc present: builds the kernel library for sm_90a (the H100 path:
# wgmma, TMA, clusters) with ptxas reporting, fails if ptxas serialises the
# wgmma of any kernel (C7514, a silent slowdown: a non-wgmma instruction
# touched an in-flight accumulator), prints the TMA GEMM's registers and
# spills, then compiles the GEMM once more with every experiment knob of
# kernels/hip/mxk_gemm_ws.h and kernels/hip/mxk_gemm.hip on (ci/gpu-ab.sh runs them), so those stay
# buildable. Without nvcc: says so and passes.
set -u -o pipefail
cd "$(dirname "$0")/.."
export PATH=/usr/local/cuda/bin:$PATH
if ! command -v nvcc >/dev/null; then
  echo "nvcc-compile-check: no nvcc here: skipped"
  exit 0
fi
B=${NVCC_CHECK_DIR:-build-nvcc}
rc=0
nvcc --version | tail -1
build() { # build DIR EXTRA-FLAGS
  rm -rf "$1" && mkdir -p "$1" # a full compile: the check reads ptxas output
  cmake -S . -B "$1" -DMXCTS_HIP_NVIDIA=ON -DMXCTS_CUDA_ARCH=90a -DCMAKE_BUILD_TYPE=Release \
    "-DCMAKE_CUDA_FLAGS=-Xptxas=-v $2" >"$1/nvcc-check.log" 2>&1 &&
  cmake --build "$1" -j"$(nproc)" --target mxcts_kernels >>"$1/nvcc-check.log" 2>&1
}
check() { # check NAME DIR
  local ser
  ser=$(grep -c 'C7514' "$2/nvcc-check.log")
  grep -A3 "Compiling entry function '_ZN4mxkg14gemm_ws_kernelILi3ELi3" "$2/nvcc-check.log" | grep -E 'spill|registers' \
    | tr -s ' ' | sed "s/^/nvcc-compile-check: $1: gemm_ws e4m3: /"
  if [ "$ser" -ne 0 ]; then
    echo "nvcc-compile-check: $1: ptxas serialised wgmma in $ser kernel(s) (C7514): FAIL"
    grep 'C7514' "$2/nvcc-check.log" | head -4
    rc=1
  else
    echo "nvcc-compile-check: $1: no serialised wgmma: ok"
  fi
}
if build "$B" ""; then check default "$B"; else tail -30 "$B/nvcc-check.log"; echo "nvcc-compile-check: default build FAILED"; exit 1; fi
if build "$B-knobs" "-DMXK_WS_FB4=1 -DMXK_WS_CHAIN=1 -DMXK_WS_PRODUCER_REGS=24 -DMXK_MOE_DECODE_FUSED=1"; then
  check knobs "$B-knobs"
else
  tail -30 "$B-knobs/nvcc-check.log"; echo "nvcc-compile-check: build with the experiment knobs FAILED"; rc=1
fi
exit $rc
