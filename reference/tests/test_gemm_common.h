/* Helpers for the exact dot / GEMM tests (test_dot_*.c, test_gemm_*.c).
 * Everything here is written independently of reference/: element codes
 * are decoded from their fields with ldexpq, sums are formed in __float128
 * (libquadmath) and rounded to the output grid with floorq, so expectations
 * never come from the code under test. */
#ifndef MXCTS_TEST_GEMM_COMMON_H
#define MXCTS_TEST_GEMM_COMMON_H

#include <quadmath.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "mxcts/convert.h"

typedef __float128 q128;

static long tg_fail_count, tg_checks;

static inline void tg_fail(const char *fmt, ...)
{
    tg_fail_count++;
    if (tg_fail_count <= 20) {
        va_list ap;
        va_start(ap, fmt);
        fputs("FAIL: ", stdout);
        vprintf(fmt, ap);
        fputc('\n', stdout);
        va_end(ap);
    }
}

#define TG_CHECK(cond, ...)                                                                  \
    do {                                                                                     \
        tg_checks++;                                                                         \
        if (!(cond))                                                                         \
            tg_fail(__VA_ARGS__);                                                            \
    } while (0)

static inline int tg_finish(const char *name)
{
    printf("%s: %ld checks, %ld failures\n", name, tg_checks, tg_fail_count);
    return tg_fail_count ? 1 : 0;
}

/* ---- independent decoding of element codes ---- */
enum { TQ_NUM = 0, TQ_INF = 1, TQ_NAN = 2 };

/* Decode `code` of `fmt` from the OFP8 / MX field formulas. */
static inline int tq_decode(mxcts_format fmt, unsigned code, q128 *v)
{
    int eb, mb, bias, sign;
    switch (fmt) {
    case MXCTS_E4M3: eb = 4; mb = 3; bias = 7; break;
    case MXCTS_E5M2: eb = 5; mb = 2; bias = 15; break;
    case MXCTS_E4M3FNUZ: eb = 4; mb = 3; bias = 8; break;
    case MXCTS_E5M2FNUZ: eb = 5; mb = 2; bias = 16; break;
    case MXCTS_E2M3: eb = 2; mb = 3; bias = 1; break;
    case MXCTS_E3M2: eb = 3; mb = 2; bias = 3; break;
    case MXCTS_E2M1: eb = 2; mb = 1; bias = 1; break;
    case MXCTS_INT8: *v = ldexpq((q128)(int8_t)code, -6); return TQ_NUM;
    case MXCTS_E8M0:
        if (code == 0xFF) {
            *v = nanq("");
            return TQ_NAN;
        }
        *v = ldexpq(1.0Q, (int)code - 127);
        return TQ_NUM;
    default: return -1;
    }
    sign = (code >> (eb + mb)) & 1;
    unsigned E = (code >> mb) & ((1u << eb) - 1), M = code & ((1u << mb) - 1);
    if ((fmt == MXCTS_E4M3FNUZ || fmt == MXCTS_E5M2FNUZ) && code == 0x80) {
        *v = nanq("");
        return TQ_NAN;
    }
    if (fmt == MXCTS_E4M3 && E == 15 && M == 7) {
        *v = nanq("");
        return TQ_NAN;
    }
    if (fmt == MXCTS_E5M2 && E == 31) {
        if (M) {
            *v = nanq("");
            return TQ_NAN;
        }
        *v = sign ? -HUGE_VALQ : HUGE_VALQ;
        return TQ_INF;
    }
    q128 x = E ? ldexpq((q128)((1u << mb) + M), (int)E - bias - mb)
               : ldexpq((q128)M, 1 - bias - mb);
    *v = sign ? -x : x;
    return TQ_NUM;
}

/* ---- wide types ---- */
typedef struct tq_wide {
    int p, emin, emax, eb, mb;
} tq_wide;

static inline tq_wide tq_wide_of(mxcts_wide t)
{
    tq_wide w;
    switch (t) {
    case MXCTS_WIDE_F64: w.eb = 11; w.mb = 52; break;
    case MXCTS_WIDE_F32: w.eb = 8; w.mb = 23; break;
    case MXCTS_WIDE_F16: w.eb = 5; w.mb = 10; break;
    default: w.eb = 8; w.mb = 7; break;
    }
    w.p = w.mb + 1;
    w.emax = (1 << (w.eb - 1)) - 1;
    w.emin = 1 - w.emax;
    return w;
}

/* Value of a wide bit pattern (NaN class returned). */
static inline int tq_wide_value(mxcts_wide t, uint64_t bits, q128 *v)
{
    tq_wide w = tq_wide_of(t);
    int sign = (int)((bits >> (w.eb + w.mb)) & 1);
    uint64_t E = (bits >> w.mb) & ((1ull << w.eb) - 1), M = bits & ((1ull << w.mb) - 1);
    q128 x;
    int cls = TQ_NUM;
    if (E == (1ull << w.eb) - 1) {
        cls = M ? TQ_NAN : TQ_INF;
        x = M ? nanq("") : HUGE_VALQ;
    } else if (E == 0) {
        x = ldexpq((q128)M, w.emin - w.mb);
    } else {
        x = ldexpq((q128)(M | (1ull << w.mb)), (int)E - w.emax - w.mb);
    }
    *v = sign ? -x : x;
    return cls;
}

/* Round x (exact) to the grid of `t`, RNE, overflow to Inf. */
static inline q128 tq_round(q128 x, mxcts_wide t)
{
    tq_wide w = tq_wide_of(t);
    if (x == 0)
        return x;
    q128 a = fabsq(x);
    int e;
    frexpq(a, &e);
    e -= 1; /* a in [2^e, 2^(e+1)) */
    int q = (e > w.emin ? e : w.emin) - (w.p - 1);
    q128 m = ldexpq(a, -q);
    q128 n = floorq(m), fr = m - n;
    if (fr > 0.5Q || (fr == 0.5Q && fmodq(n, 2.0Q) == 1.0Q))
        n += 1;
    q128 r = ldexpq(n, q);
    if (r >= ldexpq(1.0Q, w.emax + 1))
        r = HUGE_VALQ;
    return x < 0 ? -r : r;
}

/* Is the library's output `bits` of type t exactly the value r (signed zero
 * compared by sign too when want_zero_sign >= 0)? */
static inline int tq_bits_equal(mxcts_wide t, uint64_t bits, q128 r)
{
    q128 v;
    int c = tq_wide_value(t, bits, &v);
    if (isnanq(r))
        return c == TQ_NAN;
    if (c == TQ_NAN)
        return 0;
    if (v != r)
        return 0;
    if (r == 0) /* sign of zero */
        return signbitq(v) == signbitq(r);
    return 1;
}

static inline void tq_str(q128 x, char *buf, size_t n) { quadmath_snprintf(buf, n, "%.36Qg", x); }

/* splitmix64 */
static inline uint64_t tg_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline uint32_t tg_f32_bits(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}
static inline uint64_t tg_f64_bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, 8);
    return b;
}

#endif
