/* The tolerance model of DESIGN 4 / spec/gemm.md section 4: error bounds per
 * accumulation model and the verdict on one kernel output. The bound is
 * computed in double with a final relative inflation of 2^-50 (the bound's
 * own rounding errors are far below that). */
#include <math.h>
#include <string.h>
#include "exact_internal.h"
#include "gemm_ref_internal.h"

static double pow2d(int k)
{
    if (k < -1074)
        return 0.0;
    if (k > 1023)
        k = 1023; /* callers never need more */
    uint64_t b;
    if (k >= -1022)
        b = (uint64_t)(k + 1023) << 52;
    else
        b = 1ull << (k + 1074);
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static double inf_d(void)
{
    uint64_t b = 0x7FF0000000000000ull;
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

/* floor(log2 x) for finite x > 0 */
static int ilog2d(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    int E = (int)(b >> 52 & 0x7FF);
    if (E)
        return E - 1023;
    uint64_t m = b & ((1ull << 52) - 1);
    int h = 63 - __builtin_clzll(m);
    return h - 1074;
}

mxcts_status mxcts_accum_model_init(mxcts_accum_model *m, mxcts_accum_kind kind)
{
    if (!m)
        return MXCTS_ERR_NULL;
    if ((int)kind < 0 || kind >= MXCTS_ACCUM_KIND_COUNT)
        return MXCTS_ERR_MODE;
    memset(m, 0, sizeof *m);
    m->kind = kind;
    m->acc_type = MXCTS_WIDE_F32;
    m->block = MXCTS_MX_BLOCK;
    m->inner_exact = 0;
    m->products_exact = 1;
    m->c = 1.0;
    return MXCTS_OK;
}

static mxcts_status model_ok(const mxcts_accum_model *m)
{
    if ((int)m->kind < 0 || m->kind >= MXCTS_ACCUM_KIND_COUNT)
        return MXCTS_ERR_MODE;
    if (m->acc_type != MXCTS_WIDE_F32 && m->acc_type != MXCTS_WIDE_F16 &&
        m->acc_type != MXCTS_WIDE_BF16 && m->acc_type != MXCTS_WIDE_F64)
        return MXCTS_ERR_FORMAT;
    if (m->kind == MXCTS_ACCUM_BLOCKED && m->block <= 0)
        return MXCTS_ERR_SIZE;
    if (!(m->c >= 1.0) || m->c != m->c || m->c > 1e300)
        return MXCTS_ERR_MODE;
    return MXCTS_OK;
}

mxcts_status mxcts_accum_k_eff(const mxcts_accum_model *m, int64_t K, int64_t *k_eff)
{
    if (!m || !k_eff)
        return MXCTS_ERR_NULL;
    mxcts_status st = model_ok(m);
    if (st)
        return st;
    if (K <= 0)
        return MXCTS_ERR_SIZE;
    int64_t prod = m->products_exact ? 0 : 1, n = 0;
    switch (m->kind) {
    case MXCTS_ACCUM_EXACT: n = 0; prod = 0; break;
    case MXCTS_ACCUM_SEQUENTIAL: n = K; break;
    case MXCTS_ACCUM_BLOCKED: {
        int64_t nb = K / m->block + (K % m->block != 0);
        int64_t inner = m->inner_exact ? 0 : (m->block < K ? m->block : K) - 1;
        n = inner + 1 + nb;
        break;
    }
    case MXCTS_ACCUM_PAIRWISE: {
        int64_t l = 0;
        while (l < 63 && ((int64_t)1 << l) < K)
            l++;
        n = l + 1;
        break;
    }
    default: return MXCTS_ERR_MODE;
    }
    *k_eff = n + prod;
    return MXCTS_OK;
}

mxcts_status mxcts_accum_model_declare(mxcts_accum_model *m, int64_t K, int inner_bits, int extra_roundings)
{
    if (!m)
        return MXCTS_ERR_NULL;
    if (inner_bits < 1 || inner_bits > 24 || extra_roundings < 0)
        return MXCTS_ERR_MODE;
    if (inner_bits < 24)
        m->inner_exact = 0;
    int64_t ke = 0;
    mxcts_status st = mxcts_accum_k_eff(m, K, &ke);
    if (st)
        return st;
    if (ke > 0)
        m->c *= (double)(ke + extra_roundings) / (double)ke;
    m->c *= ldexp(1.0, 24 - inner_bits);
    return MXCTS_OK;
}

int mxcts_mx_block_sum_exact(mxcts_format fa, mxcts_format fb)
{
    const mxcts_format_info *a = mxcts_format_get(fa), *b = mxcts_format_get(fb);
    if (!a || !b || fa == MXCTS_E8M0 || fb == MXCTS_E8M0)
        return 0;
    /* Every element is a multiple of its format's smallest step; units = the
     * largest magnitude in steps (INT8: 128 for -2.0). Every partial sum of
     * 32 products is a multiple of step_a*step_b below 32*ua*ub steps: exact
     * in fp32 iff that is <= 2^24. */
    double ua = a->kind == MXCTS_KIND_INT ? 128.0 : a->max_finite / a->min_subnormal;
    double ub = b->kind == MXCTS_KIND_INT ? 128.0 : b->max_finite / b->min_subnormal;
    return 32.0 * ua * ub <= 16777216.0;
}

static double half_ulp(mxcts_wide t, double m)
{
    int p, emin, emax;
    mxcts_wide_params(t, &p, &emin, &emax);
    if (!(m > 0))
        return 0.0;
    if (m >= pow2d(emax + 1))
        return pow2d(emax - p);
    int e = ilog2d(m);
    return pow2d((e > emin ? e : emin) - p);
}

/* |exact| rounded up, and the accumulation part of the bound. */
static void bound_parts(const mxcts_accum_model *m, int64_t K, const mxcts_acc *exact,
                        double *absval, double *acc_part)
{
    int64_t n = 0; /* m was validated by the callers (model_ok), so this is always set */
    mxcts_accum_k_eff(m, K, &n);
    int pa, emina;
    mxcts_wide_params(m->acc_type, &pa, &emina, NULL);
    double S;
    mxcts_acc_abs_sum(exact, MXCTS_ROUND_RUP, &S);
    int sign;
    mxcts_acc_class(exact, NULL, &sign);
    uint64_t b;
    mxcts_acc_round(exact, MXCTS_WIDE_F64, sign ? MXCTS_ROUND_RDN : MXCTS_ROUND_RUP, &b, NULL);
    b &= ~(1ull << 63);
    memcpy(absval, &b, sizeof b);
    double nu = (double)n * pow2d(-pa);
    if (n == 0)
        *acc_part = 0.0;
    else if (nu >= 1.0)
        *acc_part = inf_d();
    else
        *acc_part = m->c * (nu / (1.0 - nu) * S + (double)n * pow2d(emina - pa));
}

mxcts_status mxcts_error_bound(const mxcts_accum_model *m, int64_t K, const mxcts_acc *exact,
                               mxcts_wide out_type, double *bound)
{
    if (!m || !exact || !bound)
        return MXCTS_ERR_NULL;
    mxcts_status st = model_ok(m);
    if (st)
        return st;
    if (K <= 0)
        return MXCTS_ERR_SIZE;
    if (!mxcts__wide_size(out_type))
        return MXCTS_ERR_FORMAT;
    int cls;
    mxcts_acc_class(exact, &cls, NULL);
    if (cls != MXCTS_CLASS_FINITE) {
        *bound = 0.0;
        return MXCTS_OK;
    }
    double a, accp;
    bound_parts(m, K, exact, &a, &accp);
    double r = accp + half_ulp(out_type, a + accp);
    *bound = r * (1.0 + pow2d(-50));
    return MXCTS_OK;
}

/* Monotone integer image of a non-NaN bit pattern (+0 and -0 both 0). */
static int64_t ordinal(mxcts_wide t, uint64_t bits)
{
    int sb = (int)mxcts__wide_size(t) * 8 - 1;
    uint64_t mag = bits & ((1ull << sb) - 1);
    if (t == MXCTS_WIDE_F64)
        mag = bits & 0x7FFFFFFFFFFFFFFFull;
    int64_t v = (int64_t)mag;
    return (bits >> sb) & 1 ? -v : v;
}

mxcts_status mxcts_check_result(const mxcts_accum_model *m, int64_t K, const mxcts_acc *exact,
                                mxcts_wide out_type, uint64_t kernel_bits, mxcts_check *out)
{
    if (!m || !exact || !out)
        return MXCTS_ERR_NULL;
    mxcts_status st = model_ok(m);
    if (st)
        return st;
    if (K <= 0)
        return MXCTS_ERR_SIZE;
    if (!mxcts__wide_size(out_type))
        return MXCTS_ERR_FORMAT;
    mxcts_factor kf;
    if ((st = mxcts_factor_from_bits(out_type, kernel_bits, &kf)) != MXCTS_OK)
        return st;
    mxcts_check r;
    memset(&r, 0, sizeof r);
    mxcts_acc_round(exact, out_type, MXCTS_ROUND_RNE, &r.expected_bits, NULL);
    mxcts_error_bound(m, K, exact, out_type, &r.bound);
    int cls, sign;
    mxcts_acc_class(exact, &cls, &sign);
    double INF = inf_d();
    if (kf.cls == MXCTS_CLASS_NAN || cls == MXCTS_CLASS_NAN)
        r.ulps = (kf.cls == MXCTS_CLASS_NAN && cls == MXCTS_CLASS_NAN) ? 0.0 : INF;
    else {
        int64_t d = ordinal(out_type, kernel_bits) - ordinal(out_type, r.expected_bits);
        r.ulps = (double)(d < 0 ? -d : d);
    }
    if (cls == MXCTS_CLASS_NAN) {
        r.pass = kf.cls == MXCTS_CLASS_NAN;
    } else if (cls == MXCTS_CLASS_INF) {
        r.pass = kf.cls == MXCTS_CLASS_INF && kf.sign == sign;
    } else if (kf.cls == MXCTS_CLASS_NAN) {
        r.pass = 0;
    } else if (kf.cls == MXCTS_CLASS_INF) {
        int p, emax;
        mxcts_wide_params(out_type, &p, NULL, &emax);
        double a, accp;
        bound_parts(m, K, exact, &a, &accp);
        double T = pow2d(emax + 1) - pow2d(emax - p); /* overflow threshold (RNE) */
        if (out_type == MXCTS_WIDE_F64)
            T = pow2d(1023) * (2.0 - pow2d(-52)); /* = max finite: anything above overflows */
        r.pass = kf.sign == sign && !mxcts_acc_is_zero(exact) && a + accp >= T;
    } else {
        /* error = |kernel - exact|, exact, rounded up */
        mxcts_acc d = *exact;
        kf.sign ^= 1;
        if (mxcts_acc_add(&d, &kf) == MXCTS_OK) {
            int ds;
            uint64_t eb;
            mxcts_acc_class(&d, NULL, &ds);
            mxcts_acc_round(&d, MXCTS_WIDE_F64, ds ? MXCTS_ROUND_RDN : MXCTS_ROUND_RUP, &eb,
                            NULL);
            eb &= ~(1ull << 63);
            memcpy(&r.error, &eb, 8);
        } else { /* an f64 kernel value outside the register: far off anyway */
            double kv, ev;
            memcpy(&kv, &kernel_bits, 8);
            mxcts_acc_to_f64(exact, &ev);
            r.error = kv > ev ? kv - ev : ev - kv;
            r.error *= 1.0 + pow2d(-50);
        }
        r.pass = r.error <= r.bound;
        if (m->kind == MXCTS_ACCUM_EXACT) /* correctly rounded: the very bits (+-0 alike) */
            r.pass = r.ulps == 0.0;
    }
    if (cls != MXCTS_CLASS_FINITE || kf.cls != MXCTS_CLASS_FINITE)
        r.error = r.pass ? 0.0 : INF;
    if (r.error == 0.0)
        r.ratio = 0.0;
    else if (r.bound > 0.0)
        r.ratio = r.error / r.bound;
    else
        r.ratio = INF;
    *out = r;
    return MXCTS_OK;
}
