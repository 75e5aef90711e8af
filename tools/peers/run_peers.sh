#!/usr/bin/env bash
# Run the GPU peers of `mxcts bench gemm|gemv` on this machine (the H100 of
# the device tool): copy bandwidth, torch._scaled_mm (cuBLASLt per-tensor
# FP8), Triton tl.dot_scaled (MXFP8). JSON lines into ${OUT:-.}/peers-*.jsonl.
#   tools/peers/run_peers.sh [--quick]
set -u -o pipefail
cd "$(dirname "$0")"
D=${OUT:-.}
mkdir -p "$D"
rc=0
python3 copy_bw.py > "$D/peers-copy_bw.jsonl" || rc=1
python3 torch_scaled_mm.py "$@" > "$D/peers-torch_scaled_mm.jsonl" || rc=1
python3 triton_dot_scaled.py "$@" > "$D/peers-triton_dot_scaled.jsonl" || rc=1
python3 torch_mx_quantize.py "$@" > "$D/peers-torch_mx_quantize.jsonl" || rc=1
tail -n 1 "$D/peers-copy_bw.jsonl"
wc -l "$D"/peers-*.jsonl
exit $rc
