#!/usr/bin/env bash
# CLI behaviour of `mxcts quantize` / `mxcts dequantize`: typed expected lines
# (mx-semantics catalogue 5.3-5.4), error exits with the count / token named,
# hostile input.
set -u
M=${1:?usage: test_cli_quantize.sh path/to/mxcts}
fails=0
check() { # name expected actual
  if [ "$2" == "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected [$2] got [$3]"; fails=$((fails + 1)); fi
}
rc() { "$M" "$@" >/dev/null 2>&1; echo $?; }
zeros() { for _ in $(seq "$1"); do printf '0 '; done; }
Z30="0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00"

# 47: [448, 1.0625, 0 x30] FLOOR -> X 0x7f, 448 -> 0x7e, 1.0625 -> 0x38 (RNE) / 0x39 (half-away)
check "row 47 rne" "0x7f 0x7e 0x38 $Z30" "$("$M" quantize --elem e4m3 --scale-mode floor 448 1.0625 $(zeros 30))"
check "row 47 half-away" "0x7f 0x7e 0x39 $Z30" \
  "$("$M" quantize --elem e4m3 --scale-mode floor --round half-away 0x43e00000 0x3f880000 $(zeros 30))"
# 40: [960, 957] RCEIL -> X 0x81, both 0x77; FLOOR -> X 0x80, both 0x7e
check "row 40 rceil" "0x81 0x77 0x77 $Z30" "$("$M" quantize --elem e4m3 --scale-mode rceil 960 957 $(zeros 30))"
check "row 40 floor" "0x80 0x7e 0x7e $Z30" "$("$M" quantize --elem e4m3 --scale-mode floor 960 957 $(zeros 30))"
# 44: FP4 amax 7: FLOOR -> X 0x7f, 0x7; EVEN -> X 0x80, 0x6
check "row 44 floor" "0x7f 0x07 $Z30 0x00" "$("$M" quantize --elem e2m1 --scale-mode floor 7 $(zeros 31))"
check "row 44 even" "0x80 0x06 $Z30 0x00" "$("$M" quantize --elem e2m1 --scale-mode even 7 $(zeros 31))"
# 42: one NaN: spec -> 0xff (elements 0x7f filler); ignore -> X from 1.0 = 0x77, 1.0 -> 0x78, NaN -> 0x7f
check "row 42 ignore" "0x77 0x78 0x7f $Z30" "$("$M" quantize --elem e4m3 --nan-policy ignore 1 nan $(zeros 30))"
check "row 42 spec scale" "0xff" "$("$M" quantize --elem e4m3 1 nan $(zeros 30) | cut -d' ' -f1)"
# 48 bf16: 2^-133 (0x0001) -> X 0x00, element 0x08
check "row 48 bf16" "0x00 0x08" "$(for _ in $(seq 32); do echo 0x0001; done | "$M" quantize --elem e4m3 --from bf16 | cut -d' ' -f1-2)"
# 25: MXINT8 -1.995 -> 0x80 (default -128) / 0x81 (--int8-min -127)
check "int8 -128" "0x7f 0x80" "$("$M" quantize --elem int8 -1.995 $(zeros 31) | cut -d' ' -f1-2)"
check "int8 -127" "0x7f 0x81" "$("$M" quantize --elem int8 --int8-min -127 -1.995 $(zeros 31) | cut -d' ' -f1-2)"
# stdin, two blocks, block size 4
check "stdin blocks" "0x7f 0x7e 0x38 0x00 0x00|0x80 0x76 0x00 0x00 0x00" \
  "$( (printf '448 1 0 0\n448 0 0 0\n' | "$M" quantize --elem e4m3 --block-size 4 | head -1; printf '448 0 0 0' | "$M" quantize --elem e4m3 --scale-mode ceil --block-size 4) | paste -sd'|')"
# 50, 51: dequantize
check "row 50 f32" "0x7f800000 inf" "$("$M" dequantize --elem e4m3 0xfe 0x7e $(zeros 31) | head -1)"
check "row 50 bf16" "0x7f80 inf" "$("$M" dequantize --elem e4m3 --to bf16 0xfe 0x7e $(zeros 31) | head -1)"
check "row 51 bf16" "0x0000 0" "$("$M" dequantize --elem e4m3 --to bf16 0x00 0x01 $(zeros 31) | head -1)"
check "row 51 f32" "0x00002000 1.1479437e-41" "$("$M" dequantize --elem e4m3 0x00 0x01 $(zeros 31) | head -1)"
check "scale 0xff" "0x7fc00000 nan" "$("$M" dequantize --elem e2m1 255 7 $(zeros 31) | head -1)"
check "dequantize line count" "32" "$("$M" dequantize --elem e2m1 0x7f $(zeros 32) | wc -l)"
check "round trip" "0x7f 0x7e 0x38 $Z30" \
  "$("$M" dequantize --elem e4m3 0x7f 0x7e 0x38 $(zeros 30) | cut -d' ' -f1 | "$M" quantize --elem e4m3)"

# errors: exit 2 and a message naming the count / token and its position
check "exit: count not a multiple" 2 "$(rc quantize --elem e4m3 1 2 3)"
check "message: count" "mxcts quantize: 33 values is not a multiple of the block size 32 (nothing is padded)" \
  "$("$M" quantize --elem e4m3 $(zeros 33) 2>&1 >/dev/null)"
check "stdin count: full blocks printed, then exit 2" "1 2" \
  "$(zeros 40 | "$M" quantize --elem e4m3 2>/dev/null | wc -l) $(zeros 40 | "$M" quantize --elem e4m3 >/dev/null 2>&1; echo $?)"
check "message: bad token and position" "mxcts quantize: argument 5 '1.5x': not a number or hex bit pattern" \
  "$("$M" quantize --elem e4m3 0 0 0 0 1.5x $(zeros 27) 2>&1 >/dev/null)"
check "bad token prints no block" "" "$("$M" quantize --elem e4m3 $(zeros 40) 1.5x $(zeros 23) 2>/dev/null)"
check "exit: hex too wide for f16" 2 "$(rc quantize --elem e4m3 --from f16 0x10000 $(zeros 31))"
check "exit: missing --elem" 2 "$(rc quantize 1)"
check "exit: not an MX element" 2 "$(rc quantize --elem e4m3fnuz $(zeros 32))"
check "exit: unknown scale mode" 2 "$(rc quantize --elem e4m3 --scale-mode round $(zeros 32))"
check "exit: bad --int8-min" 2 "$(rc quantize --elem int8 --int8-min -126 $(zeros 32))"
check "exit: --from f64" 2 "$(rc quantize --elem e4m3 --from f64 $(zeros 32))"
check "exit: bad --block-size" 2 "$(rc quantize --elem e4m3 --block-size 0 1)"
check "exit: unknown profile" 2 "$(rc quantize --elem e4m3 --profile no_such_profile $(zeros 32))"
check "exit: unknown option" 2 "$(rc quantize --elem e4m3 --bogus 1)"
check "exit: dequantize code too wide" 2 "$(rc dequantize --elem e2m1 0x7f 0x10 $(zeros 31))"
check "exit: dequantize scale too wide" 2 "$(rc dequantize --elem e2m1 0x100 $(zeros 32))"
check "exit: dequantize count" 2 "$(rc dequantize --elem e4m3 0x7f 1 2)"
check "exit: dequantize bad --to" 2 "$(rc dequantize --elem e4m3 --to f8 0x7f $(zeros 32))"
check "exit: --help" 0 "$(rc quantize --help)"
# hostile stdin: binary garbage and a huge token are errors, never crashes
check "exit: binary stdin" 2 "$(head -c 4096 /dev/urandom | "$M" quantize --elem e4m3 >/dev/null 2>&1; echo $?)"
check "exit: binary stdin dequantize" 2 "$(head -c 4096 /dev/urandom | "$M" dequantize --elem e4m3 >/dev/null 2>&1; echo $?)"
check "exit: huge token" 2 "$(head -c 100000 /dev/zero | tr '\0' '7' | "$M" quantize --elem e4m3 >/dev/null 2>&1; echo $?)"
check "exit: empty stdin" 0 "$("$M" quantize --elem e4m3 </dev/null >/dev/null 2>&1; echo $?)"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
