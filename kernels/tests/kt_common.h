/* Shared helpers of the kernel-library tests: the oracle built on the
 * reference's element encoder/decoder (include/mxcts/convert.h), and the
 * test bookkeeping. The tests are the only part of kernels/ that uses the
 * reference (DESIGN.md section 1). */
#ifndef MXK_KT_COMMON_H
#define MXK_KT_COMMON_H

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxcts/convert.h"
#include "mxcts/format.h"
#include "mxcts/kernels.h"

typedef struct kt_state {
    long checks, fails;
} kt_state;

static inline void kt_fail(kt_state *s, const char *fmt, ...)
{
    s->fails++;
    if (s->fails <= 30) {
        va_list ap;
        va_start(ap, fmt);
        fprintf(stderr, "FAIL: ");
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
    }
}

static inline uint32_t kt_f2u(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static inline float kt_u2f(uint32_t u)
{
    float f;
    memcpy(&f, &u, 4);
    return f;
}

/* mxk element dtype -> reference format */
static inline mxcts_format kt_rf(mxk_dtype t) { return (mxcts_format)((int)t - (int)MXK_E4M3); }

static inline void kt_cv(mxcts_convert *cv, const mxk_convert_opts *o)
{
    mxcts_convert_init(cv);
    cv->round = (mxcts_round)o->round;
    cv->overflow = o->overflow == MXK_SAT ? MXCTS_OVERFLOW_SAT : MXCTS_OVERFLOW_NONSAT;
    cv->nan_sign = o->nan_sign == MXK_NAN_SIGN_CLEAR ? MXCTS_NAN_SIGN_CLEAR : MXCTS_NAN_SIGN_PRESERVE;
    cv->int8_min = o->int8_min;
}

static inline int kt_emax_elem(mxk_dtype t) { return mxcts_format_get(kt_rf(t))->emax_elem; }
static inline double kt_max(mxk_dtype t) { return mxcts_format_get(kt_rf(t))->max_finite; }
static inline int kt_mbits(mxk_dtype t) { return mxcts_format_get(kt_rf(t))->man_bits; }

/* Oracle for the E8M0 scale of a block with amax (finite, >= 0), written
 * from the formulas of DESIGN.md section 3 / mx-semantics 3.2 with frexp. */
static inline unsigned kt_scale(mxk_dtype t, float amax, mxk_scale_mode mode)
{
    if (amax == 0.0f)
        return 0;
    int emax = kt_emax_elem(t);
    int e;
    double m = frexp((double)amax, &e); /* amax = m 2^e, m in [0.5, 1) */
    int fl = e - 1;                     /* floor(log2 amax) */
    int k;
    switch (mode) {
    case MXK_SCALE_CEIL: k = (m == 0.5 ? fl : fl + 1) - emax; break;
    case MXK_SCALE_EVEN: {
        /* amax rounded half-up to mbits fraction bits (normal amax); the bit
         * trick of torchao, for subnormal amax it only matters after clamp */
        int mb = kt_mbits(t);
        double sig = ldexp((double)amax, -fl); /* [1, 2) */
        double r = floor(sig * ldexp(1.0, mb) + 0.5);
        int fl2 = r >= ldexp(1.0, mb + 1) ? fl + 1 : fl;
        k = fl2 - emax;
        if (amax < ldexp(1.0, -126)) /* f32 subnormal: E field is 0 */
            k = -127 - emax;
        break;
    }
    case MXK_SCALE_RCEIL: {
        float p = amax * (1.0f / (float)kt_max(t));
        if (p == 0.0f)
            return 0;
        int pe;
        double pm = frexp((double)p, &pe);
        k = pm == 0.5 ? pe - 1 : pe; /* ceil(log2 p) */
        break;
    }
    default:
        k = (amax < ldexp(1.0, -126) ? -127 : fl) - emax;
        break;
    }
    if (k < -127)
        k = -127;
    if (k > 127)
        k = 127;
    return (unsigned)(k + 127);
}

/* Reference element of an MX block with scale X (not 0xFF). */
static inline uint8_t kt_elem(mxk_dtype t, uint32_t v, unsigned X, int int8_min)
{
    mxcts_convert cv;
    mxcts_convert_init(&cv);
    cv.nan_sign = MXCTS_NAN_SIGN_CLEAR;
    cv.int8_min = int8_min;
    float q = (float)ldexp((double)kt_u2f(v), 127 - (int)X);
    uint8_t c = 0;
    mxcts_encode_f32(kt_rf(t), kt_f2u(q), &cv, &c, NULL);
    return c;
}

/* Reference block quantisation of 32 f32 values. */
static inline void kt_quant_block(mxk_dtype t, const uint32_t *x, mxk_scale_mode mode, int ignore,
                                  int int8_min, uint8_t *q, uint8_t *X)
{
    float amax = 0.0f;
    int special = 0;
    for (int i = 0; i < 32; i++) {
        float a = fabsf(kt_u2f(x[i]));
        if (!isfinite(a))
            special = 1;
        else if (a > amax)
            amax = a;
    }
    unsigned s = (special && !ignore) ? 0xFF : kt_scale(t, amax, mode);
    *X = (uint8_t)s;
    for (int i = 0; i < 32; i++)
        q[i] = s == 0xFF ? (uint8_t)((t == MXK_E4M3 || t == MXK_E5M2) ? 0x7F : 0) : kt_elem(t, x[i], s, int8_min);
}

/* Reference dequantised value (f32 bits); X = 0xFF -> NaN. */
static inline uint32_t kt_deq(mxk_dtype t, unsigned code, unsigned X)
{
    if (X == 0xFF)
        return 0x7FC00000u;
    double v;
    mxcts_decode_f64(kt_rf(t), code, &v);
    return kt_f2u((float)(v * ldexp(1.0, (int)X - 127)));
}

/* bf16 (RNE) of a double that is exact in f32 */
static inline uint16_t kt_bf16_of(double v)
{
    uint32_t u = kt_f2u((float)v);
    uint32_t lo = u & 0xFFFFu, hi = u >> 16;
    if (lo > 0x8000u || (lo == 0x8000u && (hi & 1u)))
        hi++;
    return (uint16_t)hi;
}

static inline int kt_is_nan32(uint32_t u) { return (u & 0x7FFFFFFFu) > 0x7F800000u; }
/* equal bit patterns, or both NaN with the same sign */
static inline int kt_same32(uint32_t a, uint32_t b)
{
    if (kt_is_nan32(a) || kt_is_nan32(b))
        return kt_is_nan32(a) && kt_is_nan32(b) && (a >> 31) == (b >> 31);
    return a == b;
}

static const mxk_dtype kt_elem_types[] = {MXK_E4M3, MXK_E5M2, MXK_E4M3FNUZ, MXK_E5M2FNUZ,
                                          MXK_E2M3, MXK_E3M2, MXK_E2M1, MXK_INT8};
static const mxk_dtype kt_mx_types[] = {MXK_E4M3, MXK_E5M2, MXK_E2M3, MXK_E3M2, MXK_E2M1, MXK_INT8};

/* 64-bit LCG (Knuth MMIX) for reproducible data */
static inline uint64_t kt_rng(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 16;
}

/* A block-structured f32 test tensor with special values injected: each
 * 32-element block gets one of several kinds (random wide exponents, narrow
 * exponents, zeros/subnormals, one NaN, one Inf, FLT_MAX, ties, ...). */
static inline void kt_fill_mx(uint32_t *x, int64_t n, uint64_t seed)
{
    uint64_t s = seed;
    for (int64_t b = 0; b < n / 32; b++) {
        uint32_t *p = x + b * 32;
        unsigned kind = (unsigned)(kt_rng(&s) % 16);
        int ebase = (int)(kt_rng(&s) % 254) + 1;
        for (int i = 0; i < 32; i++) {
            uint64_t r = kt_rng(&s);
            uint32_t sign = (uint32_t)(r & 1) << 31, man = (uint32_t)(r >> 1) & 0x7FFFFF;
            int e;
            switch (kind) {
            case 0: e = (int)((r >> 24) % 254) + 1; break;           /* any exponent */
            case 1: case 2: case 3: e = ebase - (int)((r >> 24) % 6); break; /* narrow range */
            case 4: e = 0; break;                                     /* subnormals */
            case 5: e = (r >> 24) % 4 ? ebase : 0; man = (r >> 26) % 3 ? man : 0; break;
            case 6: e = 127 - (int)((r >> 24) % 10); man &= 0x7F0000; break; /* few mantissa bits: ties */
            case 7: e = 254 - (int)((r >> 24) % 3); break;            /* near FLT_MAX */
            default: e = ebase - (int)((r >> 24) % 12); break;
            }
            if (e < 0)
                e = 0;
            if (e > 254)
                e = 254;
            p[i] = sign | ((uint32_t)e << 23) | man;
        }
        uint64_t r = kt_rng(&s);
        unsigned pos = (unsigned)(r % 32);
        switch (kind) {
        case 8: p[pos] = 0x7FC00000u | (uint32_t)(r & 0x80000000u); break; /* NaN */
        case 9: p[pos] = 0x7F800000u | (uint32_t)((r >> 8) & 1) << 31; break; /* Inf */
        case 10: p[pos] = 0x7F7FFFFFu; break;                                 /* FLT_MAX */
        case 11: for (int i = 0; i < 32; i++) p[i] = (uint32_t)(kt_rng(&s) & 1) << 31; break; /* zeros */
        case 12: p[pos] = 0xFFC00000u; p[(pos + 7) % 32] = 0xFF800000u; break;
        default: break;
        }
    }
}

/* Guard-test bookkeeping: how many guards expected each status. */
typedef struct kt_guards {
    int n[MXK_STATUS_COUNT];
    int total;
} kt_guards;

/* One guard: the call must return `want` and leave its output untouched. */
static inline void kt_guard(kt_state *s, kt_guards *g, const char *what, mxk_status got, mxk_status want,
                            int untouched)
{
    s->checks++;
    if (got != want || !untouched)
        kt_fail(s, "guard %s: status %d (%s), want %d (%s); output %s", what, got, mxk_status_string(got), want,
                mxk_status_string(want), untouched ? "untouched" : "WRITTEN");
    if ((unsigned)want < MXK_STATUS_COUNT)
        g->n[want]++;
    g->total++;
}

/* "guards: N guard tests over C status classes: name=count ..." */
static inline void kt_guards_print(const kt_guards *g)
{
    int classes = 0;
    for (int i = 1; i < MXK_STATUS_COUNT; i++)
        classes += g->n[i] > 0;
    printf("guards: %d guard tests over %d status classes:", g->total, classes);
    for (int i = 1; i < MXK_STATUS_COUNT; i++)
        if (g->n[i])
            printf(" %s=%d", mxk_status_string(i), g->n[i]);
    printf("\n");
}

#endif
