#!/usr/bin/env bash
# CLI behaviour of `mxcts encode` / `mxcts decode`: typed expected outputs
# (OFP8 tables, mx-semantics catalogue), error exits, hostile input.
set -u
M=${1:?usage: test_cli_encode_decode.sh path/to/mxcts}
fails=0
check() { # name expected actual
  if [ "$2" == "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected [$2] got [$3]"; fails=$((fails + 1)); fi
}
run() { "$M" "$@" 2>/dev/null | paste -sd' '; }
rc() { "$M" "$@" >/dev/null 2>&1; echo $?; }

check "e4m3 rne sat boundary" "0x7e 0x7e 0x7e 0x7e 0xfe 0x7e" "$(run encode e4m3 448 464 0x43e80001 449 -inf inf)"
check "e4m3 nonsat" "0x7e 0x7e 0x7f 0x7f 0xff" "$(run encode e4m3 --overflow nonsat 448 464 0x43e80001 inf -inf)"
check "e5m2 61440" "0x7b 0x7c 0x7b" "$(run encode e5m2 --overflow nonsat 0x476fffff 0x47700000 57344.004)"
check "e4m3 tiny ties" "0x00 0x01 0x80 0x80" "$(run encode e4m3 0x3a800000 0.00146484375 -0.0 -1e-10)"
check "fnuz zero and nan" "0x00 0x00 0x80 0x7f 0x80" "$(run encode e4m3fnuz --overflow nonsat -0.0 -1e-10 nan 247.99998 248)"
check "e2m1 ties" "0x00 0x02 0x04 0x06 0x02 0x04 0x06 0x07" "$(run encode e2m1 0.25 1.25 2.5 5.0 0.75 1.75 3.5 7)"
check "e2m3 e3m2" "0x1f 0x00 0x02" "$(run encode e2m3 7.75 0.0625 0.1875)"
check "int8" "0x80 0x7f 0x01 0x00" "$(run encode int8 -1.995 1.99 0.015625 0.0078125)"
check "rtz rup rdn" "0x38 0x39 0x38 0xb9" "$(run encode e4m3 --round rtz 1.1) $(run encode e4m3 --round rup 1.1) $(run encode e4m3 --round rdn 1.1) $(run encode e4m3 --round rdn -1.1)"
check "directed overflow ieee 7.4" "0x7e 0x7f 0xfe" "$(run encode e4m3 --overflow nonsat --round rtz 1e9) $(run encode e4m3 --overflow nonsat --round rup 1e9) $(run encode e4m3 --overflow nonsat --round rup -1e9)"
check "from f16 hex" "0x7e 0x7e" "$(run encode e4m3 --from f16 0x5f00 0x5f40)"
check "from bf16 decimal" "0x38 0x40" "$(run encode e4m3 --from bf16 1.0 2)"
check "from f64 between f32 and midpoint" "0x7f" "$(run encode e4m3 --from f64 --overflow nonsat 464.00000000000006)"
check "f32 literal rounding" "0x7e" "$(run encode e4m3 --overflow nonsat 464.000000000000001)"
check "stdin tokens" "0x38 0x40 0x44" "$(printf '1\n 2\t3\n' | "$M" encode e4m3 | paste -sd' ')"
check "decode e4m3" "0x43e00000 448 0x7fc00000 nan 0xffc00000 -nan 0x80000000 -0" "$(run decode e4m3 0x7e 0x7f 0xff 0x80)"
check "decode e8m0" "0x00400000 5.87747175e-39 0x7f000000 1.70141183e+38 0x7fc00000 nan" "$(run decode e8m0 0 0xfe 0xff)"
check "decode fnuz 0x80" "0x7fc00000 nan" "$(run decode e4m3fnuz 0x80)"
check "decode int8" "0xc0000000 -2 0x3ffe0000 1.984375" "$(run decode int8 0x80 0x7f)"
check "decode f64" "0x3800000000000000 5.8774717541114375e-39" "$(run decode e8m0 --to f64 0)"
check "decode e2m1 all" "0 0.5 1 1.5 2 3 4 6 -0 -0.5 -1 -1.5 -2 -3 -4 -6" \
  "$("$M" decode e2m1 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 | cut -d' ' -f2 | paste -sd' ')"

check "exit: unknown format" 2 "$(rc encode e9m9 1)"
check "exit: unknown option" 2 "$(rc encode e4m3 --bogus 1)"
check "exit: bad option value" 2 "$(rc encode e4m3 --round up 1)"
check "exit: missing option value" 2 "$(rc encode e4m3 --round)"
check "exit: malformed token" 2 "$(rc encode e4m3 1.5x)"
check "exit: hex wider than f16" 2 "$(rc encode e4m3 --from f16 0x10000)"
check "exit: hex wider than f32" 2 "$(rc encode e4m3 0x1ffffffff)"
check "exit: code wider than e2m1" 2 "$(rc decode e2m1 0x10)"
check "exit: code wider than e4m3" 2 "$(rc decode e4m3 256)"
check "exit: decode --to f16" 2 "$(rc decode e4m3 --to f16 1)"
check "exit: missing format" 2 "$(rc encode)"
check "exit: empty stdin" 0 "$(printf '' | "$M" encode e4m3 >/dev/null 2>&1; echo $?)"
check "partial output kept" "0x38 0x40|2" "$(out=$(printf '1 2 zz 3' | "$M" encode e4m3 2>/dev/null); echo "$(echo "$out" | paste -sd' ')|$(printf '1 2 zz 3' | "$M" encode e4m3 >/dev/null 2>&1; echo $?)")"
err=$(printf '1 2 zz 3' | "$M" encode e4m3 2>&1 >/dev/null)
case "$err" in *"token 3"*"'zz'"*) check "error names token and position" x x ;; *) check "error names token and position" "token 3 'zz'" "$err" ;; esac
check "exit: binary garbage" 2 "$(head -c 4096 /dev/urandom | "$M" encode e4m3 >/dev/null 2>&1; echo $?)"
check "exit: NUL byte" 2 "$(printf '1\0002' | "$M" encode e4m3 >/dev/null 2>&1; echo $?)"
check "exit: huge token" 2 "$(head -c 100000 /dev/zero | tr '\0' '7' | "$M" encode e4m3 >/dev/null 2>&1; echo $?)"
check "long decimal ok" "0x40" "$(run encode e4m3 2.0000000000000000000000000000000000000000000000000000000000000000001)"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
