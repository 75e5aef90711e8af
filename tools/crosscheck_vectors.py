#!/usr/bin/env python3
"""Check the golden vector files against ml_dtypes (an independent implementation),
reading the files by spec/vectors.md alone (no mxcts code).

Applicable records:
  * decode files of the formats ml_dtypes has (e4m3, e5m2, e4m3fnuz, e5m2fnuz,
    e2m3, e3m2, e2m1, e8m0): code -> f32 and f64 bits (NaN compared by class);
  * encode / e8m0-encode files (f32 explicit, f16 / bf16 implicit) whose knobs
    are the ones an ml_dtypes `astype` has: round-to-nearest-even and every
    other knob equal to the `ml_dtypes` profile's. Those files must agree on
    every record: any disagreement fails (exit 1).
  * mx-dequantize files to f64, f32, f16: the exact product of the ml_dtypes
    decode of each element (INT8: q * 2^-6) and 2^(scale-127) in f64, rounded
    once by numpy; scale 0xFF gives NaN (NaN compared by class). These must agree;
  * every other RNE encode file of those formats is compared too, for
    information: a file that agrees on every record is credited; the rest
    differ by a documented policy (saturation, NaN codes) and are not.
With --update-manifest the `agrees` field of each file that agrees on every
record gets (or has replaced) an item "ml_dtypes V: n/n ... agree (tools/crosscheck_vectors.py)".

usage: crosscheck_vectors.py [VECTORS_DIR] [--update-manifest] [-v]
"""
import os
import struct
import sys
import zlib

try:
    import numpy as np
    import ml_dtypes as mld
except ImportError as e:
    print(f"crosscheck_vectors: SKIP: {e} (pip install numpy ml_dtypes)")
    sys.exit(77)

FORMATS = ["e4m3", "e5m2", "e4m3fnuz", "e5m2fnuz", "e2m3", "e3m2", "e2m1", "int8", "e8m0"]
TYPES = {
    "e4m3": mld.float8_e4m3fn, "e5m2": mld.float8_e5m2, "e4m3fnuz": mld.float8_e4m3fnuz,
    "e5m2fnuz": mld.float8_e5m2fnuz, "e8m0": mld.float8_e8m0fnu, "e2m3": mld.float6_e2m3fn,
    "e3m2": mld.float6_e3m2fn, "e2m1": mld.float4_e2m1fn,
}
WIDE = {0: (np.uint64, np.float64), 1: (np.uint32, np.float32), 2: (np.uint16, np.float16),
        3: (np.uint16, mld.bfloat16)}
# The ml_dtypes profile (`mxcts profiles`; include/mxcts/convert.h / e8m0.h numbering):
# element knobs at header offset 120: rne, nonsat, NaN sign kept, overflow after rounding,
# Inf follows overflow, NaN->FP6/FP4 = -0 xor sign, e4m3 sat NaN 0, NaN input positive 0,
# E5M2 NaN 0x7E, INT8 min -128.
MLD_ELEM = bytes([0, 1, 0, 0, 0, 3, 0, 0, 0x7E, 0x80])
# E8M0 knobs at 132: nearest-up, nonsat, zero -> NaN, negative -> NaN.
MLD_E8M0 = bytes([2, 1, 1, 1])


def read_vec(path):
    d = open(path, "rb").read()
    if len(d) < 260 or d[:8] != b"MXCTSVEC":
        raise ValueError("not a vector file")
    if struct.unpack_from("<I", d, 252)[0] != zlib.crc32(d[:252]):
        raise ValueError("header CRC mismatch")
    h = {
        "op": d[12], "src": d[13], "dst": d[14], "fmt": d[15], "mode": d[17],
        "rsize": struct.unpack_from("<I", d, 20)[0], "count": struct.unpack_from("<Q", d, 24)[0],
        "k": struct.unpack_from("<I", d, 40)[0],
        "profile": d[56:88].rstrip(b"\0").decode(), "elem": d[120:130], "e8m0": d[132:136],
    }
    body = d[256:256 + h["count"] * h["rsize"]]
    if len(d) != 256 + len(body) + 4 or struct.unpack_from("<I", d, len(d) - 4)[0] != zlib.crc32(body):
        raise ValueError("length or record CRC mismatch")
    recs = np.frombuffer(body, np.uint8).reshape(h["count"], h["rsize"])
    return h, recs


def field(recs, off, width):
    dt = {1: np.uint8, 2: "<u2", 4: "<u4", 8: "<u8"}[width]
    return np.ascontiguousarray(recs[:, off:off + width]).view(dt).reshape(-1)


def cast(values, fmt):
    with np.errstate(invalid="ignore", over="ignore"):
        return values.astype(TYPES[fmt]).view(np.uint8)


def check_dequantize(h, recs, fmt):
    if h["dst"] not in (0, 1, 2):  # bf16: numpy has no f64 -> bf16 cast with a single rounding
        return None
    k = h["k"]
    scales = recs[:, 0].astype(np.int64)
    codes = recs[:, 1:1 + k]
    if fmt == "int8":
        elem = codes.view(np.int8).astype(np.float64) * 2.0 ** -6
    else:
        mask = {"e2m3": 0x3F, "e3m2": 0x3F, "e2m1": 0x0F}.get(fmt, 0xFF)
        elem = (codes & mask).view(TYPES[fmt]).astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        exact = elem * np.ldexp(1.0, (scales - 127))[:, None]  # exact: <= 8 significant bits
        exact[scales == 255, :] = np.nan
        uint_t, float_t = WIDE[h["dst"]]
        want = exact.astype(float_t)
    w = np.dtype(uint_t).itemsize
    got = np.ascontiguousarray(recs[:, 1 + k:]).view("<u%d" % w).reshape(-1, k).view(float_t)
    ok = (want.view(uint_t) == got.view(uint_t)) | (np.isnan(want) & np.isnan(got))
    return ok.size, int(ok.sum()), True, "output values (numpy: exact product of the ml_dtypes decode and 2^(s-127), one rounding; NaN by class)"


def check_file(h, recs):
    """Returns (applicable, n, agree, must_agree, note) or None when not applicable."""
    fmt = FORMATS[h["fmt"]] if h["fmt"] < len(FORMATS) else None
    if h["op"] == 5 and fmt in ("e4m3", "e5m2", "e2m3", "e3m2", "e2m1", "int8"):
        return check_dequantize(h, recs, fmt)
    if fmt not in TYPES:
        return None
    if h["op"] == 1:  # decode
        codes = field(recs, 0, 1)
        mask = {"e2m3": 0x3F, "e3m2": 0x3F, "e2m1": 0x0F}.get(fmt, 0xFF)
        vals = (codes & mask).view(TYPES[fmt])
        ok = np.ones(len(codes), bool)
        for off, w, ft, it in ((1, 4, np.float32, np.uint32), (5, 8, np.float64, np.uint64)):
            want = vals.astype(ft)
            got = field(recs, off, w).view(ft)
            same = want.view(it) == got.view(it)
            ok &= same | (np.isnan(want) & np.isnan(got))
        return len(codes), int(ok.sum()), True, "codes (f32 and f64 bits, NaN by class)"
    if h["op"] not in (2, 3):
        return None
    if h["elem"][0] != 0 and h["op"] == 2:  # ml_dtypes astype rounds to nearest even only
        return None
    uint_t, float_t = WIDE[h["src"]]
    if h["mode"] == 1:
        inputs = np.arange(h["count"], dtype=np.uint64).astype(uint_t)
        codes = field(recs, 0, 1)
    else:
        w = np.dtype(uint_t).itemsize
        inputs = field(recs, 0, w).astype(uint_t)
        codes = field(recs, w, 1)
    got = cast(inputs.view(float_t), fmt)
    if h["op"] == 3:
        must = h["e8m0"] == MLD_E8M0
    else:
        must = h["elem"] == MLD_ELEM
    return len(codes), int((got == codes).sum()), must, "records (numpy astype)"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    update = "--update-manifest" in sys.argv
    verbose = "-v" in sys.argv
    vdir = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors")
    mpath = os.path.join(vdir, "MANIFEST")
    lines = open(mpath, encoding="utf-8").read().split("\n")
    bad = credited = checked = 0
    tag = f"ml_dtypes {mld.__version__}"
    out = []
    for line in lines:
        if not line or line.startswith("#"):
            out.append(line)
            continue
        f = line.split("\t")
        try:
            h, recs = read_vec(os.path.join(vdir, f[3]))
        except (OSError, ValueError) as e:
            print(f"FAIL {f[3]}: {e}")
            bad += 1
            out.append(line)
            continue
        r = check_file(h, recs)
        items = [x.strip() for x in f[5].split(";") if x.strip() and not x.strip().startswith("ml_dtypes") and "crosscheck_vectors.py" not in x]
        if r:
            n, agree, must, what = r
            checked += 1
            status = "ok" if agree == n else ("DISAGREE" if must else "policy")
            if agree != n and must:
                bad += 1
            if verbose or status == "DISAGREE":
                print(f"{status:8s} {f[3]:48s} {agree:>6d} / {n:<6d} agree ({h['profile']})")
            if agree == n:
                credited += 1
                items.append(f"{tag}: {n}/{n} {what} agree (tools/crosscheck_vectors.py)")
        f[5] = "; ".join(items)
        out.append("\t".join(f))
    print(f"crosscheck_vectors: {checked} applicable files compared with {tag}; {credited} agree on every record; "
          f"{bad} disagree where they must not")
    if update:
        with open(mpath, "w", encoding="utf-8") as fh:
            fh.write("\n".join(out))
        print(f"updated {mpath}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
