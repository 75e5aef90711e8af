/* A complete, self-contained implementation of the mxcts plugin operations
 * (include/mxcts/plugin.h) for the `ocp` profile, written from the format
 * definitions alone: it does not link or include the mxcts reference, so
 * `mxcts run --backend plugin:...` judges an independent implementation.
 *
 * It is deliberately simple (scalar C, binary64 intermediates, which hold
 * every value these formats and their scaled products take exactly).
 *
 * mxp_good.c includes it as is. mxp_buggy.c defines some of the MXP_BUG_*
 * switches first, reproducing classic bugs of real stacks:
 *   MXP_BUG_E8M0_ZERO       E8M0 0x00 decoded as 0 (triton <= 3.8 software path, TE before #2647)
 *   MXP_BUG_OVF_BEFORE_ROUND overflow tested before rounding (HIP software cast_to_f8)
 *   MXP_BUG_HALF_AWAY       round half away from zero instead of ties to even (microxcaling
 *                           "nearest", aiter before #3992, Quark's triton copy)
 *   MXP_BUG_FNUZ_NEG_ZERO   FNUZ -0 written as 0x80, which is FNUZ's NaN (onnxruntime before #18473)
 */
#ifndef MXP_IMPL_H
#define MXP_IMPL_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "mxcts/plugin.h"

#ifndef MXP_BUG_E8M0_ZERO
#define MXP_BUG_E8M0_ZERO 0
#endif
#ifndef MXP_BUG_OVF_BEFORE_ROUND
#define MXP_BUG_OVF_BEFORE_ROUND 0
#endif
#ifndef MXP_BUG_HALF_AWAY
#define MXP_BUG_HALF_AWAY 0
#endif
#ifndef MXP_BUG_FNUZ_NEG_ZERO
#define MXP_BUG_FNUZ_NEG_ZERO 0
#endif

/* ---- the formats (DESIGN.md section 2) ---- */
typedef struct mxp_fmt {
    int bits, man, bias;
    int kind;        /* 0 float, 1 int8, 2 e8m0 */
    int nan;         /* 0 none, 1 S.1111.111 (e4m3), 2 IEEE (e5m2), 3 0x80 only (fnuz) */
    int has_inf;
    int emax_elem;   /* MX scale selection */
    double max;
} mxp_fmt;

static const mxp_fmt mxp_fmts[MXCTS_FORMAT_COUNT] = {
    [MXCTS_E4M3] = {8, 3, 7, 0, 1, 0, 8, 448.0},
    [MXCTS_E5M2] = {8, 2, 15, 0, 2, 1, 15, 57344.0},
    [MXCTS_E4M3FNUZ] = {8, 3, 8, 0, 3, 0, -1, 240.0},
    [MXCTS_E5M2FNUZ] = {8, 2, 16, 0, 3, 0, -1, 57344.0},
    [MXCTS_E2M3] = {6, 3, 1, 0, 0, 0, 2, 7.5},
    [MXCTS_E3M2] = {6, 2, 3, 0, 0, 0, 4, 28.0},
    [MXCTS_E2M1] = {4, 1, 1, 0, 0, 0, 2, 6.0},
    [MXCTS_INT8] = {8, 0, 0, 1, 0, 0, 0, 127.0 / 64.0},
    [MXCTS_E8M0] = {8, 0, 127, 2, 0, 0, -1, 0x1p127},
};

static int mxp_elem_ok(int fmt) { return fmt >= MXCTS_E4M3 && fmt <= MXCTS_INT8; }
static int mxp_mx_ok(int fmt)
{
    return fmt == MXCTS_E4M3 || fmt == MXCTS_E5M2 || fmt == MXCTS_E2M3 || fmt == MXCTS_E3M2 ||
           fmt == MXCTS_E2M1 || fmt == MXCTS_INT8;
}
static int mxp_fnuz(int fmt) { return fmt == MXCTS_E4M3FNUZ || fmt == MXCTS_E5M2FNUZ; }

/* E8M0 scale value: 2^(code - 127); 0xFF is NaN. */
static double mxp_e8m0(unsigned code)
{
    if (code == 0xff)
        return NAN;
#if MXP_BUG_E8M0_ZERO
    if (code == 0x00)
        return 0.0; /* BUG: "no zero in E8M0" forgotten */
#endif
    return ldexp(1.0, (int)code - 127);
}

static double mxp_decode1(int fmt, unsigned code)
{
    const mxp_fmt *f = &mxp_fmts[fmt];
    if (f->kind == 2)
        return mxp_e8m0(code);
    if (f->kind == 1)
        return ldexp((double)(int8_t)code, -6);
    unsigned sbit = 1u << (f->bits - 1), emask = (1u << (f->bits - 1 - f->man)) - 1;
    int s = (code & sbit) != 0;
    unsigned e = (code >> f->man) & emask, m = code & ((1u << f->man) - 1);
    if (f->nan == 3 && code == 0x80)
        return NAN;
    if (f->nan == 1 && (code & 0x7f) == 0x7f)
        return s ? -NAN : NAN;
    if (f->nan == 2 && e == emask)
        return m ? (s ? -NAN : NAN) : (s ? -INFINITY : INFINITY);
    double v = e ? ldexp(1.0 + ldexp((double)m, -f->man), (int)e - f->bias)
                 : ldexp((double)m, 1 - f->bias - f->man);
    return s ? -v : v;
}

/* Round r >= 0 to an integer: mode 0 nearest-even, 1 toward zero, and the
 * directed modes as seen on the magnitude of a value of sign s. */
static double mxp_round_int(double r, int mode, int s)
{
    switch (mode) {
    case MXCTS_PLUGIN_ROUND_RTZ: return trunc(r);
    case MXCTS_PLUGIN_ROUND_RUP: return s ? trunc(r) : ceil(r);
    case MXCTS_PLUGIN_ROUND_RDN: return s ? ceil(r) : trunc(r);
    default:
#if MXP_BUG_HALF_AWAY
        return round(r); /* BUG: C round() breaks ties away from zero */
#else
        return nearbyint(r); /* default FP environment: ties to even */
#endif
    }
}

static unsigned mxp_max_code(int fmt)
{
    const mxp_fmt *f = &mxp_fmts[fmt];
    if (f->kind == 1)
        return 0x7f;
    switch (f->nan) {
    case 1: return 0x7e;
    case 2: return 0x7b;
    case 3: return 0x7f;
    default: return (1u << (f->bits - 1)) - 1;
    }
}

static unsigned mxp_sign_bit(int fmt) { return 1u << (mxp_fmts[fmt].bits - 1); }

/* The overflow result: Inf for E5M2, NaN for E4M3, 0x80 for FNUZ. */
static unsigned mxp_overflow_code(int fmt, int s)
{
    const mxp_fmt *f = &mxp_fmts[fmt];
    if (f->nan == 3)
        return 0x80;
    if (f->nan == 2)
        return 0x7c | (s ? 0x80u : 0);
    return 0x7f | (s ? 0x80u : 0);
}

static unsigned mxp_saturated(int fmt, int s)
{
    if (mxp_fmts[fmt].kind == 1)
        return s ? 0x80 : 0x7f; /* -128 / 127 */
    return mxp_max_code(fmt) | (s ? mxp_sign_bit(fmt) : 0);
}

/* What an overflow of sign s becomes under (round, overflow): IEEE 754 7.4. */
static unsigned mxp_on_overflow(int fmt, int s, int round, int ovf)
{
    const mxp_fmt *f = &mxp_fmts[fmt];
    if (ovf == MXCTS_PLUGIN_SAT || f->nan == 0 || f->kind == 1)
        return mxp_saturated(fmt, s); /* FP6/FP4/INT8 always saturate */
    if (round == MXCTS_PLUGIN_ROUND_RTZ || (round == MXCTS_PLUGIN_ROUND_RUP && s) ||
        (round == MXCTS_PLUGIN_ROUND_RDN && !s))
        return mxp_saturated(fmt, s);
    return mxp_overflow_code(fmt, s);
}

/* Encode a finite value v (already on the format's lattice, |v| <= max). */
static unsigned mxp_pack(int fmt, int s, double v)
{
    const mxp_fmt *f = &mxp_fmts[fmt];
    unsigned sb = s ? mxp_sign_bit(fmt) : 0;
    if (f->kind == 1) {
        long q = lrint(ldexp(v, 6));
        if (s)
            q = -q;
        return (unsigned)(uint8_t)(int8_t)q;
    }
    if (v == 0) {
        if (mxp_fnuz(fmt))
#if MXP_BUG_FNUZ_NEG_ZERO
            return sb ? 0x80 : 0x00; /* BUG: -0 kept, but 0x80 is FNUZ's NaN */
#else
            return 0x00; /* FNUZ has no -0 */
#endif
        return sb;
    }
    int emin = 1 - f->bias, e;
    frexp(v, &e);
    e -= 1; /* v = 1.m * 2^e */
    if (e < emin)
        return sb | (unsigned)ldexp(v, f->man - emin);
    unsigned m = (unsigned)(ldexp(v, f->man - e) - ldexp(1.0, f->man));
    return sb | ((unsigned)(e + f->bias) << f->man) | m;
}

static unsigned mxp_encode1(int fmt, double x, int round, int ovf)
{
    const mxp_fmt *f = &mxp_fmts[fmt];
    int s = signbit(x) != 0;
    if (isnan(x)) {
        if (f->nan == 3)
            return 0x80;
        if (f->nan)
            return 0x7f | (s ? 0x80u : 0); /* e4m3 S.1111.111, e5m2 S.11111.11 */
        return mxp_saturated(fmt, s); /* FP6/FP4/INT8 have no NaN (implementation-defined) */
    }
    double a = fabs(x);
    if (isinf(a))
        return (ovf == MXCTS_PLUGIN_SAT || f->nan == 0 || f->kind == 1) ? mxp_saturated(fmt, s)
                                                                         : mxp_overflow_code(fmt, s);
#if MXP_BUG_OVF_BEFORE_ROUND
    if (a > f->max) /* BUG: 449 overflows although it rounds to 448 */
        return mxp_on_overflow(fmt, s, round, ovf);
#endif
    double q; /* the spacing of the lattice at a */
    if (f->kind == 1) {
        q = 0x1p-6;
    } else {
        int e, emin = 1 - f->bias;
        frexp(a, &e);
        e -= 1;
        if (a == 0 || e < emin)
            e = emin;
        q = ldexp(1.0, e - f->man);
    }
    double v = mxp_round_int(a / q, round, s) * q; /* exact: a / q and the product are scalings */
    if (f->kind == 1) {
        if (!s && v > f->max)
            return mxp_saturated(fmt, 0);
        if (s && v > 2.0)
            return mxp_saturated(fmt, 1);
        return mxp_pack(fmt, s, v);
    }
    if (v > f->max)
        return mxp_on_overflow(fmt, s, round, ovf);
    return mxp_pack(fmt, s, v);
}

/* ---- operations ---- */

static int mxp_encode(int fmt, const float *src, size_t n, uint8_t *dst, int round, int overflow)
{
    if (!src || !dst)
        return MXCTS_ERR_NULL;
    if (!mxp_elem_ok(fmt))
        return MXCTS_ERR_FORMAT;
    if (round < 0 || round > 3 || overflow < 0 || overflow > 1)
        return MXCTS_ERR_MODE;
    for (size_t i = 0; i < n; i++)
        dst[i] = (uint8_t)mxp_encode1(fmt, (double)src[i], round, overflow);
    return MXCTS_OK;
}

static int mxp_decode(int fmt, const uint8_t *src, size_t n, float *dst)
{
    if (!src || !dst)
        return MXCTS_ERR_NULL;
    if (fmt < 0 || fmt >= MXCTS_FORMAT_COUNT)
        return MXCTS_ERR_FORMAT;
    for (size_t i = 0; i < n; i++)
        if (src[i] >> mxp_fmts[fmt].bits)
            return MXCTS_ERR_CODE_RANGE;
    for (size_t i = 0; i < n; i++)
        dst[i] = (float)mxp_decode1(fmt, src[i]);
    return MXCTS_OK;
}

static int mxp_check_mx(int elem, int64_t rows, int64_t k)
{
    if (!mxp_mx_ok(elem))
        return MXCTS_ERR_FORMAT;
    if (rows <= 0 || k <= 0 || k % MXCTS_PLUGIN_MX_BLOCK || rows > INT64_MAX / k / 4)
        return MXCTS_ERR_SIZE;
    return MXCTS_OK;
}

/* E8M0 code of 2^s for the shared exponent s, clamped to the scale range. */
static unsigned mxp_scale_code(int s)
{
    if (s < -127)
        s = -127;
    if (s > 127)
        s = 127;
    return (unsigned)(s + 127);
}

static int mxp_mx_quantize(int elem, const float *src, int64_t rows, int64_t k, int scale_mode, uint8_t *codes,
                           uint8_t *scales)
{
    if (!src || !codes || !scales)
        return MXCTS_ERR_NULL;
    int st = mxp_check_mx(elem, rows, k);
    if (st)
        return st;
    if (scale_mode < 0 || scale_mode > 6)
        return MXCTS_ERR_MODE;
    if (scale_mode != MXCTS_PLUGIN_SCALE_FLOOR && scale_mode != MXCTS_PLUGIN_SCALE_CEIL &&
        scale_mode != MXCTS_PLUGIN_SCALE_RCEIL)
        return MXCTS_ERR_UNSUPPORTED; /* this example implements floor, ceil and rceil */
    const mxp_fmt *f = &mxp_fmts[elem];
    int64_t nb = k / MXCTS_PLUGIN_MX_BLOCK;
    for (int64_t r = 0; r < rows; r++)
        for (int64_t b = 0; b < nb; b++) {
            const float *x = src + r * k + b * 32;
            uint8_t *c = codes + r * k + b * 32;
            float amax = 0;
            int special = 0;
            for (int i = 0; i < 32; i++) {
                if (isnan(x[i]) || isinf(x[i]))
                    special = 1;
                else if (fabsf(x[i]) > amax)
                    amax = fabsf(x[i]);
            }
            unsigned sc;
            if (special) {
                sc = 0xff; /* NaN or Inf in the block: the whole block is NaN */
            } else if (amax == 0) {
                sc = 0x00;
            } else if (scale_mode == MXCTS_PLUGIN_SCALE_RCEIL) {
                volatile float inv = 1.0f / (float)f->max, t = amax * inv; /* both rounded to f32 */
                int e;
                if (t == 0) {
                    sc = 0x00;
                } else {
                    double m = frexp((double)t, &e); /* t = m 2^e, m in [0.5, 1) */
                    sc = mxp_scale_code(m == 0.5 ? e - 1 : e);
                }
            } else {
                int e;
                double m = frexp((double)amax, &e);
                int fl = e - 1, ce = m == 0.5 ? e - 1 : e;
                sc = mxp_scale_code((scale_mode == MXCTS_PLUGIN_SCALE_CEIL ? ce : fl) - f->emax_elem);
            }
            scales[r * nb + b] = (uint8_t)sc;
            for (int i = 0; i < 32; i++)
                c[i] = sc == 0xff ? (uint8_t)(f->nan ? 0x7f : 0)
                                  : (uint8_t)mxp_encode1(elem, ldexp((double)x[i], 127 - (int)sc),
                                                         MXCTS_PLUGIN_ROUND_RNE, MXCTS_PLUGIN_SAT);
        }
    return MXCTS_OK;
}

static int mxp_mx_dequantize(int elem, const uint8_t *codes, const uint8_t *scales, int64_t rows, int64_t k,
                             float *dst)
{
    if (!codes || !scales || !dst)
        return MXCTS_ERR_NULL;
    int st = mxp_check_mx(elem, rows, k);
    if (st)
        return st;
    int64_t nb = k / MXCTS_PLUGIN_MX_BLOCK;
    for (int64_t i = 0; i < rows * k; i++)
        if (codes[i] >> mxp_fmts[elem].bits)
            return MXCTS_ERR_CODE_RANGE;
    for (int64_t r = 0; r < rows; r++)
        for (int64_t j = 0; j < k; j++) {
            double x = mxp_e8m0(scales[r * nb + j / 32]);
            dst[r * k + j] = (float)(x * mxp_decode1(elem, codes[r * k + j])); /* exact product, one rounding */
        }
    return MXCTS_OK;
}

static int mxp_gemm_mx(int fa, int fb, int64_t m, int64_t n, int64_t k, const uint8_t *a, const uint8_t *as,
                       const uint8_t *b, const uint8_t *bs, float *c)
{
    if (!a || !as || !b || !bs || !c)
        return MXCTS_ERR_NULL;
    if (!mxp_mx_ok(fa) || !mxp_mx_ok(fb))
        return MXCTS_ERR_FORMAT;
    if (m <= 0 || n <= 0 || k <= 0 || k % 32 || m > INT64_MAX / k || n > INT64_MAX / k || m > INT64_MAX / n / 4)
        return MXCTS_ERR_SIZE;
    int64_t nb = k / 32;
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            float acc = 0;
            for (int64_t blk = 0; blk < nb; blk++) {
                float s = 0; /* fp32 sum of the unscaled products of one block */
                for (int t = 0; t < 32; t++) {
                    int64_t kk = blk * 32 + t;
                    float p = (float)(mxp_decode1(fa, a[i * k + kk]) * mxp_decode1(fb, b[j * k + kk]));
                    s += p;
                }
                double sa = mxp_e8m0(as[i * nb + blk]), sb = mxp_e8m0(bs[j * nb + blk]);
                acc += (float)((double)s * sa * sb); /* exact scaling, one rounding */
            }
            c[i * n + j] = acc;
        }
    return MXCTS_OK;
}

static int mxp_reencode(int sf, int df, const uint8_t *src, size_t n, uint8_t *dst)
{
    if (!src || !dst)
        return MXCTS_ERR_NULL;
    int to_fnuz = (sf == MXCTS_E4M3 && df == MXCTS_E4M3FNUZ) || (sf == MXCTS_E5M2 && df == MXCTS_E5M2FNUZ);
    int to_ocp = (sf == MXCTS_E4M3FNUZ && df == MXCTS_E4M3) || (sf == MXCTS_E5M2FNUZ && df == MXCTS_E5M2);
    if (!to_fnuz && !to_ocp)
        return MXCTS_ERR_FORMAT;
    for (size_t i = 0; i < n; i++) {
        unsigned c = src[i], o = c;
        if (to_fnuz) {
            double v = mxp_decode1(sf, c);
            if (isnan(v) || isinf(v))
                o = 0x80;
            else if (c == 0x80)
#if MXP_BUG_FNUZ_NEG_ZERO
                o = 0x80; /* BUG: the bits kept, OCP -0 becomes FNUZ NaN */
#else
                o = 0x00;
#endif
        } else if (c == 0x80) {
            o = 0x7f; /* FNUZ NaN -> OCP NaN */
        } else if (sf == MXCTS_E4M3FNUZ && (c & 0x7f) == 0x7f) {
            o = (c & 0x80) | 0x7e; /* +-240 doubles to 480 > 448: saturate */
        } else if (sf == MXCTS_E5M2FNUZ && ((c >> 2) & 31) == 31) {
            o = (c & 0x80) | 0x7b; /* top binade doubles past 57344: saturate */
        }
        dst[i] = (uint8_t)o;
    }
    return MXCTS_OK;
}

#endif
