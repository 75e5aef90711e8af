/* The independent oracle (see oracle.h). Nothing here comes from
 * reference/: the format facts are typed from OFP8 rev 1.0 Tables 1-2 and
 * ../shared/reference/mx-semantics.md section 1.1, values come from ldexp(),
 * and rounding is done by comparing the exact input with its two
 * neighbours in a sorted table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "oracle.h"

/* How a format spends its codes. */
typedef enum {
    K_FN,     /* E4M3 "fn": S.1111.111 is NaN, no Inf */
    K_IEEE,   /* E5M2: exponent all ones is Inf (M = 0) or NaN */
    K_FNUZ,   /* 0x80 is the only NaN, no -0, no Inf */
    K_FINITE, /* FP6 / FP4: every code is a number */
    K_INT,    /* MX INT8: two's complement q, value q * 2^-6 */
    K_SCALE   /* E8M0: 2^(E-127), 0xFF NaN */
} okind;

typedef struct ofmt {
    const char *name;
    okind kind;
    int bits, ebits, mbits, bias;
    double min_normal; /* below this a result is tiny (UNDERFLOW flag if inexact) */
    double max_typed;  /* largest finite, typed from the tables (cross-check) */
    int npos;          /* typed count of finite non-negative magnitudes (with 0) */
} ofmt;

static const ofmt FMT[MXCTS_FORMAT_COUNT] = {
    [MXCTS_E4M3] = {"e4m3", K_FN, 8, 4, 3, 7, 0x1p-6, 448.0, 127},
    [MXCTS_E5M2] = {"e5m2", K_IEEE, 8, 5, 2, 15, 0x1p-14, 57344.0, 124},
    [MXCTS_E4M3FNUZ] = {"e4m3fnuz", K_FNUZ, 8, 4, 3, 8, 0x1p-7, 240.0, 128},
    [MXCTS_E5M2FNUZ] = {"e5m2fnuz", K_FNUZ, 8, 5, 2, 16, 0x1p-15, 57344.0, 128},
    [MXCTS_E2M3] = {"e2m3", K_FINITE, 6, 2, 3, 1, 1.0, 7.5, 32},
    [MXCTS_E3M2] = {"e3m2", K_FINITE, 6, 3, 2, 3, 0.25, 28.0, 32},
    [MXCTS_E2M1] = {"e2m1", K_FINITE, 4, 2, 1, 1, 1.0, 6.0, 8},
    [MXCTS_INT8] = {"int8", K_INT, 8, 0, 0, 0, 0x1p-6, 127.0 / 64.0, 128},
    [MXCTS_E8M0] = {"e8m0", K_SCALE, 8, 8, 0, 127, 0x1p-127, 0x1p127, 255},
};

/* The finite magnitudes of one sign, ascending, with the code that encodes
 * each one for that sign and whether its mantissa LSB (INT8: integer) is
 * even. vhi is the virtual value one step above the largest. */
#define TAB_CAP 130
typedef struct otab {
    int n;
    double val[TAB_CAP];
    uint8_t code[TAB_CAP];
    uint8_t even[TAB_CAP];
    double vhi;
    int vhi_even;
} otab;

/* [format][sign][0: int8_min = -128, 1: int8_min = -127] */
static otab TABS[MXCTS_FORMAT_COUNT][2][2];
static int inited;

static void die(const char *msg, const char *fmt_name)
{
    fprintf(stderr, "oracle: internal error: %s (%s)\n", msg, fmt_name);
    abort();
}

int oracle_code_bits(mxcts_format fmt)
{
    return ((unsigned)fmt < MXCTS_FORMAT_COUNT) ? FMT[fmt].bits : 0;
}

const char *oracle_format_name(mxcts_format fmt)
{
    return ((unsigned)fmt < MXCTS_FORMAT_COUNT) ? FMT[fmt].name : NULL;
}

double oracle_max_finite(mxcts_format fmt)
{
    return ((unsigned)fmt < MXCTS_FORMAT_COUNT) ? FMT[fmt].max_typed : NAN;
}

static int nan_of(int neg, double *value)
{
    *value = copysign(NAN, neg ? -1.0 : 1.0);
    return ORACLE_NAN;
}

int oracle_decode(mxcts_format fmt, unsigned code, double *value)
{
    if ((unsigned)fmt >= MXCTS_FORMAT_COUNT || code >= (1u << FMT[fmt].bits))
        return -1;
    const ofmt *F = &FMT[fmt];
    if (F->kind == K_SCALE) { /* 2^(E-127); 0xFF NaN; no zero, no sign */
        if (code == 0xFF)
            return nan_of(0, value);
        *value = ldexp(1.0, (int)code - 127);
        return ORACLE_NUM;
    }
    if (F->kind == K_INT) { /* two's complement, implicit 2^-6 */
        int q = code >= 128 ? (int)code - 256 : (int)code;
        *value = ldexp((double)q, -6);
        return ORACLE_NUM;
    }
    unsigned sbit = 1u << (F->bits - 1);
    int neg = (code & sbit) != 0;
    unsigned E = (code >> F->mbits) & ((1u << F->ebits) - 1);
    unsigned M = code & ((1u << F->mbits) - 1);
    if (F->kind == K_FNUZ && code == 0x80)
        return nan_of(0, value);
    if (F->kind == K_FN && E == 15 && M == 7)
        return nan_of(neg, value);
    if (F->kind == K_IEEE && E == 31) {
        if (M)
            return nan_of(neg, value);
        *value = neg ? -INFINITY : INFINITY;
        return ORACLE_INF;
    }
    double mag = E ? ldexp(1.0 + (double)M / (double)(1u << F->mbits), (int)E - F->bias)
                   : ldexp((double)M, 1 - F->bias - F->mbits);
    *value = neg ? -mag : mag;
    return ORACLE_NUM;
}

/* Parity of a code's last significand digit: mantissa LSB, INT8 integer LSB. */
static int code_is_even(const ofmt *F, unsigned code)
{
    if (F->kind == K_INT) {
        int q = code >= 128 ? (int)code - 256 : (int)code;
        return (q % 2) == 0;
    }
    unsigned M = code & ((1u << F->mbits) - 1);
    return (M & 1u) == 0;
}

static void build_table(mxcts_format fmt, int neg, int int8_min, otab *t)
{
    const ofmt *F = &FMT[fmt];
    int have_zero = 0;
    t->n = 0;
    for (unsigned c = 0; c < (1u << F->bits); c++) {
        double v;
        if (oracle_decode(fmt, c, &v) != ORACLE_NUM)
            continue;
        if (F->kind == K_INT && (int)(c >= 128 ? (int)c - 256 : (int)c) < int8_min)
            continue;
        /* this sign's side: the zero of this sign, or a non-zero value of this sign */
        if (v == 0 ? (signbit(v) != 0) != neg : (v < 0) != neg)
            continue;
        if (t->n >= TAB_CAP)
            die("table overflow", F->name);
        t->val[t->n] = fabs(v);
        t->code[t->n] = (uint8_t)c;
        t->even[t->n] = (uint8_t)code_is_even(F, c);
        have_zero |= v == 0;
        t->n++;
    }
    if (!have_zero) { /* FNUZ and INT8 have one zero, 0x00, for both signs */
        if (t->n >= TAB_CAP)
            die("table overflow", F->name);
        t->val[t->n] = 0.0;
        t->code[t->n] = 0x00;
        t->even[t->n] = 1;
        t->n++;
    }
    /* insertion sort by magnitude */
    for (int i = 1; i < t->n; i++) {
        for (int j = i; j > 0 && t->val[j - 1] > t->val[j]; j--) {
            double dv = t->val[j];
            t->val[j] = t->val[j - 1], t->val[j - 1] = dv;
            uint8_t dc = t->code[j];
            t->code[j] = t->code[j - 1], t->code[j - 1] = dc;
            uint8_t de = t->even[j];
            t->even[j] = t->even[j - 1], t->even[j - 1] = de;
        }
    }
    for (int i = 1; i < t->n; i++)
        if (!(t->val[i - 1] < t->val[i]))
            die("two codes with one value", F->name);
    int want = F->npos;
    if (F->kind == K_INT && neg)
        want = -int8_min + 1;
    if (t->n != want)
        die("unexpected number of finite codes", F->name);
    double max = t->val[t->n - 1];
    double typed = (F->kind == K_INT && neg) ? -int8_min / 64.0 : F->max_typed;
    if (max != typed)
        die("largest decoded value differs from the typed maximum", F->name);
    /* Virtual value: the next point of the grid with unbounded exponent. The
     * top binade's step is max - its predecessor; the next significand has
     * the other parity (M+1, or 1.000 in the next binade after 1.111). */
    t->vhi = max + (max - t->val[t->n - 2]);
    t->vhi_even = !t->even[t->n - 1];
}

void oracle_init(void)
{
    if (inited)
        return;
    for (int f = 0; f < MXCTS_FORMAT_COUNT; f++) {
        if (FMT[f].kind == K_SCALE)
            continue;
        for (int s = 0; s < 2; s++)
            for (int v = 0; v < 2; v++)
                build_table((mxcts_format)f, s, v ? -127 : -128, &TABS[f][s][v]);
    }
    inited = 1;
}

static const otab *table(mxcts_format fmt, int neg, const mxcts_convert *cv)
{
    return &TABS[fmt][neg][cv->int8_min == -127];
}

static int finite_only(const ofmt *F)
{
    return F->kind == K_FINITE || F->kind == K_INT;
}

static uint8_t max_of(mxcts_format fmt, int neg, const mxcts_convert *cv)
{
    const otab *t = table(fmt, neg, cv);
    return t->code[t->n - 1];
}

/* A NaN result for an input of sign `neg`. */
static uint8_t nan_result(mxcts_format fmt, int neg, const mxcts_convert *cv, unsigned *fl)
{
    const ofmt *F = &FMT[fmt];
    int s = neg && cv->nan_sign == MXCTS_NAN_SIGN_PRESERVE;
    switch (F->kind) {
    case K_FN: return s ? 0xFF : 0x7F;
    case K_IEEE: return (uint8_t)((s ? 0x80 : 0x00) | (unsigned)cv->nan_code_e5m2);
    case K_FNUZ: return 0x80;
    default: /* no NaN (FP6/FP4/INT8): the nan_finite knob, always flagged */
        *fl |= MXCTS_FLAG_INVALID;
        switch (cv->nan_finite) {
        case MXCTS_NANF_MAX_POSITIVE: return max_of(fmt, 0, cv);
        case MXCTS_NANF_MAX_SIGNED: return max_of(fmt, neg, cv);
        case MXCTS_NANF_ZERO_XOR: return table(fmt, !neg, cv)->code[0]; /* -0 pattern ^ sign */
        case MXCTS_NANF_NEG_ZERO: return table(fmt, 1, cv)->code[0];    /* INT8: its one zero */
        default: return max_of(fmt, s, cv); /* max finite, sign per nan_sign */
        }
    }
}

/* The saturated result: +-max, or (knob e4m3_sat_nan, AMD gfx950 emulation)
 * E4M3 NaN S.1111.111 with the input's sign under SAT. */
static uint8_t sat_result(mxcts_format fmt, int neg, const mxcts_convert *cv)
{
    if (FMT[fmt].kind == K_FN && cv->e4m3_sat_nan && cv->overflow == MXCTS_OVERFLOW_SAT)
        return neg ? 0xFF : 0x7F;
    return max_of(fmt, neg, cv);
}

/* The rounded magnitude exceeded max (IEEE 754 7.4 for directed modes). */
static uint8_t overflow_result(mxcts_format fmt, int neg, const mxcts_convert *cv, unsigned *fl)
{
    const ofmt *F = &FMT[fmt];
    *fl |= MXCTS_FLAG_OVERFLOW | MXCTS_FLAG_INEXACT;
    int to_max = finite_only(F) || cv->overflow == MXCTS_OVERFLOW_SAT ||
                 cv->round == MXCTS_ROUND_RTZ || (cv->round == MXCTS_ROUND_RUP && neg) ||
                 (cv->round == MXCTS_ROUND_RDN && !neg);
    if (to_max)
        return sat_result(fmt, neg, cv);
    if (F->kind == K_IEEE)
        return neg ? 0xFC : 0x7C;
    return nan_result(fmt, neg, cv, fl);
}

static uint8_t inf_result(mxcts_format fmt, int neg, const mxcts_convert *cv, unsigned *fl)
{
    const ofmt *F = &FMT[fmt];
    if (finite_only(F)) {
        *fl |= MXCTS_FLAG_INVALID;
        return max_of(fmt, neg, cv);
    }
    if (cv->overflow == MXCTS_OVERFLOW_SAT && cv->inf_policy == MXCTS_INF_FOLLOWS_OVERFLOW)
        return sat_result(fmt, neg, cv); /* OFP8 Table 3 */
    if (F->kind == K_IEEE)
        return neg ? 0xFC : 0x7C;
    return nan_result(fmt, neg, cv, fl);
}

uint8_t oracle_encode(mxcts_format fmt, double x, const mxcts_convert *cv, unsigned *flags)
{
    unsigned fl = 0;
    uint8_t out;
    int neg = signbit(x) != 0;
    if (!inited || (unsigned)fmt >= MXCTS_FORMAT_COUNT || FMT[fmt].kind == K_SCALE)
        die("oracle_encode: not initialised or not an element format", "?");
    const otab *t = table(fmt, neg, cv);
    double a = fabs(x);
    if (isnan(x)) { /* knob nan_input_positive: CUDA canonicalises NaN inputs to +NaN (FP8 only) */
        out = nan_result(fmt, neg && !(cv->nan_input_positive && !finite_only(&FMT[fmt])), cv, &fl);
    } else if (isinf(x)) {
        out = inf_result(fmt, neg, cv, &fl);
    } else if (a == 0) {
        out = t->code[0];
    } else if (cv->overflow_test == MXCTS_OVF_BEFORE_ROUNDING && a > t->val[t->n - 1]) {
        out = overflow_result(fmt, neg, cv, &fl); /* compat knob: test before rounding */
    } else if (a >= t->vhi) {
        out = overflow_result(fmt, neg, cv, &fl); /* rounds to vhi or beyond in every mode */
    } else {
        int lo = 0, hi = t->n - 1; /* largest i with val[i] <= a */
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (t->val[mid] <= a)
                lo = mid;
            else
                hi = mid - 1;
        }
        int i = lo;
        if (a == t->val[i]) {
            out = t->code[i];
        } else {
            double below = t->val[i];
            double above = i + 1 < t->n ? t->val[i + 1] : t->vhi;
            int above_even = i + 1 < t->n ? t->even[i + 1] : t->vhi_even;
            int up = 0; /* 1: the neighbour of larger magnitude */
            switch (cv->round) {
            case MXCTS_ROUND_RTZ: up = 0; break;
            case MXCTS_ROUND_RUP: up = !neg; break;
            case MXCTS_ROUND_RDN: up = neg; break;
            default: {
                double midpoint = (below + above) / 2; /* exact: short significands */
                up = a > midpoint || (a == midpoint && above_even);
            }
            }
            if (up && i + 1 == t->n) {
                out = overflow_result(fmt, neg, cv, &fl);
            } else {
                fl |= MXCTS_FLAG_INEXACT;
                if (a < FMT[fmt].min_normal)
                    fl |= MXCTS_FLAG_UNDERFLOW;
                out = t->code[up ? i + 1 : i];
            }
        }
    }
    if (flags)
        *flags = fl;
    return out;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

size_t oracle_breakpoints(mxcts_format fmt, int int8_min, double *out)
{
    if (!inited || (unsigned)fmt >= MXCTS_FORMAT_COUNT || FMT[fmt].kind == K_SCALE)
        return 0;
    size_t n = 0;
    for (int s = 0; s < 2; s++) {
        const otab *t = &TABS[fmt][s][int8_min == -127];
        for (int i = 0; i < t->n; i++) {
            double next = i + 1 < t->n ? t->val[i + 1] : t->vhi;
            out[n++] = t->val[i];
            out[n++] = (t->val[i] + next) / 2;
        }
        out[n++] = t->vhi;
    }
    out[n++] = FMT[fmt].min_normal;
    qsort(out, n, sizeof *out, cmp_double);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || out[i] != out[u - 1])
            out[u++] = out[i];
    return u;
}
