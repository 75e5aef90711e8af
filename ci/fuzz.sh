#!/usr/bin/env bash
# libFuzzer runs (issue 7): each target in fuzz/ for FUZZ_SECONDS (default 40)
# from its checked-in corpus fuzz/corpus/<target>/ (read only: new inputs go
# to a scratch directory), with AddressSanitizer + UBSan. A crash, a sanitizer
# report, a leak, a timeout (> 10 s per input) or an out-of-memory (> 1 GiB)
# fails the check; the crashing input is kept in out/fuzz/. The executions
# per target go to out/fuzz/summary.txt (docs/HARDENING.md records them).
set -euo pipefail
cd "$(dirname "$0")/.."
T=${FUZZ_SECONDS:-40}
OUT=$PWD/out/fuzz
t0=$(date +%s)
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMXCTS_FUZZ=ON -DMXCTS_BUILD_TESTS=OFF -DMXCTS_INSTALL=OFF \
  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build build-fuzz --target fuzzers -j2 >/dev/null
rm -rf "$OUT"; mkdir -p "$OUT"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
printf '%-20s %10s %8s %s\n' target executions seconds result | tee "$OUT/summary.txt"
for f in fuzz/fuzz_*.c; do
  name=$(basename "$f" .c)
  scratch=$(mktemp -d)
  rc=0
  (cd "$OUT" && "$OLDPWD/build-fuzz/fuzz/$name" -max_total_time="$T" -max_len=8192 -timeout=10 \
      -rss_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$OUT/$name-" \
      "$scratch" "$OLDPWD/fuzz/corpus/$name") >"$OUT/$name.log" 2>&1 || rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/$name.log" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$OUT/$name.log" | tail -1)
  res="no crash"
  if [[ $rc != 0 ]]; then res="FAILED (rc $rc, see out/fuzz/$name.log)"; status=1; fi
  printf '%-20s %10s %8s %s\n' "$name" "${runs:-?}" "${secs:-?}" "$res" | tee -a "$OUT/summary.txt"
  rm -rf "$scratch"
done
echo "fuzz: done in $(( $(date +%s) - t0 )) s"
exit $status
