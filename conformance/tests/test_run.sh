#!/usr/bin/env bash
# mxcts run: the cpu backend passes quick and writes valid JSON (against
# spec/report-schema.json) and JUnit (against spec/junit.xsd) and an HTML
# certificate; the example plugins behave as described (the good one
# passes, the buggy one is caught with each of its four bugs named);
# misbehaving plugins (crash, hang, exit, crash at load) do not take the
# runner down; baselines give EXPECTED_FAIL / SAME / FIX / REGRESSION;
# --shard splits the case list exactly; same seed, same cases; --report
# json --out FILE writes the JSON to FILE and none of it to stdout.
# usage: test_run.sh MXCTS PLUGIN_DIR TEST_PLUGIN_DIR SOURCE_DIR
set -u
MXCTS=$1 PDIR=$2 TDIR=$3 SRC=$4
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

validate() { # validate JSON and JUnit reports
    python3 - "$SRC/spec/report-schema.json" "$1" <<'PY' || return 1
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
PY
    xmllint --noout --schema "$SRC/spec/junit.xsd" "$2" 2>"$T/xmllint.err" || { cat "$T/xmllint.err"; return 1; }
}

jq_py() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $2" "$1"; }

# 1. backend best (cpu here) at quick: passes, valid reports
if "$MXCTS" run --backend cpu --level quick --report json:"$T/cpu.json" --report junit:"$T/cpu.xml" \
       --report html:"$T/cpu.html" >"$T/cpu.txt" 2>&1; then ok "cpu quick passes"; else bad "cpu quick: exit $?"; tail -40 "$T/cpu.txt"; fi
validate "$T/cpu.json" "$T/cpu.xml" && ok "cpu quick JSON + JUnit valid" || bad "cpu quick reports invalid"
grep -q "NOT CERTIFYING" "$T/cpu.html" && grep -q "compiled, not run" "$T/cpu.html" \
    && ok "HTML labels quick non-certifying, AMD targets compiled-not-run" || bad "HTML labels"
grep -q "NOT CERTIFYING" "$T/cpu.txt" && ok "text says non-certifying" || bad "text label"
jq_py "$T/cpu.json" 'assert d["run"]["certifying"] is False and d["summary"]["verdict"]=="PASS"' \
    && ok "JSON verdict PASS, certifying false" || bad "JSON verdict"
# every judged gemm case names the accumulation its bound came from (cpu: full fp32 sums)
jq_py "$T/cpu.json" '
g = [c for c in d["cases"] if c["suite"] == "gemm" and c["status"] == "PASS"]
assert g and all(c["accumulation"] == "cpu_omp_blocked: fp32 blocks of 32, inner sum 24 bits" for c in g)' \
    && ok "gemm cases carry the declared accumulation" || bad "gemm accumulation declaration"

# 2. the good example plugin passes (smoke + quick convert/edge/guard)
if "$MXCTS" run --backend plugin:"$PDIR/libmxp_good.so" --level quick --report json:"$T/good.json" \
       --report junit:"$T/good.xml" >"$T/good.txt" 2>&1; then ok "good plugin passes quick"; else bad "good plugin: exit $?"; grep -A8 '^FAIL' "$T/good.txt" | head -40; fi
validate "$T/good.json" "$T/good.xml" && ok "good plugin reports valid" || bad "good plugin reports invalid"

# 3. the buggy example plugin: exit 1, each bug named, the catalogue cases fail
"$MXCTS" run --backend plugin:"$PDIR/libmxp_buggy.so" --level quick --report json:"$T/buggy.json" \
    --report junit:"$T/buggy.xml" --report html:"$T/buggy.html" >"$T/buggy.txt" 2>&1
rc=$?
[ $rc = 1 ] && ok "buggy plugin exits 1" || bad "buggy plugin exit $rc"
validate "$T/buggy.json" "$T/buggy.xml" && ok "buggy plugin reports valid" || bad "buggy plugin reports invalid"
for bug in e8m0-zero-decoded-as-0 overflow-tested-before-rounding half-away-rounding fnuz-neg-zero-as-nan; do
    jq_py "$T/buggy.json" "assert '$bug' in [b['id'] for b in d['summary']['bugs']]" \
        && ok "bug named: $bug" || bad "bug not named: $bug"
done
for c in edge.e8m0.decode-0x00 edge.e4m3.449-rounds-to-448.nonsat edge.e2m1.ties-to-even.sat \
         edge.e4m3fnuz.neg-zero.sat edge.e4m3.tie-1.0625.sat edge.ocp-to-fnuz.neg-zero-nan; do
    jq_py "$T/buggy.json" "assert [x['status'] for x in d['cases'] if x['id']=='$c']==['FAIL']" \
        && ok "buggy fails $c" || bad "buggy does not fail $c"
done
grep -q "<svg" "$T/buggy.html" && grep -q "GEMM error / bound" "$T/buggy.html" && ok "HTML has the inline SVG histogram" || bad "HTML histogram"
grep -q "E8M0 0x00 decoded as 0" "$T/buggy.txt" && grep -q "e8m0 decode 0x00 = 2^-127" "$T/buggy.html" \
    && ok "text and HTML name the E8M0 bug" || bad "E8M0 bug not named in text/HTML"
jq_py "$T/buggy.json" '
c=[x for x in d["cases"] if x["id"]=="edge.e8m0.decode-0x00"][0]
s=c["samples"][0]; assert "0x00400000" in s["expected"] and "0x00000000" in s["actual"], s' \
    && ok "FAIL shows expected and actual bits" || bad "FAIL samples"

# 4. misbehaving plugins: crash / hang / exit per case, crash at load
"$MXCTS" run --backend plugin:"$TDIR/libmisbehave.so" --suite convert,block --level smoke --timeout 1 \
    --report json:"$T/mis.json" --report junit:"$T/mis.xml" >"$T/mis.txt" 2>&1
rc=$?
[ $rc = 1 ] && ok "misbehaving plugin: run completes, exit 1" || bad "misbehaving plugin exit $rc"
validate "$T/mis.json" "$T/mis.xml" && ok "misbehaving plugin reports valid" || bad "misbehaving reports invalid"
jq_py "$T/mis.json" '
cs={x["id"]:x for x in d["cases"]}
assert cs["convert.decode.e4m3.all"]["status"]=="FAIL" and "crashed" in cs["convert.decode.e4m3.all"]["reason"]
assert cs["convert.encode.e5m2.rne.sat.boundary"]["status"]=="FAIL" and "timed out" in cs["convert.encode.e5m2.rne.sat.boundary"]["reason"]
assert cs["convert.encode.e4m3.rne.sat.boundary"]["status"]=="NOT_SUPPORTED"
assert cs["block.dequantize.e4m3.all-scales-x-codes"]["status"]=="FAIL" and "exited" in cs["block.dequantize.e4m3.all-scales-x-codes"]["reason"]
assert cs["block.quantize.e4m3.floor"]["status"]=="NOT_SUPPORTED" and "no mx_quantize" in cs["block.quantize.e4m3.floor"]["reason"]
assert cs["convert.reencode.e4m3-e4m3fnuz.all"]["status"]=="NOT_SUPPORTED"
assert len(cs) == d["summary"]["total"] > 20
' && ok "crash, hang and exit are per-case FAILs with reasons; NULL ops NOT_SUPPORTED" || bad "misbehaving plugin verdicts"
"$MXCTS" run --backend plugin:"$TDIR/libmisbehave_load.so" --level smoke --timeout 2 --report json:"$T/load.json" \
    >"$T/load.txt" 2>&1
rc=$?
[ $rc = 1 ] && grep -q "crashed while loading" "$T/load.txt" && ok "plugin crashing at load: FAIL, named" || bad "load crash: exit $rc"
"$MXCTS" run --backend plugin:/nonexistent.so --level smoke >/dev/null 2>&1
[ $? = 1 ] && ok "missing plugin: FAIL" || bad "missing plugin exit"

# 5. baselines
"$MXCTS" run --backend plugin:"$PDIR/libmxp_buggy.so" --level smoke --write-baseline "$T/bl.csv" >/dev/null 2>&1
grep -q '^edge.e8m0.decode-0x00,FAIL' "$T/bl.csv" && ok "baseline written" || bad "baseline not written"
if "$MXCTS" run --backend plugin:"$PDIR/libmxp_buggy.so" --level smoke --baseline "$T/bl.csv" \
       --report json:"$T/bl1.json" >/dev/null 2>&1; then ok "buggy vs its baseline: exit 0"; else bad "buggy vs baseline exit $?"; fi
jq_py "$T/bl1.json" 's=d["summary"]; assert s["FAIL"]==0 and s["EXPECTED_FAIL"]>0 and s["regressions"]==0' \
    && ok "known failures are EXPECTED_FAIL (SAME)" || bad "EXPECTED_FAIL accounting"
if "$MXCTS" run --backend plugin:"$PDIR/libmxp_good.so" --level smoke --baseline "$T/bl.csv" \
       --report json:"$T/bl2.json" >"$T/bl2.txt" 2>&1; then ok "good vs buggy baseline: exit 0"; else bad "good vs baseline exit $?"; fi
jq_py "$T/bl2.json" 'assert d["summary"]["fixes"]>0' && grep -q FIX "$T/bl2.txt" && ok "FIX reported" || bad "FIX"
grep -v '^edge.e8m0.decode-0x00' "$T/bl.csv" >"$T/bl3.csv"
"$MXCTS" run --backend plugin:"$PDIR/libmxp_buggy.so" --level smoke --baseline "$T/bl3.csv" \
    --report json:"$T/bl3.json" >/dev/null 2>&1
rc=$?
jq_py "$T/bl3.json" '
c=[x for x in d["cases"] if x["id"]=="edge.e8m0.decode-0x00"][0]; assert c["baseline"]=="REGRESSION" and d["summary"]["regressions"]==1' \
    && [ $rc = 1 ] && ok "REGRESSION reported, exit 1" || bad "REGRESSION (exit $rc)"

# 6. shards partition the case list; same seed, same cases
"$MXCTS" run --level full --list >"$T/all.lst"
"$MXCTS" run --level full --list --shard 1/3 >"$T/s1"
"$MXCTS" run --level full --list --shard 2/3 >"$T/s2"
"$MXCTS" run --level full --list --shard 3/3 >"$T/s3"
[ "$(sort "$T/all.lst")" = "$(sort "$T/s1" "$T/s2" "$T/s3")" ] && [ -s "$T/s1" ] && ok "shards partition the cases" || bad "shards"
"$MXCTS" run --backend plugin:"$PDIR/libmxp_buggy.so" --level smoke --seed 7 --suite convert --report json:"$T/r1.json" >/dev/null 2>&1
"$MXCTS" run --backend plugin:"$PDIR/libmxp_buggy.so" --level smoke --seed 7 --suite convert --shard 2/2 --report json:"$T/r2.json" >/dev/null 2>&1
python3 - "$T/r1.json" "$T/r2.json" <<'PY' && ok "same seed: shard results equal the full run's" || bad "seed determinism"
import json, sys
a = {c["id"]: (c["status"], c["checked"], c["failed"], c.get("samples")) for c in json.load(open(sys.argv[1]))["cases"]}
b = {c["id"]: (c["status"], c["checked"], c["failed"], c.get("samples")) for c in json.load(open(sys.argv[2]))["cases"]}
assert b and all(a[k] == v for k, v in b.items())
PY

# 6b. --report json --out FILE: the JSON goes to FILE only (valid against the schema, with exactly
# the schema's top-level keys); stdout gets the text summary (every report went to a file) and no JSON
if "$MXCTS" run --backend cpu --level smoke --suite edge --report json --out "$T/out.json" \
       >"$T/out.stdout" 2>"$T/out.stderr"; then ok "--report json --out: exit 0"; else bad "--report json --out: exit $?"; cat "$T/out.stderr"; fi
python3 - "$SRC/spec/report-schema.json" "$T/out.json" <<'PY' && ok "--out FILE is valid JSON with the schema's top-level keys" || bad "--out FILE JSON"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
d = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator(schema).validate(d)
assert set(d) == set(schema["required"]) == set(schema["properties"]), (list(d), schema["required"])
assert d["run"]["level"] == "smoke" and d["run"]["suites"] == ["edge"] and d["cases"], d["run"]
PY
if grep -q "^mxcts run .* backend cpu  level smoke" "$T/out.stdout" && ! grep -q '[{}]' "$T/out.stdout" \
       && ! grep -q '"schema"\|mxcts-report/1\|"cases"' "$T/out.stdout"; then
    ok "--out: stdout has the text summary and no JSON"
else bad "--out: stdout [$(head -c 300 "$T/out.stdout")]"; fi

# 7. usage errors exit 2
"$MXCTS" run --level bogus >/dev/null 2>&1; [ $? = 2 ] && ok "bad level: exit 2" || bad "bad level"
"$MXCTS" run --suite convert,nope >/dev/null 2>&1; [ $? = 2 ] && ok "bad suite: exit 2" || bad "bad suite"
"$MXCTS" run --shard 3/2 >/dev/null 2>&1; [ $? = 2 ] && ok "bad shard: exit 2" || bad "bad shard"

echo "test_run.sh: $fails failure(s)"
[ $fails = 0 ]
