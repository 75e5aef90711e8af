/* Exact factors, the exact fixed-point accumulator and its single correctly
 * rounded conversion (spec/gemm.md section 2). Integer arithmetic only: no
 * libm, no floating-point rounding anywhere on the exact path. */
#include <string.h>
#include "mxcts/exact.h"
#include "exact_internal.h"

static int clz64(uint64_t x) /* x != 0 */
{
#if defined(__GNUC__)
    return __builtin_clzll(x);
#else
    int n = 0;
    while (!(x & (1ull << 63))) {
        x <<= 1;
        n++;
    }
    return n;
#endif
}

static int ctz64(uint64_t x) /* x != 0 */
{
#if defined(__GNUC__)
    return __builtin_ctzll(x);
#else
    int n = 0;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

/* ---- wide type facts ---- */

typedef struct wide_info {
    int exp_bits, man_bits;
} wide_info;

static int wide_get(mxcts_wide type, wide_info *w)
{
    switch (type) {
    case MXCTS_WIDE_F64: w->exp_bits = 11; w->man_bits = 52; return 1;
    case MXCTS_WIDE_F32: w->exp_bits = 8; w->man_bits = 23; return 1;
    case MXCTS_WIDE_F16: w->exp_bits = 5; w->man_bits = 10; return 1;
    case MXCTS_WIDE_BF16: w->exp_bits = 8; w->man_bits = 7; return 1;
    default: return 0;
    }
}

mxcts_status mxcts_wide_params(mxcts_wide type, int *p, int *emin, int *emax)
{
    wide_info w = {11, 52};
    if (!wide_get(type, &w))
        return MXCTS_ERR_FORMAT;
    int bias = (1 << (w.exp_bits - 1)) - 1;
    if (p)
        *p = w.man_bits + 1;
    if (emin)
        *emin = 1 - bias;
    if (emax)
        *emax = bias;
    return MXCTS_OK;
}

uint64_t mxcts__wide_nan(mxcts_wide type)
{
    wide_info w = {11, 52};
    wide_get(type, &w);
    uint64_t e = ((1ull << w.exp_bits) - 1) << w.man_bits;
    return e | (1ull << (w.man_bits - 1));
}

uint64_t mxcts__wide_inf(mxcts_wide type, int sign)
{
    wide_info w = {11, 52};
    wide_get(type, &w);
    uint64_t e = ((1ull << w.exp_bits) - 1) << w.man_bits;
    return e | ((uint64_t)(sign != 0) << (w.exp_bits + w.man_bits));
}

/* ---- factors ---- */

static void factor_set(mxcts_factor *f, int sign, uint64_t mant, int exp)
{
    f->cls = MXCTS_CLASS_FINITE;
    f->sign = sign != 0;
    if (mant == 0) {
        f->mant = 0;
        f->exp = 0;
        return;
    }
    int tz = ctz64(mant);
    f->mant = mant >> tz;
    f->exp = exp + tz;
}

mxcts_status mxcts_factor_from_bits(mxcts_wide type, uint64_t bits, mxcts_factor *f)
{
    wide_info w = {11, 52};
    if (!f)
        return MXCTS_ERR_NULL;
    if (!wide_get(type, &w))
        return MXCTS_ERR_FORMAT;
    int total = 1 + w.exp_bits + w.man_bits;
    if (total < 64 && (bits >> total) != 0)
        return MXCTS_ERR_CODE_RANGE;
    int sign = (int)((bits >> (w.exp_bits + w.man_bits)) & 1);
    unsigned E = (unsigned)((bits >> w.man_bits) & ((1u << w.exp_bits) - 1));
    uint64_t M = bits & ((1ull << w.man_bits) - 1);
    int bias = (1 << (w.exp_bits - 1)) - 1;
    if (E == (1u << w.exp_bits) - 1) {
        f->cls = M ? MXCTS_CLASS_NAN : MXCTS_CLASS_INF;
        f->sign = sign;
        f->mant = 0;
        f->exp = 0;
        return MXCTS_OK;
    }
    if (E == 0)
        factor_set(f, sign, M, 1 - bias - w.man_bits);
    else
        factor_set(f, sign, M | (1ull << w.man_bits), (int)E - bias - w.man_bits);
    return MXCTS_OK;
}

mxcts_status mxcts_factor_from_code(mxcts_format fmt, unsigned code, mxcts_factor *f)
{
    double d;
    if (!f)
        return MXCTS_ERR_NULL;
    mxcts_status st = mxcts_decode_f64(fmt, code, &d);
    if (st)
        return st;
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    /* Every code's value is an f64 exactly; decompose it. */
    return mxcts_factor_from_bits(MXCTS_WIDE_F64, b, f);
}

/* Special-value rule of a product; returns 1 (and fills *out) if special. */
static int product_special(const mxcts_factor *a, const mxcts_factor *b, mxcts_factor *out)
{
    int sign = a->sign ^ b->sign;
    if (a->cls == MXCTS_CLASS_NAN || b->cls == MXCTS_CLASS_NAN) {
        out->cls = MXCTS_CLASS_NAN;
    } else if (a->cls == MXCTS_CLASS_INF || b->cls == MXCTS_CLASS_INF) {
        int zero = (a->cls == MXCTS_CLASS_FINITE && a->mant == 0) ||
                   (b->cls == MXCTS_CLASS_FINITE && b->mant == 0);
        out->cls = zero ? MXCTS_CLASS_NAN : MXCTS_CLASS_INF;
    } else {
        return 0;
    }
    out->sign = sign;
    out->mant = 0;
    out->exp = 0;
    return 1;
}

mxcts_status mxcts_factor_mul(const mxcts_factor *a, const mxcts_factor *b, mxcts_factor *out)
{
    if (!a || !b || !out)
        return MXCTS_ERR_NULL;
    mxcts_factor r;
    if (product_special(a, b, &r)) {
        *out = r;
        return MXCTS_OK;
    }
    uint64_t hi, lo;
    mxcts__mul64(a->mant, b->mant, &hi, &lo);
    int exp = a->exp + b->exp, sign = a->sign ^ b->sign;
    if (hi == 0) {
        factor_set(out, sign, lo, exp);
        return MXCTS_OK;
    }
    /* Strip trailing zeros across the two words. */
    if (lo == 0) {
        factor_set(out, sign, hi, exp + 64);
        return MXCTS_OK;
    }
    int tz = ctz64(lo);
    lo = (lo >> tz) | (tz ? hi << (64 - tz) : 0);
    hi = tz ? hi >> tz : hi;
    if (hi != 0)
        return MXCTS_ERR_UNSUPPORTED;
    factor_set(out, sign, lo, exp + tz);
    return MXCTS_OK;
}

/* ---- the accumulator ---- */

mxcts_status mxcts_acc_init(mxcts_acc *acc)
{
    if (!acc)
        return MXCTS_ERR_NULL;
    memset(acc, 0, sizeof *acc);
    return MXCTS_OK;
}

static void reg_add_at(uint64_t *reg, int li, uint64_t w)
{
    while (w && li < MXCTS_ACC_LIMBS) {
        uint64_t s = reg[li] + w;
        w = s < w; /* carry */
        reg[li] = s;
        li++;
    }
}

mxcts_status mxcts__acc_add_mag(mxcts_acc *acc, int sign, uint64_t hi, uint64_t lo, int exp)
{
    if (hi == 0 && lo == 0)
        return MXCTS_OK;
    /* normalise: strip trailing zero bits */
    if (lo == 0) {
        lo = hi;
        hi = 0;
        exp += 64;
    }
    int tz = ctz64(lo);
    if (tz) {
        lo = (lo >> tz) | (hi << (64 - tz));
        hi >>= tz;
        exp += tz;
    }
    int len = hi ? 128 - clz64(hi) : 64 - clz64(lo);
    if (exp < MXCTS_ACC_LSB_EXP || exp + len > MXCTS_ACC_TERM_MAX_EXP)
        return MXCTS_ERR_UNSUPPORTED;
    int b = exp - MXCTS_ACC_LSB_EXP;
    int li = b / 64, off = b % 64;
    uint64_t w0, w1, w2;
    if (off == 0) {
        w0 = lo;
        w1 = hi;
        w2 = 0;
    } else {
        w0 = lo << off;
        w1 = (lo >> (64 - off)) | (hi << off);
        w2 = hi >> (64 - off);
    }
    uint64_t *reg = sign ? acc->neg : acc->pos;
    reg_add_at(reg, li, w0);
    reg_add_at(reg, li + 1, w1);
    reg_add_at(reg, li + 2, w2);
    return MXCTS_OK;
}

static void acc_special(mxcts_acc *acc, const mxcts_factor *t)
{
    if (t->cls == MXCTS_CLASS_NAN)
        acc->special |= MXCTS_ACC_SEEN_NAN;
    else
        acc->special |= t->sign ? MXCTS_ACC_SEEN_NEG_INF : MXCTS_ACC_SEEN_POS_INF;
}

mxcts_status mxcts_acc_add(mxcts_acc *acc, const mxcts_factor *t)
{
    if (!acc || !t)
        return MXCTS_ERR_NULL;
    if (t->cls < MXCTS_CLASS_FINITE || t->cls > MXCTS_CLASS_NAN)
        return MXCTS_ERR_MODE;
    if (t->cls != MXCTS_CLASS_FINITE) {
        acc_special(acc, t);
    } else {
        mxcts_status st = mxcts__acc_add_mag(acc, t->sign, 0, t->mant, t->exp);
        if (st)
            return st;
    }
    acc->terms++;
    return MXCTS_OK;
}

mxcts_status mxcts_acc_add_product(mxcts_acc *acc, const mxcts_factor *a, const mxcts_factor *b)
{
    if (!acc || !a || !b)
        return MXCTS_ERR_NULL;
    if (a->cls < MXCTS_CLASS_FINITE || a->cls > MXCTS_CLASS_NAN || b->cls < MXCTS_CLASS_FINITE ||
        b->cls > MXCTS_CLASS_NAN)
        return MXCTS_ERR_MODE;
    mxcts_factor s;
    if (product_special(a, b, &s)) {
        acc_special(acc, &s);
    } else {
        uint64_t hi, lo;
        mxcts__mul64(a->mant, b->mant, &hi, &lo);
        mxcts_status st = mxcts__acc_add_mag(acc, a->sign ^ b->sign, hi, lo, a->exp + b->exp);
        if (st)
            return st;
    }
    acc->terms++;
    return MXCTS_OK;
}

mxcts_status mxcts_acc_merge(mxcts_acc *acc, const mxcts_acc *other)
{
    if (!acc || !other)
        return MXCTS_ERR_NULL;
    uint64_t cp = 0, cn = 0;
    for (int i = 0; i < MXCTS_ACC_LIMBS; i++) {
        uint64_t s = acc->pos[i] + other->pos[i];
        uint64_t c1 = s < other->pos[i];
        uint64_t s2 = s + cp;
        cp = c1 | (s2 < cp);
        acc->pos[i] = s2;
        s = acc->neg[i] + other->neg[i];
        c1 = s < other->neg[i];
        s2 = s + cn;
        cn = c1 | (s2 < cn);
        acc->neg[i] = s2;
    }
    acc->special |= other->special;
    acc->terms += other->terms;
    return MXCTS_OK;
}

/* Compare the two registers: -1 if pos < neg, 0 if equal, 1 if pos > neg. */
static int reg_cmp(const uint64_t *a, const uint64_t *b)
{
    for (int i = MXCTS_ACC_LIMBS - 1; i >= 0; i--)
        if (a[i] != b[i])
            return a[i] > b[i] ? 1 : -1;
    return 0;
}

static void reg_sub(const uint64_t *a, const uint64_t *b, uint64_t *out) /* a >= b */
{
    uint64_t borrow = 0;
    for (int i = 0; i < MXCTS_ACC_LIMBS; i++) {
        uint64_t d = a[i] - b[i];
        uint64_t b1 = a[i] < b[i];
        uint64_t d2 = d - borrow;
        borrow = b1 | (d < borrow);
        out[i] = d2;
    }
}

int mxcts_acc_is_zero(const mxcts_acc *acc)
{
    return acc && reg_cmp(acc->pos, acc->neg) == 0;
}

static int acc_class(const mxcts_acc *acc, int *sign)
{
    unsigned s = acc->special;
    if ((s & MXCTS_ACC_SEEN_NAN) ||
        ((s & MXCTS_ACC_SEEN_POS_INF) && (s & MXCTS_ACC_SEEN_NEG_INF))) {
        *sign = 0;
        return MXCTS_CLASS_NAN;
    }
    if (s & (MXCTS_ACC_SEEN_POS_INF | MXCTS_ACC_SEEN_NEG_INF)) {
        *sign = (s & MXCTS_ACC_SEEN_NEG_INF) != 0;
        return MXCTS_CLASS_INF;
    }
    *sign = reg_cmp(acc->pos, acc->neg) < 0;
    return MXCTS_CLASS_FINITE;
}

mxcts_status mxcts_acc_class(const mxcts_acc *acc, int *cls, int *sign)
{
    int s, c;
    if (!acc)
        return MXCTS_ERR_NULL;
    c = acc_class(acc, &s);
    if (cls)
        *cls = c;
    if (sign)
        *sign = s;
    return MXCTS_OK;
}

/* ---- rounding ---- */

/* Bits [start, start + count) of mag (count <= 64; bits outside are 0). */
static uint64_t mag_bits(const uint64_t *mag, int n, int start, int count)
{
    uint64_t v;
    if (start < 0) {
        if (count + start <= 0)
            return 0;
        v = mag_bits(mag, n, 0, count + start) << (-start);
        return v;
    }
    int li = start / 64, off = start % 64;
    v = li < n ? mag[li] >> off : 0;
    if (off && li + 1 < n)
        v |= mag[li + 1] << (64 - off);
    if (count < 64)
        v &= (1ull << count) - 1;
    return v;
}

/* Any bit set with index < idx. */
static int mag_any_below(const uint64_t *mag, int n, int idx)
{
    if (idx <= 0)
        return 0;
    int li = idx / 64, off = idx % 64;
    for (int i = 0; i < li && i < n; i++)
        if (mag[i])
            return 1;
    if (off && li < n && (mag[li] & ((1ull << off) - 1)))
        return 1;
    return 0;
}

uint64_t mxcts__round_mag(const uint64_t *mag, int n, int lsb_exp, int sign, mxcts_wide type,
                          mxcts_round mode, int *inexact)
{
    wide_info w = {11, 52};
    wide_get(type, &w);
    int p = w.man_bits + 1, bias = (1 << (w.exp_bits - 1)) - 1;
    int emin = 1 - bias, emax = bias;
    uint64_t sbit = (uint64_t)(sign != 0) << (w.exp_bits + w.man_bits);
    int h = -1;
    for (int i = n - 1; i >= 0; i--)
        if (mag[i]) {
            h = i * 64 + 63 - clz64(mag[i]);
            break;
        }
    if (inexact)
        *inexact = 0;
    if (h < 0)
        return sbit;
    int e = h + lsb_exp;
    int q = (e > emin ? e : emin) - (p - 1); /* exponent of the ulp */
    int s = q - lsb_exp;                     /* bit index of the ulp */
    uint64_t mant = mag_bits(mag, n, s, p + 1 > 64 ? 64 : p + 1);
    int rbit = s - 1 >= 0 ? (int)((mag[(s - 1) / 64] >> ((s - 1) % 64)) & 1) : 0;
    if (s - 1 >= 64 * n)
        rbit = 0;
    int sticky = mag_any_below(mag, n, s - 1);
    int up = 0;
    switch (mode) {
    case MXCTS_ROUND_RNE: up = rbit && (sticky || (mant & 1)); break;
    case MXCTS_ROUND_RTZ: up = 0; break;
    case MXCTS_ROUND_RUP: up = (rbit || sticky) && !sign; break;
    case MXCTS_ROUND_RDN: up = (rbit || sticky) && sign; break;
    default: break;
    }
    if (inexact)
        *inexact = rbit || sticky;
    mant += (uint64_t)up;
    if (mant >> p) { /* carried into a new binade */
        mant >>= 1;
        q++;
    }
    uint64_t hidden = 1ull << (p - 1);
    if (mant >= hidden) {
        int E = q + p - 1;
        if (E > emax) {
            int to_inf = mode == MXCTS_ROUND_RNE || (mode == MXCTS_ROUND_RUP && !sign) ||
                         (mode == MXCTS_ROUND_RDN && sign);
            if (inexact)
                *inexact = 1;
            if (to_inf)
                return sbit | ((((uint64_t)1 << w.exp_bits) - 1) << w.man_bits);
            return sbit | ((uint64_t)(2 * bias) << w.man_bits) | (hidden - 1);
        }
        return sbit | ((uint64_t)(E + bias) << w.man_bits) | (mant - hidden);
    }
    return sbit | mant; /* subnormal (or zero after rounding down) */
}

static int round_args_ok(mxcts_wide type, mxcts_round mode)
{
    wide_info w = {11, 52};
    return wide_get(type, &w) && (int)mode >= 0 && mode < MXCTS_ROUND_COUNT;
}

mxcts_status mxcts_acc_round(const mxcts_acc *acc, mxcts_wide type, mxcts_round mode,
                             uint64_t *bits, int *inexact)
{
    if (!acc || !bits)
        return MXCTS_ERR_NULL;
    if (!round_args_ok(type, mode))
        return (int)mode < 0 || mode >= MXCTS_ROUND_COUNT ? MXCTS_ERR_MODE : MXCTS_ERR_FORMAT;
    int sign, c = acc_class(acc, &sign);
    if (inexact)
        *inexact = 0;
    if (c == MXCTS_CLASS_NAN) {
        *bits = mxcts__wide_nan(type);
        return MXCTS_OK;
    }
    if (c == MXCTS_CLASS_INF) {
        *bits = mxcts__wide_inf(type, sign);
        return MXCTS_OK;
    }
    uint64_t mag[MXCTS_ACC_LIMBS];
    int cmp = reg_cmp(acc->pos, acc->neg);
    if (cmp == 0) { /* exact zero: +0, or -0 when rounding toward -inf (IEEE 754 6.3) */
        *bits = mxcts__round_mag(acc->pos, 0, 0, mode == MXCTS_ROUND_RDN, type, mode, NULL);
        return MXCTS_OK;
    }
    if (cmp > 0)
        reg_sub(acc->pos, acc->neg, mag);
    else
        reg_sub(acc->neg, acc->pos, mag);
    *bits = mxcts__round_mag(mag, MXCTS_ACC_LIMBS, MXCTS_ACC_LSB_EXP, cmp < 0, type, mode,
                             inexact);
    return MXCTS_OK;
}

mxcts_status mxcts_acc_to_f64(const mxcts_acc *acc, double *value)
{
    uint64_t b;
    if (!value)
        return MXCTS_ERR_NULL;
    mxcts_status st = mxcts_acc_round(acc, MXCTS_WIDE_F64, MXCTS_ROUND_RNE, &b, NULL);
    if (st)
        return st;
    memcpy(value, &b, sizeof b);
    return MXCTS_OK;
}

mxcts_status mxcts_acc_abs_sum(const mxcts_acc *acc, mxcts_round mode, double *value)
{
    if (!acc || !value)
        return MXCTS_ERR_NULL;
    if ((int)mode < 0 || mode >= MXCTS_ROUND_COUNT)
        return MXCTS_ERR_MODE;
    uint64_t sum[MXCTS_ACC_LIMBS + 1], c = 0;
    for (int i = 0; i < MXCTS_ACC_LIMBS; i++) {
        uint64_t s = acc->pos[i] + acc->neg[i];
        uint64_t c1 = s < acc->neg[i];
        uint64_t s2 = s + c;
        c = c1 | (s2 < c);
        sum[i] = s2;
    }
    sum[MXCTS_ACC_LIMBS] = c;
    uint64_t b = mxcts__round_mag(sum, MXCTS_ACC_LIMBS + 1, MXCTS_ACC_LSB_EXP, 0,
                                  MXCTS_WIDE_F64, mode, NULL);
    memcpy(value, &b, sizeof b);
    return MXCTS_OK;
}

mxcts_status mxcts_factor_round(const mxcts_factor *f, mxcts_wide type, mxcts_round mode,
                                uint64_t *bits, int *inexact)
{
    if (!f || !bits)
        return MXCTS_ERR_NULL;
    if (!round_args_ok(type, mode))
        return (int)mode < 0 || mode >= MXCTS_ROUND_COUNT ? MXCTS_ERR_MODE : MXCTS_ERR_FORMAT;
    if (inexact)
        *inexact = 0;
    if (f->cls == MXCTS_CLASS_NAN) {
        *bits = mxcts__wide_nan(type);
        return MXCTS_OK;
    }
    if (f->cls == MXCTS_CLASS_INF) {
        *bits = mxcts__wide_inf(type, f->sign);
        return MXCTS_OK;
    }
    if (f->cls != MXCTS_CLASS_FINITE)
        return MXCTS_ERR_MODE;
    *bits = mxcts__round_mag(&f->mant, 1, f->exp, f->sign, type, mode, inexact);
    return MXCTS_OK;
}
