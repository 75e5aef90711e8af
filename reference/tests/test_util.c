#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "oracle.h"
#include "test_util.h"

const mxcts_format tu_elem_formats[TU_ELEM_COUNT] = {
    MXCTS_E4M3, MXCTS_E5M2, MXCTS_E4M3FNUZ, MXCTS_E5M2FNUZ,
    MXCTS_E2M3, MXCTS_E3M2, MXCTS_E2M1,     MXCTS_INT8,
};

double tu_f32_value(uint32_t bits)
{
    if ((bits & 0x7F800000u) == 0x7F800000u && (bits & 0x7FFFFFu))
        return copysign(NAN, (bits >> 31) ? -1.0 : 1.0);
    float f;
    memcpy(&f, &bits, sizeof f);
    return (double)f;
}

double tu_f64_value(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

uint64_t tu_f64_bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

double tu_f16_value(uint16_t bits)
{
    int neg = bits >> 15;
    unsigned E = (bits >> 10) & 0x1F, M = bits & 0x3FF;
    double v;
    if (E == 31)
        v = M ? NAN : INFINITY;
    else if (E == 0)
        v = ldexp((double)M, -24);
    else
        v = ldexp((double)(M + 1024), (int)E - 25);
    return copysign(v, neg ? -1.0 : 1.0);
}

double tu_bf16_value(uint16_t bits)
{
    return tu_f32_value((uint32_t)bits << 16);
}

uint32_t tu_f32_first_at_or_above(double t)
{
    uint32_t lo = 0, hi = 0x7F800000u; /* value(hi) = +inf >= t */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (tu_f32_value(mid) >= t)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

uint64_t tu_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

mxcts_convert tu_config(mxcts_round r, mxcts_overflow o, mxcts_nan_sign ns)
{
    mxcts_convert cv;
    memset(&cv, 0, sizeof cv);
    cv.round = r;
    cv.overflow = o;
    cv.nan_sign = ns;
    cv.overflow_test = MXCTS_OVF_AFTER_ROUNDING;
    cv.inf_policy = MXCTS_INF_FOLLOWS_OVERFLOW;
    cv.int8_min = -128;
    cv.nan_code_e5m2 = 0x7F;
    cv.nan_finite = MXCTS_NANF_MAX;
    cv.e4m3_sat_nan = 0;
    cv.nan_input_positive = 0;
    return cv;
}

static int add16(mxcts_convert *out, int n, mxcts_convert proto)
{
    for (int r = 0; r < MXCTS_ROUND_COUNT; r++)
        for (int o = 0; o < MXCTS_OVERFLOW_COUNT; o++)
            for (int s = 0; s < MXCTS_NAN_SIGN_COUNT; s++) {
                mxcts_convert cv = proto;
                cv.round = (mxcts_round)r;
                cv.overflow = (mxcts_overflow)o;
                cv.nan_sign = (mxcts_nan_sign)s;
                out[n++] = cv;
            }
    return n;
}

int tu_configs(mxcts_format fmt, int extended, mxcts_convert *out)
{
    mxcts_convert base = tu_config(MXCTS_ROUND_RNE, MXCTS_OVERFLOW_SAT, MXCTS_NAN_SIGN_PRESERVE);
    int n = add16(out, 0, base);
    if (!extended)
        return n;
    mxcts_convert k = base;
    k.overflow_test = MXCTS_OVF_BEFORE_ROUNDING;
    n = add16(out, n, k);
    k = base;
    k.inf_policy = MXCTS_INF_NEVER_SATURATES;
    n = add16(out, n, k);
    if (fmt == MXCTS_INT8) {
        k = base;
        k.int8_min = -127;
        n = add16(out, n, k);
    }
    if (fmt == MXCTS_E4M3 || fmt == MXCTS_E5M2 || fmt == MXCTS_E4M3FNUZ || fmt == MXCTS_E5M2FNUZ ||
        fmt == MXCTS_E2M1) { /* FP8 (and one format without NaN, where it must not matter) */
        k = base;
        k.nan_input_positive = 1;
        n = add16(out, n, k);
    }
    if (fmt == MXCTS_E4M3) {
        k = base;
        k.e4m3_sat_nan = 1;
        n = add16(out, n, k);
    }
    if (fmt == MXCTS_E2M3 || fmt == MXCTS_E3M2 || fmt == MXCTS_E2M1 || fmt == MXCTS_INT8) {
        for (int v = MXCTS_NANF_MAX + 1; v < MXCTS_NANF_COUNT; v++) {
            k = base;
            k.nan_finite = (mxcts_nan_finite)v;
            n = add16(out, n, k);
        }
    }
    if (fmt == MXCTS_E5M2) {
        k = base;
        k.nan_code_e5m2 = 0x7D;
        n = add16(out, n, k);
        k.nan_code_e5m2 = 0x7E;
        n = add16(out, n, k);
    }
    return n;
}

void tu_describe(mxcts_format fmt, const mxcts_convert *cv, char *buf, size_t n)
{
    static const char *rn[] = {"rne", "rtz", "rup", "rdn"};
    snprintf(buf, n,
             "%s %s %s nan_sign=%s ovf_test=%s inf=%s int8_min=%d nan_e5m2=0x%02X nan_finite=%d "
             "e4m3_sat_nan=%d nan_in_pos=%d",
             oracle_format_name(fmt), (unsigned)cv->round < 4 ? rn[cv->round] : "?",
             cv->overflow == MXCTS_OVERFLOW_SAT ? "sat" : "nonsat",
             cv->nan_sign == MXCTS_NAN_SIGN_PRESERVE ? "preserve" : "clear",
             cv->overflow_test == MXCTS_OVF_AFTER_ROUNDING ? "after" : "before",
             cv->inf_policy == MXCTS_INF_FOLLOWS_OVERFLOW ? "follows" : "never_sat", cv->int8_min,
             (unsigned)cv->nan_code_e5m2, (int)cv->nan_finite, cv->e4m3_sat_nan,
             cv->nan_input_positive);
}

static long failures;

void tu_fail(const char *fmt, ...)
{
    long k;
#pragma omp atomic capture
    k = ++failures;
    if (k > TU_PRINT_LIMIT)
        return;
#pragma omp critical(tu_print)
    {
        va_list ap;
        va_start(ap, fmt);
        fputs("FAIL: ", stdout);
        vprintf(fmt, ap);
        fputc('\n', stdout);
        va_end(ap);
        if (k == TU_PRINT_LIMIT)
            puts("(further failures not printed)");
        fflush(stdout);
    }
}

void tu_fail_encode(const char *entry, mxcts_format fmt, const mxcts_convert *cv,
                    const char *input, unsigned want, unsigned got, unsigned want_flags,
                    unsigned got_flags)
{
    char d[200];
    tu_describe(fmt, cv, d, sizeof d);
    tu_fail("%s [%s] input %s: expected code 0x%02X flags 0x%X, got code 0x%02X flags 0x%X",
            entry, d, input, want, want_flags, got, got_flags);
}

long tu_failures(void)
{
    long k;
#pragma omp atomic read
    k = failures;
    return k;
}

int tu_finish(const char *test, long checks)
{
    long f = tu_failures();
    printf("%s: %ld checks, %ld failures\n", test, checks, f);
    return f ? 1 : 0;
}
