#!/usr/bin/env python3
"""Independent exact re-computation of the MX GEMM and MX quantise golden vectors.

The files are read by spec/vectors.md alone (no mxcts code); the expected outputs are
re-derived from spec/gemm.md and spec/mx-blocks.md and compared bit for bit:

  * gemm files (operation 6): every C[i][j] = sum_k X_A(i,k) A(i,k) X_B(j,k) B(j,k) is
    formed exactly (element values decoded with ml_dtypes, INT8 as q * 2^-6, E8M0 scales
    2^(X-127); every product and the sum are exact Python integers on a common power-of-two
    grid, handed over as a fractions.Fraction) and rounded ONCE, round-to-nearest-even, to the
    destination type by this script's own integer rounding (no float64 intermediate, so no
    double rounding). NaN element codes, an E8M0 0xFF scale of either operand (the whole
    block, even with zero elements), Inf x 0, and +Inf with -Inf give the canonical +NaN;
    Inf terms of one sign give that Inf; an exact zero sum is +0 (spec/gemm.md section 3).
    NaN outputs are compared bit for bit too (vectors.md: the canonical +NaN is stored).
  * mx-quantize files (operation 4): amax over the block (f32; f16/bf16 widen exactly), the
    NaN / Inf policies of section 4, the seven scale modes of section 3 (floor, ceil, even,
    rceil, tk_round_up, tk_round_down, tosa) evaluated exactly (f32 steps rounded by the same
    integer rounding), clamp to [-127, 127], then every element V / 2^s (exact in float64)
    rounded by this script against the format's value table (built from the ml_dtypes
    decode of every code) with the file's element rounding (rne, half-away, half-up),
    saturation of finite values, signed zeros, INT8 clamp to [int8_min, 127], NaN / Inf
    elements under a finite scale and the fixed filler under scale 0xFF (section 4).
    For rne blocks the elements are also cast with ml_dtypes (f32 after clipping to +-max:
    ml_dtypes casts float64 through float32, which would round twice) as a self-check of the
    table rounding; a mismatch there is reported as an internal error (exit 2).

A record counts as "agree" only when every stored output of it equals the re-computation;
a mode or case this script does not implement would be counted as "skipped", never as agreed
(currently none is skipped). The header and record CRC-32s are checked first; a file that
fails them counts as a failure.

Prints one line per file (agree / disagree / skipped records, with what was compared), the
first differences of a disagreeing file, and a summary per file kind.

With --update-manifest (a directory run with no disagreement) the `agrees` field of every
file that agreed on every record credits this check in VECTORS_DIR/MANIFEST.

usage: crosscheck_vectors_exact.py [VECTORS_DIR | FILE.vec ...] [--update-manifest]
exit: 0 all agree, 1 any disagreement or unreadable file, 2 internal self-check failure,
      77 numpy / ml_dtypes missing
"""
import glob
import os
import struct
import sys
import time
import zlib
from fractions import Fraction

try:
    import numpy as np
    import ml_dtypes as mld
except ImportError as e:  # CTest treats 77 as "skipped": pip install numpy ml_dtypes
    print(f"crosscheck_vectors_exact: SKIP: {e} (pip install numpy ml_dtypes)")
    sys.exit(77)

FORMATS = ["e4m3", "e5m2", "e4m3fnuz", "e5m2fnuz", "e2m3", "e3m2", "e2m1", "int8", "e8m0"]
MX_ELEM = ("e4m3", "e5m2", "e2m3", "e3m2", "e2m1", "int8")
MLD = {"e4m3": mld.float8_e4m3fn, "e5m2": mld.float8_e5m2, "e2m3": mld.float6_e2m3fn,
       "e3m2": mld.float6_e3m2fn, "e2m1": mld.float4_e2m1fn}
CODE_MASK = {"e2m3": 0x3F, "e3m2": 0x3F, "e2m1": 0x0F}
SIGN_BIT = {"e4m3": 0x80, "e5m2": 0x80, "e2m3": 0x20, "e3m2": 0x20, "e2m1": 0x08}
# element value * 2^GRID is an integer for every finite code (smallest subnormal 2^-GRID)
GRID = {"e4m3": 9, "e5m2": 16, "e2m3": 3, "e3m2": 4, "e2m1": 1, "int8": 6}
# spec/mx-blocks.md section 3
EMAX = {"e4m3": 8, "e5m2": 15, "e2m3": 2, "e3m2": 4, "e2m1": 2, "int8": 0}
MAXV = {"e4m3": Fraction(448), "e5m2": Fraction(57344), "e2m3": Fraction(15, 2),
        "e3m2": Fraction(28), "e2m1": Fraction(6), "int8": Fraction(127, 64)}
EVEN_MBITS = {"e4m3": 3, "e5m2": 2, "e2m3": 3, "e3m2": 2, "e2m1": 1, "int8": 6}
TOSA_OUT_MAX = {"e4m3": Fraction(464), "e5m2": Fraction(61440), "e2m3": Fraction(31, 4),
                "e3m2": Fraction(30), "e2m1": Fraction(7), "int8": Fraction(255, 128)}
SCALE_MODES = ["floor", "ceil", "even", "rceil", "tk_round_up", "tk_round_down", "tosa"]
ROUNDS = ["rne", "half-away", "half-up"]
# wide types: (byte width, precision p, emin, emax)
WIDE = {0: (8, 53, -1022, 1023), 1: (4, 24, -126, 127), 2: (2, 11, -14, 15), 3: (2, 8, -126, 127)}
WIDE_NAME = {0: "f64", 1: "f32", 2: "f16", 3: "bf16"}
IMPLEMENTED_MODES = set(SCALE_MODES)  # a mode left out here would be counted as skipped


# ---------------------------------------------------------------- file reading (spec/vectors.md)
def read_vec(path):
    d = open(path, "rb").read()
    if len(d) < 260 or d[:8] != b"MXCTSVEC":
        raise ValueError("not a vector file (magic)")
    if struct.unpack_from("<H", d, 8)[0] != 1 or struct.unpack_from("<H", d, 10)[0] != 256:
        raise ValueError("unknown version or header size")
    if struct.unpack_from("<I", d, 252)[0] != zlib.crc32(d[:252]):
        raise ValueError("header CRC mismatch")
    h = {
        "op": d[12], "src": d[13], "dst": d[14], "fmt": d[15], "fmtb": d[16], "mode": d[17],
        "rsize": struct.unpack_from("<I", d, 20)[0], "count": struct.unpack_from("<Q", d, 24)[0],
        "m": struct.unpack_from("<I", d, 32)[0], "n": struct.unpack_from("<I", d, 36)[0],
        "k": struct.unpack_from("<I", d, 40)[0],
        "profile": d[56:88].rstrip(b"\0").decode(), "set": d[88:120].rstrip(b"\0").decode(),
        "block": struct.unpack_from("<I", d, 136)[0], "scale_mode": d[140], "nan_policy": d[141],
        "inf_policy": d[142], "inf_elem": d[143], "round": d[144],
        "int8_min": struct.unpack_from("<b", d, 145)[0],
    }
    body = d[256:256 + h["count"] * h["rsize"]]
    if len(d) != 256 + h["count"] * h["rsize"] + 4:
        raise ValueError("file length is not 256 + count*record_size + 4 (truncated or trailing bytes)")
    if struct.unpack_from("<I", d, len(d) - 4)[0] != zlib.crc32(body):
        raise ValueError("record CRC mismatch")
    return h, body


# ---------------------------------------------------------------- exact rounding to a binary format
def round_fraction(x, p, emin, emax, sign_neg=None):
    """Bits of RNE(x) in the IEEE binary format with precision p (incl. hidden bit), exponent
    range [emin, emax], bias emax; x a non-zero Fraction (or 0 -> +0 / -0 by sign_neg).
    Subnormals get their reduced precision; overflow gives Inf (IEEE 754 7.4, RNE)."""
    ebits = (2 * emax + 1).bit_length()  # f32: 255 -> 8
    total = 1 + ebits + (p - 1)
    neg = x < 0 if sign_neg is None else sign_neg
    sign = (1 << (total - 1)) if neg else 0
    a = -x if x < 0 else x
    if a == 0:
        return sign
    n, d = a.numerator, a.denominator
    e = n.bit_length() - d.bit_length()  # floor(log2 a) is e or e - 1
    if (n << max(0, -e)) < (d << max(0, e)):
        e -= 1
    eq = max(e, emin) - p + 1  # exponent of the quantum
    if eq >= 0:
        num, den = n, d << eq
    else:
        num, den = n << -eq, d
    m, r = divmod(num, den)
    if 2 * r > den or (2 * r == den and m & 1):
        m += 1
    # m * 2^eq, m <= 2^p
    if m >= (1 << p):  # carried into the next binade (m == 2^p)
        m >>= 1
        eq += 1
    if m < (1 << (p - 1)):  # subnormal (or zero after rounding)
        return sign | m
    exp = eq + p - 1
    if exp > emax:
        return sign | (((1 << ebits) - 1) << (p - 1))  # Inf
    return sign | ((exp + emax) << (p - 1)) | (m - (1 << (p - 1)))


def f32_bits(x):
    return round_fraction(x, 24, -126, 127)


def f32_value(bits):
    """Exact value of a finite non-negative f32 bit pattern."""
    e, m = (bits >> 23) & 0xFF, bits & 0x7FFFFF
    if e == 0:
        return Fraction(m, 1 << 149)
    return Fraction((1 << 23) | m) * Fraction(2) ** (e - 150)


def floor_log2(x):
    n, d = x.numerator, x.denominator
    e = n.bit_length() - d.bit_length()
    if (n << max(0, -e)) < (d << max(0, e)):
        e -= 1
    return e


# ---------------------------------------------------------------- element decode (ml_dtypes)
def int_values(fmt):
    """For each code 0..255: ('fin', integer value * 2^GRID) or ('nan',) or ('inf', +-1)."""
    out = []
    if fmt == "int8":
        for c in range(256):
            out.append(("fin", c - 256 if c >= 128 else c))
        return out
    mask = CODE_MASK.get(fmt, 0xFF)
    vals = (np.arange(256, dtype=np.uint8) & mask).view(MLD[fmt]).astype(np.float64)
    for c in range(256):
        v = float(vals[c])
        if c & ~mask & 0xFF:
            out.append(("bad",))  # bits above the format's width: never a valid code
        elif np.isnan(v):
            out.append(("nan",))
        elif np.isinf(v):
            out.append(("inf", 1 if v > 0 else -1))
        else:
            iv = v * 2.0 ** GRID[fmt]
            assert iv == int(iv)
            out.append(("fin", int(iv)))
    return out


# ---------------------------------------------------------------- GEMM
NAN_OUT = {0: 0x7FF8000000000000, 1: 0x7FC00000, 2: 0x7E00, 3: 0x7FC0}


def gemm_expected(fa, fb, grid, ia, sa, ib, sb, K, blk, dst):
    """One output: A row codes ia, its scales sa, B row codes ib, its scales sb."""
    w, p, emin, emax = WIDE[dst]
    nan = False
    inf_sign = set()
    acc = 0  # the exact sum times 2^(254 + grid), grid = GRID_A + GRID_B: an integer
    for b in range(K // blk):
        xa, xb = sa[b], sb[b]
        if xa == 0xFF or xb == 0xFF:
            nan = True
            continue
        for k in range(b * blk, (b + 1) * blk):
            va, vb = fa[ia[k]], fb[ib[k]]
            if va[0] == "bad" or vb[0] == "bad":
                raise ValueError("element code out of range")
            if va[0] == "nan" or vb[0] == "nan":
                nan = True
            elif va[0] == "inf" or vb[0] == "inf":
                other = vb if va[0] == "inf" else va
                if other[0] == "fin" and other[1] == 0:
                    nan = True  # Inf x 0
                else:
                    sa_ = va[1] if va[0] == "inf" else (1 if va[1] > 0 else -1)
                    sb_ = vb[1] if vb[0] == "inf" else (1 if vb[1] > 0 else -1)
                    inf_sign.add(sa_ * sb_)
            else:
                acc += (va[1] * vb[1]) << (xa + xb)  # exact integer product on the common grid
    if nan or len(inf_sign) == 2:
        return NAN_OUT[dst]
    if inf_sign:
        sign = (1 << (w * 8 - 1)) if inf_sign.pop() < 0 else 0
        return sign | (((1 << (2 * emax + 1).bit_length()) - 1) << (p - 1))  # that Inf
    exact = Fraction(acc, 1 << (254 + grid))  # the exact real sum
    return round_fraction(exact, p, emin, emax, sign_neg=False if acc == 0 else None)  # exact 0 -> +0


def check_gemm(h, body):
    fa_name, fb_name = FORMATS[h["fmt"]], FORMATS[h["fmtb"]]
    if fa_name not in MX_ELEM or fb_name not in MX_ELEM or h["dst"] not in WIDE:
        return 0, 0, h["count"], "unsupported format or output type", []
    M, N, K, blk = h["m"], h["n"], h["k"], h["block"]
    if blk == 0 or K % blk:
        raise ValueError("K is not a multiple of the block knob")
    nb = K // blk
    w = WIDE[h["dst"]][0]
    rsize = (M + N) * (K + nb) + M * N * w
    if rsize != h["rsize"]:
        raise ValueError(f"record size {h['rsize']} != {rsize}")
    fa, fb = int_values(fa_name), int_values(fb_name)
    grid = GRID[fa_name] + GRID[fb_name]
    agree = dis = 0
    bad_vals = 0
    ex = []
    for r in range(h["count"]):
        rec = body[r * rsize:(r + 1) * rsize]
        o = 0
        A = rec[o:o + M * K]; o += M * K
        SA = rec[o:o + M * nb]; o += M * nb
        B = rec[o:o + N * K]; o += N * K
        SB = rec[o:o + N * nb]; o += N * nb
        C = rec[o:o + M * N * w]
        ok = True
        for i in range(M):
            for j in range(N):
                want = gemm_expected(fa, fb, grid, A[i * K:(i + 1) * K], SA[i * nb:(i + 1) * nb],
                                     B[j * K:(j + 1) * K], SB[j * nb:(j + 1) * nb], K, blk, h["dst"])
                got = int.from_bytes(C[(i * N + j) * w:(i * N + j + 1) * w], "little")
                if want != got:
                    ok = False
                    bad_vals += 1
                    if len(ex) < 4:
                        ex.append(f"record {r} C[{i}][{j}]: stored 0x{got:0{2 * w}x}, exact+RNE 0x{want:0{2 * w}x}")
        if ok:
            agree += 1
        else:
            dis += 1
    note = f"{M * N * h['count'] - bad_vals}/{M * N * h['count']} C values"
    return agree, dis, 0, note, ex


# ---------------------------------------------------------------- MX quantise
def value_table(fmt):
    """Non-negative finite values in magnitude-code order (index == magnitude code)."""
    mask = CODE_MASK.get(fmt, 0xFF)
    sign = SIGN_BIT[fmt]
    codes = np.arange(0, sign, dtype=np.uint8)
    vals = codes.view(MLD[fmt]).astype(np.float64)
    fin = np.isfinite(vals)
    n = int(np.argmin(fin)) if not fin.all() else len(vals)
    vals = vals[:n]
    assert (np.diff(vals) > 0).all() and vals[-1] == float(MAXV[fmt]) and mask >= sign
    return vals


TABLES = {}


def round_elements(v, fmt, rnd, int8_min):
    """Codes for the float64 array v (exact quotients V / X, all finite) under rounding rnd."""
    neg = np.signbit(v)
    mag = np.abs(v)
    if fmt == "int8":
        t = v * 64.0  # exact
        if rnd == 0:
            q = np.rint(t)  # ties to even
        elif rnd == 1:
            q = np.sign(t) * np.floor(np.abs(t) + 0.5)
        else:
            q = np.floor(t + 0.5)
        q = np.clip(q, int8_min, 127).astype(np.int64)
        return (q & 0xFF).astype(np.uint8)
    vals = TABLES.setdefault(fmt, value_table(fmt))
    top = len(vals) - 1
    sat = mag >= vals[top]
    lo = np.clip(np.searchsorted(vals, mag, side="right") - 1, 0, top - 1)
    mid = (vals[lo] + vals[lo + 1]) / 2  # exact: few significant bits
    up = mag > mid
    tie = mag == mid
    if rnd == 0:
        tie_up = (lo & 1) == 1  # the even code is the upper one
    elif rnd == 1:
        tie_up = np.ones_like(tie)
    else:
        tie_up = ~neg  # toward +inf
    idx = lo + (up | (tie & tie_up))
    idx = np.where(sat, top, idx)
    return (idx | np.where(neg, SIGN_BIT[fmt], 0)).astype(np.uint8)


def scale_code(amax_bits, fmt, mode):
    """E8M0 code for a non-zero finite amax (f32 bits), spec/mx-blocks.md section 3."""
    emax = EMAX[fmt]
    E = amax_bits >> 23
    a = f32_value(amax_bits)
    if mode == "floor":
        s = E - 127 - emax
    elif mode == "ceil":
        e = floor_log2(a)
        s = (e if a == Fraction(2) ** e else e + 1) - emax
    elif mode == "even":
        b2 = (amax_bits + (1 << (22 - EVEN_MBITS[fmt]))) & 0xFF800000
        s = (b2 >> 23) - 127 - emax
    elif mode == "rceil":
        r = f32_bits(1 / MAXV[fmt])
        pb = f32_bits(a * f32_value(r))
        ep, mp = pb >> 23, pb & 0x7FFFFF
        code = ep + (mp != 0) if ep else (1 if mp > 0x400000 else 0)
        return min(code, 254)
    elif mode == "tk_round_up":
        qb = f32_bits(a / MAXV[fmt])
        return min(((qb + 0x7FFFFF) & 0x7F800000) >> 23, 254)
    elif mode == "tk_round_down":
        qb = f32_bits(a / MAXV[fmt])
        return min(qb >> 23, 254)
    elif mode == "tosa":
        om = TOSA_OUT_MAX[fmt]
        le = fmt == "e4m3"
        s = floor_log2(a / om) - 1
        while not ((a / Fraction(2) ** s <= om) if le else (a / Fraction(2) ** s < om)):
            s += 1
    else:
        raise ValueError(mode)
    return max(-127, min(127, s)) + 127


SELF_CHECK_FAIL = [0]


def check_quantize(h, body):
    fmt = FORMATS[h["fmt"]]
    if fmt not in MX_ELEM or h["src"] not in (1, 2, 3):
        return 0, 0, h["count"], "not an MX element format / source type", []
    K = h["k"]
    sw = WIDE[h["src"]][0]
    if h["rsize"] != K * sw + 1 + K:
        raise ValueError("record size mismatch")
    mode = SCALE_MODES[h["scale_mode"]] if h["scale_mode"] < len(SCALE_MODES) else None
    if mode not in IMPLEMENTED_MODES or h["round"] > 2 or h["nan_policy"] > 1 or h["inf_policy"] > 2:
        return 0, 0, h["count"], f"scale mode / knob not implemented ({h['scale_mode']})", []
    recs = np.frombuffer(body, np.uint8).reshape(h["count"], h["rsize"])
    raw = np.ascontiguousarray(recs[:, :K * sw]).view("<u%d" % sw).reshape(-1, K)
    if h["src"] == 1:
        f32 = raw.astype(np.uint32).view(np.float32)
    elif h["src"] == 2:
        f32 = raw.astype(np.uint16).view(np.float16).astype(np.float32)  # exact widening
    else:
        f32 = (raw.astype(np.uint32) << 16).view(np.float32)  # bf16 = top half of f32
    bits = f32.view(np.uint32)
    got_scale = recs[:, K * sw].astype(np.int64)
    got_codes = recs[:, K * sw + 1:]
    isnan = np.isnan(f32)
    isinf = np.isinf(f32)
    # scales, one Python step per block
    want_scale = np.zeros(h["count"], np.int64)
    for r in range(h["count"]):
        if h["nan_policy"] == 0 and isnan[r].any():
            want_scale[r] = 0xFF
            continue
        if isinf[r].any():
            if h["inf_policy"] == 0:
                want_scale[r] = 0xFF
                continue
            if h["inf_policy"] == 1:
                want_scale[r] = 0xFE
                continue
        fin = ~(isnan[r] | isinf[r])
        amax = int((bits[r][fin] & 0x7FFFFFFF).max()) if fin.any() else 0  # |x| order = bit order
        want_scale[r] = 0 if amax == 0 else scale_code(amax, fmt, mode)
    # elements
    with np.errstate(invalid="ignore"):  # signalling NaN inputs
        x64 = f32.astype(np.float64)
    s = (want_scale - 127).astype(np.int64)
    fin = ~(isnan | isinf)
    q = np.where(fin, np.ldexp(np.where(fin, x64, 0.0), -s[:, None]), 0.0)  # exact: power-of-two scale
    # keep the sign of -0 inputs
    q = np.where(fin & np.signbit(x64), -np.abs(q), q)
    codes = round_elements(q, fmt, h["round"], h["int8_min"])
    if h["round"] == 0 and fmt != "int8":  # self-check of the table rounding against ml_dtypes
        mx = float(MAXV[fmt])
        alt = np.clip(q, -mx, mx).astype(np.float32).astype(MLD[fmt]).view(np.uint8)
        if not np.array_equal(alt[fin], codes[fin]):
            SELF_CHECK_FAIL[0] += 1
    maxc = {"e4m3": 0x7E, "e5m2": 0x7B, "e2m3": 0x1F, "e3m2": 0x1F, "e2m1": 0x07, "int8": 0x7F}[fmt]
    # -Inf under inf_elem = sat goes to the negative saturation limit: -max, and for INT8 the
    # negative limit is int8_min (section 5: "the negative limit is int8_min"; section 4 only
    # says "+-max", which for INT8 this script reads through section 5)
    negmax = (maxc | SIGN_BIT[fmt]) if fmt != "int8" else (h["int8_min"] & 0xFF)
    nan_code = 0x7F if fmt in ("e4m3", "e5m2") else maxc
    codes = np.where(isnan, nan_code, codes)
    neg = np.signbit(x64)
    if h["inf_elem"] == 1 and fmt == "e5m2":
        inf_codes = np.where(neg, 0xFC, 0x7C)
    elif h["inf_elem"] == 1 and fmt == "e4m3":
        inf_codes = np.where(neg, 0xFF, 0x7F)
    else:
        inf_codes = np.where(neg, negmax, maxc)
    codes = np.where(isinf, inf_codes, codes).astype(np.uint8)
    filler = 0x7F if fmt in ("e4m3", "e5m2") else 0x00
    codes[want_scale == 0xFF, :] = filler
    ok_scale = want_scale == got_scale
    ok_codes = (codes == got_codes).all(axis=1)
    ok = ok_scale & ok_codes
    ex = []
    for r in np.nonzero(~ok)[0][:4]:
        d = np.nonzero(codes[r] != got_codes[r])[0]
        ex.append(f"block {r}: scale stored 0x{int(got_scale[r]):02x} want 0x{int(want_scale[r]):02x}; "
                  f"{len(d)} element codes differ" + (f" (first at {d[0]}: input 0x{int(raw[r][d[0]]):x} stored "
                                                      f"0x{got_codes[r][d[0]]:02x} want 0x{codes[r][d[0]]:02x})" if len(d) else ""))
    note = (f"{int(ok_scale.sum())}/{h['count']} scales, {int((codes == got_codes).sum())}/{codes.size} element codes; "
            f"mode {mode}, round {ROUNDS[h['round']]}, nan {['spec', 'ignore'][h['nan_policy']]}, "
            f"inf {['spec', 'max-scale', 'ignore'][h['inf_policy']]}")
    return int(ok.sum()), int((~ok).sum()), 0, note, ex


# ---------------------------------------------------------------- driver
def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    t0 = time.time()
    if args and all(a.endswith(".vec") for a in args):
        files = [(a, a) for a in args]
    else:
        vdir = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors")
        names = []
        mpath = os.path.join(vdir, "MANIFEST")
        for line in open(mpath, encoding="utf-8").read().split("\n"):
            if line and not line.startswith("#"):
                names.append(line.split("\t")[3])
        names = [n for n in names if n.startswith("gemm/") or n.startswith("mx/quantize.")]
        files = [(n, os.path.join(vdir, n)) for n in names]
    kinds = {"gemm": [0, 0, 0, 0, 0], "quantize": [0, 0, 0, 0, 0]}  # files, agree, disagree, skipped, failed files
    failed = 0
    credit = {}  # name -> agreement note for files that agree on every record (--update-manifest)
    for name, path in files:
        try:
            h, body = read_vec(path)
            if h["op"] == 6:
                kind, r = "gemm", check_gemm(h, body)
            elif h["op"] == 4:
                kind, r = "quantize", check_quantize(h, body)
            else:
                print(f"n/a      {name}: operation {h['op']} is not gemm / mx-quantize")
                continue
        except (OSError, ValueError) as e:
            print(f"FAIL     {name}: {e}")
            failed += 1
            kind = "gemm" if "gemm" in name else "quantize"
            kinds[kind][4] += 1  # header / length / CRC failure
            continue
        agree, dis, skip, note = r[:4]
        ex = r[4] if len(r) > 4 else []
        k = kinds[kind]
        k[0] += 1; k[1] += agree; k[2] += dis; k[3] += skip
        status = "DISAGREE" if dis else ("skipped" if skip and not agree else "ok")
        if not dis and not skip and agree:
            what = "records (all C values)" if kind == "gemm" else "blocks"
            credit[name] = (f"python Fraction exact recomputation + ml_dtypes {mld.__version__}: {agree}/{agree} "
                            f"{what} agree (tools/crosscheck_vectors_exact.py)")
        print(f"{status:8s} {name:46s} agree {agree:4d} / disagree {dis:4d} / skipped {skip:4d} records  ({note})")
        for e in ex:
            print("           " + e)
    for kind, (nf, a, d, s, f) in kinds.items():
        unit = "GEMM records (cases)" if kind == "gemm" else "blocks"
        print(f"crosscheck_vectors_exact: {kind}: {nf} files, {a} agree / {d} disagree / {s} skipped {unit}"
              + (f", {f} files failing the header / length / CRC checks" if f else ""))
    print(f"crosscheck_vectors_exact: numpy {np.__version__}, ml_dtypes {mld.__version__}, {time.time() - t0:.1f} s")
    if SELF_CHECK_FAIL[0]:
        print(f"crosscheck_vectors_exact: INTERNAL: table rounding != ml_dtypes RNE in {SELF_CHECK_FAIL[0]} files")
        return 2
    bad = 1 if failed or any(k[2] for k in kinds.values()) else 0
    if "--update-manifest" in sys.argv and not bad and not (args and all(a.endswith(".vec") for a in args)):
        update_manifest(mpath, credit)
    return bad


def update_manifest(mpath, credit):
    """Credit this check in the `agrees` field of every file that agreed on every record
    (replacing an earlier credit of this script; other credits are kept)."""
    out = []
    for line in open(mpath, encoding="utf-8").read().split("\n"):
        if line and not line.startswith("#"):
            f = line.split("\t")
            if f[3] in credit:
                items = [x.strip() for x in f[5].split(";")
                         if x.strip() and "crosscheck_vectors_exact.py" not in x]
                f[5] = "; ".join(items + [credit[f[3]]])
                line = "\t".join(f)
        out.append(line)
    with open(mpath, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out))
    print(f"updated {mpath}: {len(credit)} files credited")


if __name__ == "__main__":
    sys.exit(main())
