#!/usr/bin/env bash
# Bulk f32 -> FP8 encode: mxcts reference vs NVIDIA's host conversion
# (CUDA headers), same inputs, same threads, same run. Prints the ratios.
# Usage: tools/bench/bench_encode.sh [build-dir]   (needs /usr/local/cuda/include)
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${1:-build}
peer=$B/bench_peer_cuda_host
g++ -O2 -fopenmp -I/usr/local/cuda/include -Itools/bench tools/bench/peer_cuda_host.cpp -o "$peer"
for f in e4m3 e5m2; do
  ours=$("$B"/conformance/mxcts bench encode --format "$f" --reps 3)
  theirs=$("$peer" "$f" --sweep)
  echo "$ours"; echo "$theirs"
  awk -v a="$ours" -v b="$theirs" 'BEGIN {
    split(a, x, "Melem/s"); split(b, y, "Melem/s");
    n1 = split(x[1], p, " "); m1 = split(y[1], q, " "); o1 = p[n1]; t1 = q[m1];
    n2 = split(x[2], p, " "); m2 = split(y[2], q, " "); o2 = p[n2]; t2 = q[m2];
    match(a, /: [0-9.]+ s/); sa = substr(a, RSTART + 2, RLENGTH - 4);
    match(b, /: [0-9.]+ s/); sb = substr(b, RSTART + 2, RLENGTH - 4);
    printf("ratio mxcts/cuda_host: 1 thread %.2fx, all threads %.2fx, sweep time %.2fx faster\n", o1 / t1, o2 / t2, sb / sa) }'
done
