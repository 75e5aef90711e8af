#!/usr/bin/env bash
# GEMM family benchmarks on an NVIDIA GPU (the H100 of the device tool), the
# peers in the same run: builds mxcts with the HIP backend through nvcc
# (sm_90), measures the device copy bandwidth (tools/peers/copy_bw.py), then
#   mxcts bench gemv --backend hip --shapes issue --copy-bw <that>
#   mxcts bench gemm --backend hip --shapes issue
#   mxcts bench moe  --backend hip --shapes issue
#   mxcts bench quantize --backend hip --shapes issue
# and the peers torch._scaled_mm (cuBLASLt per-tensor FP8) and Triton
# tl.dot_scaled (MXFP8) on the same shapes, and torch eager / torch.compile MX
# quantisation (tools/peers/torch_mx_quantize.py). Everything goes to ${OUT:-.}:
# bench-gemv.txt, bench-gemm.txt, bench-moe.txt, peers-*.jsonl, gpu-bench-gemm.log.
# Correctness first: run ci/gpu-check.sh (test_gemm --backend hip) before
# quoting any number from here.
#   ci/gpu-bench-gemm.sh [build-dir]
set -u -o pipefail
cd "$(dirname "$0")/.."
B=${1:-build-gpu}
D=$(mkdir -p "${OUT:-.}" && cd "${OUT:-.}" && pwd)
mkdir -p "$D"
LOG="$D/gpu-bench-gemm.log"
: > "$LOG"
say() { echo "$*" | tee -a "$LOG"; }
export PATH=/usr/local/cuda/bin:$PATH
say "== gpu-bench-gemm $(date -u +%Y-%m-%dT%H:%MZ) on $(hostname)"
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,clocks.max.mem --format=csv,noheader 2>&1 | tee -a "$LOG"
cmake -S . -B "$B" -DMXCTS_HIP_NVIDIA=ON -DMXCTS_CUDA_ARCH=90a -DCMAKE_BUILD_TYPE=Release >"$B.cmake.log" 2>&1 \
  || { tail -30 "$B.cmake.log"; exit 2; }
cmake --build "$B" -j"$(nproc)" --target mxcts >"$B.build.log" 2>&1 || { tail -40 "$B.build.log"; exit 2; }
BW=$(cd tools/peers && python3 copy_bw.py 2>>"$LOG" | tee "$D/peers-copy_bw.jsonl" | tail -1)
say "device copy bandwidth (2 x bytes / time, torch copy of 1 GiB): ${BW:-unavailable} GB/s"
rc=0
"$B/conformance/mxcts" bench gemv --backend hip --shapes issue --reps 20 ${BW:+--copy-bw $BW} --peer none \
  | tee "$D/bench-gemv.txt" | tee -a "$LOG" || rc=1
"$B/conformance/mxcts" bench gemm --backend hip --shapes issue --reps 10 --peer none \
  | tee "$D/bench-gemm.txt" | tee -a "$LOG" || rc=1
"$B/conformance/mxcts" bench moe --backend hip --shapes issue --reps 10 --peer none \
  | tee "$D/bench-moe.txt" | tee -a "$LOG" || rc=1
"$B/conformance/mxcts" bench quantize --backend hip --shapes issue --reps 10 \
  | tee "$D/bench-quantize.txt" | tee -a "$LOG" || rc=1
(cd tools/peers && python3 torch_scaled_mm.py > "$D/peers-torch_scaled_mm.jsonl" 2>>"$LOG") || say "torch peer failed"
(cd tools/peers && python3 triton_dot_scaled.py > "$D/peers-triton_dot_scaled.jsonl" 2>>"$LOG") || say "triton peer failed"
(cd tools/peers && python3 triton_dot_scaled.py --gemv > "$D/peers-triton_dot_scaled-gemv.jsonl" 2>>"$LOG") \
  || say "triton gemv peer failed"
(cd tools/peers && python3 torch_mx_quantize.py > "$D/peers-torch_mx_quantize.jsonl" 2>>"$LOG") || say "torch quantize peer failed"
wc -l "$D"/peers-*.jsonl | tee -a "$LOG"
say "== gpu-bench-gemm done (rc $rc)"
exit $rc
