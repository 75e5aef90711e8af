#!/usr/bin/env python3
"""Cross-check the mxcts reference against ml_dtypes (an independent implementation).

For every format ml_dtypes has (e4m3, e5m2, e4m3fnuz, e5m2fnuz, e8m0, e2m3, e3m2,
e2m1) this compares, byte for byte, `mxcts table FMT --profile ml_dtypes --raw`
with numpy `astype` to the ml_dtypes type:
  * every f16 and every bf16 input (2^16 each);
  * f32 inputs: all 2^32 with --full, else every STRIDE-th bit pattern (CI);
  * every boundary: each midpoint between neighbouring codes of the format and
    each code's value, with their +-2 f32 ulp neighbours and both signs, plus
    the powers of two and 1.5 * 2^k for e8m0 (through `mxcts encode`).
It prints agreement counts and exits 1 on any disagreement. The ml_dtypes profile
pins every knob ml_dtypes sets (non-saturating, NaN sign kept, E5M2 NaN 0x7E,
FP6/FP4 NaN -> -0 XOR sign, E8M0 ties up / zero and negatives -> NaN), so no
disagreement is a documented policy difference: none is tolerated.

usage: crosscheck_ml_dtypes.py [--mxcts PATH] [--full | --stride N] [--formats a,b] [--jobs N]
       (--profile P compares another profile instead: a self-test that disagreements are caught)
"""
import argparse
import os
import subprocess
import sys
import time
from multiprocessing import Pool

try:
    import numpy as np
    import ml_dtypes as mld
except ImportError as e:  # CTest treats 77 as "skipped": pip install numpy ml_dtypes
    print(f"crosscheck_ml_dtypes: SKIP: {e} (pip install numpy ml_dtypes)")
    sys.exit(77)

TYPES = {
    "e4m3": mld.float8_e4m3fn, "e5m2": mld.float8_e5m2, "e4m3fnuz": mld.float8_e4m3fnuz,
    "e5m2fnuz": mld.float8_e5m2fnuz, "e8m0": mld.float8_e8m0fnu, "e2m3": mld.float6_e2m3fn,
    "e3m2": mld.float6_e3m2fn, "e2m1": mld.float4_e2m1fn,
}
CODE_BITS = {"e2m3": 6, "e3m2": 6, "e2m1": 4}
CHUNK = 1 << 24
PROFILE = "ml_dtypes"  # --profile: only for showing that other profiles DO disagree


def cast(values, fmt):
    with np.errstate(invalid="ignore", over="ignore"):
        return values.astype(TYPES[fmt]).view(np.uint8)


def ml_chunk(args):
    fmt, start, n, stride = args
    bits = (np.arange(start, start + n, dtype=np.uint64) * stride).astype(np.uint32)
    return cast(bits.view(np.float32), fmt).tobytes()


class Tally:
    def __init__(self):
        self.rows = []
        self.bad = 0

    def add(self, fmt, what, inputs_hex, want, got):
        want = np.frombuffer(want, np.uint8) if isinstance(want, bytes) else want
        got = np.frombuffer(got, np.uint8) if isinstance(got, bytes) else got
        diff = np.nonzero(want != got)[0]
        return diff


def report(name, total, bad, examples):
    status = "ok" if bad == 0 else "DISAGREE"
    print(f"{status:8s} {name:34s} {total - bad:>12d} agree / {total:>12d}", flush=True)
    for ex in examples[:8]:
        print("         " + ex)


def run_table(mxcts, fmt, src, stride=1):
    cmd = [mxcts, "table", fmt, "--from", src, "--profile", PROFILE, "--raw"]
    if stride != 1:
        cmd += ["--stride", str(stride)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, bufsize=0)


def read_exact(f, n):
    buf = bytearray()
    while len(buf) < n:
        part = f.read(n - len(buf))
        if not part:
            break
        buf += part
    return bytes(buf)


def check16(mxcts, fmt, src):
    x = np.arange(65536, dtype=np.uint32).astype(np.uint16)
    v = x.view(np.float16) if src == "f16" else x.view(mld.bfloat16)
    want = cast(v, fmt)
    got = np.frombuffer(subprocess.run([mxcts, "table", fmt, "--from", src, "--profile", PROFILE, "--raw"],
                                       check=True, capture_output=True).stdout, np.uint8)
    d = np.nonzero(want != got)[0] if len(got) == 65536 else np.arange(65536)
    ex = [f"{src} 0x{int(i):04x}: mxcts 0x{int(got[i]):02x} ml_dtypes 0x{int(want[i]):02x}" for i in d[:8]]
    report(f"{fmt} <- {src} (all)", 65536, len(d), ex)
    return len(d)


def check32(mxcts, fmt, stride, pool):
    count = ((1 << 32) + stride - 1) // stride
    proc = run_table(mxcts, fmt, "f32", stride)
    jobs = [(fmt, s, min(CHUNK, count - s), stride) for s in range(0, count, CHUNK)]
    bad, ex = 0, []
    for (f, s, n, st), want in zip(jobs, pool.imap(ml_chunk, jobs)):
        got = read_exact(proc.stdout, n)
        if len(got) != n:
            raise SystemExit(f"mxcts table {fmt} stream ended early")
        a, b = np.frombuffer(want, np.uint8), np.frombuffer(got, np.uint8)
        d = np.nonzero(a != b)[0]
        bad += len(d)
        for i in d[: max(0, 8 - len(ex))]:
            x = ((s + int(i)) * st) & 0xFFFFFFFF
            ex.append(f"f32 0x{x:08x}: mxcts 0x{int(b[i]):02x} ml_dtypes 0x{int(a[i]):02x}")
    proc.stdout.close()
    if proc.wait() != 0:
        raise SystemExit(f"mxcts table {fmt} failed")
    what = "all 2^32" if stride == 1 else f"stride {stride}"
    report(f"{fmt} <- f32 ({what})", count, bad, ex)
    return bad


def boundaries(fmt):
    """f32 bit patterns at and around every decision point of `fmt`."""
    nb = CODE_BITS.get(fmt, 8)
    codes = np.arange(1 << nb, dtype=np.uint8)
    vals = codes.view(TYPES[fmt]).astype(np.float64)
    fin = np.unique(np.abs(vals[np.isfinite(vals)]))
    pts = list(fin) + list((fin[:-1] + fin[1:]) / 2) + [fin[-1] * 1.5, fin[-1] * 2, fin[-1] + (fin[-1] - fin[-2]) / 2]
    if fmt == "e8m0":
        pts += [2.0 ** k * m for k in range(-150, 129) for m in (1.0, 1.5)]
    with np.errstate(over="ignore"):
        base = np.array(pts, dtype=np.float64).astype(np.float32).view(np.uint32).astype(np.int64)
    out = set()
    for d in range(-2, 3):
        for b in base:
            v = (b + d) & 0x7FFFFFFF
            out.add(v)
            out.add(v | 0x80000000)
    out |= {0, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7F800001, 0xFFFFFFFF,
            0x7F7FFFFF, 0xFF7FFFFF, 0x00000001, 0x80000001, 0x00400000, 0x00400001}
    return np.array(sorted(out), dtype=np.uint32)


def check_boundaries(mxcts, fmt):
    xs = boundaries(fmt)
    want = cast(xs.view(np.float32), fmt)
    text = "\n".join(f"0x{int(x):08x}" for x in xs) + "\n"
    res = subprocess.run([mxcts, "encode", fmt, "--profile", PROFILE], input=text.encode(),
                         capture_output=True, check=True)
    got = np.array([int(t, 16) for t in res.stdout.split()], dtype=np.uint8)
    d = np.nonzero(want != got)[0] if len(got) == len(xs) else np.arange(len(xs))
    ex = [f"f32 0x{int(xs[i]):08x}: mxcts 0x{int(got[i]):02x} ml_dtypes 0x{int(want[i]):02x}" for i in d[:8]]
    report(f"{fmt} <- f32 boundaries", len(xs), len(d), ex)
    return len(d)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mxcts", default=os.environ.get("MXCTS", "build/conformance/mxcts"))
    ap.add_argument("--full", action="store_true", help="all 2^32 f32 inputs (minutes per format)")
    ap.add_argument("--stride", type=int, default=97, help="f32 sweep stride when not --full (default 97)")
    ap.add_argument("--formats", default=",".join(TYPES))
    ap.add_argument("--profile", default="ml_dtypes", help="mxcts profile to compare (default ml_dtypes)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()
    global PROFILE
    PROFILE = a.profile
    fmts = a.formats.split(",")
    for f in fmts:
        if f not in TYPES:
            raise SystemExit(f"unknown format {f}")
    stride = 1 if a.full else a.stride
    print(f"mxcts {a.mxcts}; ml_dtypes {mld.__version__}; numpy {np.__version__}; f32 stride {stride}", flush=True)
    t0 = time.time()
    bad = 0
    with Pool(a.jobs) as pool:
        for f in fmts:
            for src in ("f16", "bf16"):
                bad += check16(a.mxcts, f, src)
            bad += check_boundaries(a.mxcts, f)
            bad += check32(a.mxcts, f, stride, pool)
    print(f"crosscheck_ml_dtypes: {'PASS' if bad == 0 else 'FAIL'}: {bad} disagreements, {time.time() - t0:.0f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
