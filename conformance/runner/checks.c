/* The comparisons every suite shares: run one backend operation, compute
 * the reference answer under the claimed profile, compare (bit-exact, or
 * within the GEMM error bound), keep the first failing inputs with expected
 * and actual bits, and name the classic bugs a failure matches. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "mxcts/convert.h"
#include "mxcts/exact.h"
#include "mxcts/fnuz.h"
#include "mxcts/format.h"
#include "mxcts/gemm_ref.h"
#include "mxcts/mxblock.h"
#include "mxcts/profile.h"

static const char *fname(int fmt)
{
    const mxcts_format_info *fi = mxcts_format_get((mxcts_format)fmt);
    return fi ? fi->name : "?";
}

static float f32_of(uint32_t b)
{
    float f;
    memcpy(&f, &b, 4);
    return f;
}

static int f32_is_nan(uint32_t b) { return (b & 0x7fffffffu) > 0x7f800000u; }

static void code_text(int fmt, unsigned code, char *buf, size_t size)
{
    double v;
    if (mxcts_decode_f64((mxcts_format)fmt, code & 0xff, &v) == MXCTS_OK && !(code & ~0xffu))
        snprintf(buf, size, "0x%02x (%.9g)", code, v);
    else
        snprintf(buf, size, "0x%02x (invalid code)", code);
}

static void f32_text(uint32_t b, char *buf, size_t size)
{
    snprintf(buf, size, "0x%08x (%.9g)", b, (double)f32_of(b));
}

void chk_sample(rn_result *r, const char *input, const char *expected, const char *actual)
{
    if (r->nsamples >= RN_MAX_SAMPLES)
        return;
    rn_sample *s = &r->samples[r->nsamples++];
    snprintf(s->input, sizeof s->input, "%s", input);
    snprintf(s->expected, sizeof s->expected, "%s", expected);
    snprintf(s->actual, sizeof s->actual, "%s", actual);
}

int chk_call_status(rn_ctx *c, rn_result *r, rb_op op, int st)
{
    rb_backend *b = c->be;
    if (st == MXCTS_OK)
        return 0;
    if (st == MXCTS_ERR_UNSUPPORTED) {
        r->status = RN_NOT_SUPPORTED;
        snprintf(r->reason, sizeof r->reason, "%s", b->last_reason[0] ? b->last_reason : "backend returned UNSUPPORTED");
    } else if (st == RB_ERR_CRASH || st == RB_ERR_TIMEOUT) {
        r->status = RN_FAIL;
        snprintf(r->reason, sizeof r->reason, "%s: %s", rb_op_name(op), b->last_reason);
    } else if (st == RB_ERR_ISOLATE) {
        r->status = RN_INTERNAL_ERROR;
        snprintf(r->reason, sizeof r->reason, "%s", b->last_reason);
    } else {
        r->status = RN_FAIL;
        snprintf(r->reason, sizeof r->reason, "%s returned status %d (%s) for a valid request%s%s", rb_op_name(op),
                 st, st < 100 ? mxcts_status_string(st) : "backend error", b->last_reason[0] ? ": " : "",
                 b->last_reason);
    }
    b->last_reason[0] = 0;
    return 1;
}

void chk_finish(rn_result *r)
{
    if (r->status != RN_PASS)
        return;
    if (r->failed) {
        r->status = RN_FAIL;
        if (!r->reason[0])
            snprintf(r->reason, sizeof r->reason, "%llu of %llu values differ", (unsigned long long)r->failed,
                     (unsigned long long)r->checked);
    }
}

static int internal(rn_result *r, const char *what, int st)
{
    r->status = RN_INTERNAL_ERROR;
    snprintf(r->reason, sizeof r->reason, "reference %s failed: %s", what, mxcts_status_string(st));
    return 1;
}

#define NEED_OP(opfield, opid)                                                                 \
    do {                                                                                       \
        if (!c->be->ops.opfield) {                                                             \
            r->status = RN_NOT_SUPPORTED;                                                      \
            snprintf(r->reason, sizeof r->reason, "%s", c->be->not_supported[opid]);           \
            return;                                                                            \
        }                                                                                      \
    } while (0)

static void *xmalloc(size_t n, int fill)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "mxcts run: out of memory (%zu bytes)\n", n);
        exit(3);
    }
    memset(p, fill, n ? n : 1);
    return p;
}

/* ---- bug signatures ---- */

static int is_overflow_code(int fmt, unsigned a)
{
    const mxcts_format_info *fi = mxcts_format_get((mxcts_format)fmt);
    if (mxcts_code_is_nan((mxcts_format)fmt, a))
        return 1;
    return fi->has_inf && (a & 0x7f) == (fi->inf_code & 0x7f);
}

/* An encode mismatch of f64 value x (expected code e, actual a). */
static unsigned diagnose_encode(int fmt, int round, int ovf, double x, unsigned e, unsigned a)
{
    const mxcts_format_info *fi = mxcts_format_get((mxcts_format)fmt);
    unsigned bugs = 0;
    if ((fmt == MXCTS_E4M3FNUZ || fmt == MXCTS_E5M2FNUZ) && e == 0x00 && a == 0x80 && signbit(x) && !isnan(x))
        bugs |= 1u << RN_BUG_FNUZ_NEG_ZERO;
    double ve, va;
    int fe = mxcts_decode_f64((mxcts_format)fmt, e, &ve) == MXCTS_OK && isfinite(ve);
    int fa = a <= 0xff && mxcts_decode_f64((mxcts_format)fmt, a, &va) == MXCTS_OK && isfinite(va);
    if (ovf == MXCTS_OVERFLOW_SAT && isinf(x) && fe && is_overflow_code(fmt, a))
        bugs |= 1u << RN_BUG_INF_NOT_SATURATED;
    if (isfinite(x) && fe && fabs(ve) == fi->max_finite && fabs(x) > fi->max_finite && a <= 0xff &&
        is_overflow_code(fmt, a))
        bugs |= 1u << RN_BUG_OVERFLOW_BEFORE_ROUND;
    if (round == MXCTS_ROUND_RNE && isfinite(x) && fe && fa && fabs(va) > fabs(ve) &&
        fabs(x) == (fabs(ve) + fabs(va)) / 2)
        bugs |= 1u << RN_BUG_HALF_AWAY;
    return bugs;
}

static unsigned diagnose_decode(int fmt, unsigned code, uint32_t act)
{
    float a = f32_of(act);
    unsigned bugs = 0;
    if (fmt == MXCTS_E8M0 && code == 0x00 && a == 0)
        bugs |= 1u << RN_BUG_E8M0_ZERO_DECODE;
    if (fmt == MXCTS_E8M0 && code == 0xff && !isnan(a))
        bugs |= 1u << RN_BUG_E8M0_NAN_DECODE;
    if ((fmt == MXCTS_E4M3FNUZ || fmt == MXCTS_E5M2FNUZ) && code == 0x80 && !isnan(a))
        bugs |= 1u << RN_BUG_FNUZ_NAN_DECODE;
    if (fmt == MXCTS_E4M3 && (code & 0x7f) == 0x7f && fabsf(a) == 480.0f)
        bugs |= 1u << RN_BUG_E4M3_NAN_DECODE;
    return bugs;
}

/* ---- encode ---- */

void chk_encode(rn_ctx *c, rn_result *r, int fmt, int round, int ovf, const uint32_t *in, size_t n)
{
    NEED_OP(encode, RB_OP_ENCODE);
    const mxcts_format_info *fi = mxcts_format_get((mxcts_format)fmt);
    mxcts_convert cv = c->prof->elem;
    cv.round = (mxcts_round)round;
    cv.overflow = (mxcts_overflow)ovf;
    uint8_t *exp = xmalloc(n, 0), *act = xmalloc(n, 0xA5);
    int st = mxcts_encode_bulk((mxcts_format)fmt, MXCTS_WIDE_F32, in, n, exp, &cv, NULL);
    if (st != MXCTS_OK) {
        internal(r, "encode", st);
        goto out;
    }
    c->be->last_reason[0] = 0;
    st = c->be->ops.encode(c->be, fmt, in, n, act, round, ovf);
    if (chk_call_status(c, r, RB_OP_ENCODE, st))
        goto out;
    for (size_t i = 0; i < n; i++) {
        int nan_in = f32_is_nan(in[i]);
        if (c->ocp && nan_in && fi->nan_kind == MXCTS_NAN_NONE)
            continue; /* NaN -> FP6/FP4/INT8 is implementation-defined under ocp */
        r->checked++;
        unsigned e = exp[i], a = act[i];
        if (e == a || (c->ocp && mxcts_code_is_nan((mxcts_format)fmt, e) && mxcts_code_is_nan((mxcts_format)fmt, a)))
            continue;
        r->failed++;
        r->bugs |= diagnose_encode(fmt, round, ovf, (double)f32_of(in[i]), e, a);
        if (r->nsamples < RN_MAX_SAMPLES) {
            char si[128], se[64], sa[64], xs[48];
            f32_text(in[i], xs, sizeof xs);
            snprintf(si, sizeof si, "f32 %s -> %s", xs, fi->name);
            code_text(fmt, e, se, sizeof se);
            code_text(fmt, a, sa, sizeof sa);
            chk_sample(r, si, se, sa);
        }
    }
    chk_finish(r);
out:
    free(exp);
    free(act);
}

/* ---- decode ---- */

void chk_decode(rn_ctx *c, rn_result *r, int fmt, const uint8_t *in, size_t n)
{
    NEED_OP(decode, RB_OP_DECODE);
    uint32_t *exp = xmalloc(n * 4, 0), *act = xmalloc(n * 4, 0xA5);
    int st = mxcts_decode_bulk((mxcts_format)fmt, in, n, MXCTS_WIDE_F32, exp);
    if (st != MXCTS_OK) {
        internal(r, "decode", st);
        goto out;
    }
    c->be->last_reason[0] = 0;
    st = c->be->ops.decode(c->be, fmt, in, n, act);
    if (chk_call_status(c, r, RB_OP_DECODE, st))
        goto out;
    for (size_t i = 0; i < n; i++) {
        r->checked++;
        if (exp[i] == act[i] || (f32_is_nan(exp[i]) && f32_is_nan(act[i])))
            continue;
        r->failed++;
        r->bugs |= diagnose_decode(fmt, in[i], act[i]);
        char si[128], se[64], sa[64];
        snprintf(si, sizeof si, "%s code 0x%02x", fname(fmt), in[i]);
        f32_text(exp[i], se, sizeof se);
        f32_text(act[i], sa, sizeof sa);
        chk_sample(r, si, se, sa);
    }
    chk_finish(r);
out:
    free(exp);
    free(act);
}

/* ---- MX quantise ---- */

void chk_quantize(rn_ctx *c, rn_result *r, int fmt, int scale_mode, const uint32_t *in, int64_t rows, int64_t k)
{
    NEED_OP(mx_quantize, RB_OP_MX_QUANTIZE);
    mxcts_block_config cfg = c->prof->block;
    cfg.scale_mode = (mxcts_scale_mode)scale_mode;
    cfg.block_size = MXCTS_MX_BLOCK;
    int64_t nb = k / MXCTS_MX_BLOCK;
    size_t ne = (size_t)(rows * k), ns = (size_t)(rows * nb);
    uint8_t *ec = xmalloc(ne, 0), *es = xmalloc(ns, 0), *ac = xmalloc(ne, 0xA5), *as = xmalloc(ns, 0xA5);
    int st = mxcts_mx_quantize((mxcts_format)fmt, MXCTS_WIDE_F32, in, rows, k, k, &cfg, ec, k, es, nb);
    if (st != MXCTS_OK) {
        internal(r, "mx_quantize", st);
        goto out;
    }
    c->be->last_reason[0] = 0;
    st = c->be->ops.mx_quantize(c->be, fmt, in, rows, k, scale_mode, ac, as);
    if (chk_call_status(c, r, RB_OP_MX_QUANTIZE, st))
        goto out;
    for (int64_t row = 0; row < rows; row++)
        for (int64_t blk = 0; blk < nb; blk++) {
            size_t si_ = (size_t)(row * nb + blk);
            r->checked++;
            if (es[si_] != as[si_]) {
                r->failed++;
                char si[128], se[64], sa[64];
                float amax = 0;
                for (int j = 0; j < MXCTS_MX_BLOCK; j++) {
                    float v = fabsf(f32_of(in[row * k + blk * 32 + j]));
                    if (v > amax || isnan(v))
                        amax = v;
                }
                snprintf(si, sizeof si, "%s %s block (%lld,%lld) amax %.9g: scale", fname(fmt),
                         mxcts_scale_mode_name((mxcts_scale_mode)scale_mode), (long long)row, (long long)blk,
                         (double)amax);
                code_text(MXCTS_E8M0, es[si_], se, sizeof se);
                code_text(MXCTS_E8M0, as[si_], sa, sizeof sa);
                chk_sample(r, si, se, sa);
                continue;
            }
            if (es[si_] == 0xff)
                continue; /* element bytes are don't-care in a NaN block */
            for (int j = 0; j < MXCTS_MX_BLOCK; j++) {
                size_t i = (size_t)(row * k + blk * 32 + j);
                r->checked++;
                unsigned e = ec[i], a = ac[i];
                if (e == a || (c->ocp && mxcts_code_is_nan((mxcts_format)fmt, e) &&
                               mxcts_code_is_nan((mxcts_format)fmt, a)))
                    continue;
                r->failed++;
                double x = f32_of(in[i]), v = ldexp(x, 127 - (int)es[si_]);
                r->bugs |= diagnose_encode(fmt, MXCTS_ROUND_RNE, MXCTS_OVERFLOW_SAT, v, e, a) &
                           (1u << RN_BUG_HALF_AWAY);
                char si[128], se[64], sa[64];
                snprintf(si, sizeof si, "%s %s (%lld,%lld) x=%.9g scale 0x%02x -> x/X=%.9g", fname(fmt),
                         mxcts_scale_mode_name((mxcts_scale_mode)scale_mode), (long long)row,
                         (long long)(blk * 32 + j), x, es[si_], v);
                code_text(fmt, e, se, sizeof se);
                code_text(fmt, a, sa, sizeof sa);
                chk_sample(r, si, se, sa);
            }
        }
    chk_finish(r);
out:
    free(ec);
    free(es);
    free(ac);
    free(as);
}

/* ---- MX dequantise ---- */

void chk_dequantize(rn_ctx *c, rn_result *r, int fmt, const uint8_t *codes, const uint8_t *scales, int64_t rows,
                    int64_t k)
{
    NEED_OP(mx_dequantize, RB_OP_MX_DEQUANTIZE);
    int64_t nb = k / MXCTS_MX_BLOCK;
    size_t ne = (size_t)(rows * k);
    uint32_t *exp = xmalloc(ne * 4, 0), *act = xmalloc(ne * 4, 0xA5);
    int st = mxcts_mx_dequantize((mxcts_format)fmt, codes, k, scales, nb, rows, k, MXCTS_MX_BLOCK, MXCTS_WIDE_F32,
                                 exp, k);
    if (st != MXCTS_OK) {
        internal(r, "mx_dequantize", st);
        goto out;
    }
    c->be->last_reason[0] = 0;
    st = c->be->ops.mx_dequantize(c->be, fmt, codes, scales, rows, k, act);
    if (chk_call_status(c, r, RB_OP_MX_DEQUANTIZE, st))
        goto out;
    for (size_t i = 0; i < ne; i++) {
        r->checked++;
        if (exp[i] == act[i] || (f32_is_nan(exp[i]) && f32_is_nan(act[i])))
            continue;
        r->failed++;
        unsigned x = scales[(i / (size_t)k) * (size_t)nb + (i % (size_t)k) / 32];
        if (x == 0x00 && f32_of(act[i]) == 0 && f32_of(exp[i]) != 0)
            r->bugs |= 1u << RN_BUG_E8M0_SCALE_ZERO;
        if (x == 0xff && !f32_is_nan(act[i]))
            r->bugs |= 1u << RN_BUG_E8M0_NAN_DECODE;
        char si[128], se[64], sa[64];
        snprintf(si, sizeof si, "%s code 0x%02x x scale 0x%02x -> f32", fname(fmt), codes[i], x);
        f32_text(exp[i], se, sizeof se);
        f32_text(act[i], sa, sizeof sa);
        chk_sample(r, si, se, sa);
    }
    chk_finish(r);
out:
    free(exp);
    free(act);
}

/* ---- GEMM ---- */

/* The tolerance model of the backend's declared accumulation for this shape
 * (DESIGN 4): blocked fp32 sums by default; a shorter inner sum (Hopper FP8
 * tensor cores) widens the accumulation part by 2^(24 - inner_bits) and each
 * extra rounding adds one to K_eff, as test_gemm judges the library. */
static int gemm_model(rb_backend *be, int fa, int fb, int64_t m, int64_t n, int64_t k, mxcts_accum_model *model,
                      rn_result *r)
{
    mxcts_accum_model_init(model, (mxcts_accum_kind)be->accum_kind);
    model->block = be->accum_block > 0 ? be->accum_block : 32;
    int inner = 24, extra = 0;
    char path[64] = "";
    if (be->gemm_accum && be->gemm_accum(be, fa, fb, m, n, k, &inner, &extra, path, sizeof path) != 0)
        return 1;
    model->inner_exact = model->kind == MXCTS_ACCUM_BLOCKED && model->block == MXCTS_MX_BLOCK &&
                         mxcts_mx_block_sum_exact((mxcts_format)fa, (mxcts_format)fb);
    if (mxcts_accum_model_declare(model, k, inner, extra) != MXCTS_OK)
        return 1;
    snprintf(r->accum, sizeof r->accum, "%s%sfp32 blocks of %lld, inner sum %d bits%s", path, path[0] ? ": " : "",
             (long long)model->block, inner, extra ? ", extra roundings" : "");
    return 0;
}

void chk_gemm(rn_ctx *c, rn_result *r, int fa, int fb, int64_t m, int64_t n, int64_t k, const uint8_t *a,
              const uint8_t *as, const uint8_t *b, const uint8_t *bs, int exact_required)
{
    NEED_OP(gemm_mx, RB_OP_GEMM_MX);
    int64_t nb = k / MXCTS_MX_BLOCK;
    mxcts_operand A = mxcts_operand_mx((mxcts_format)fa, a, k, as, nb);
    mxcts_operand B = mxcts_operand_mx((mxcts_format)fb, b, k, bs, nb);
    mxcts_acc *acc = xmalloc((size_t)(m * n) * sizeof *acc, 0);
    uint32_t *act = xmalloc((size_t)(m * n) * 4, 0xA5);
    int st = mxcts_gemm_ref_acc(m, n, k, &A, &B, NULL, acc, n);
    if (st != MXCTS_OK) {
        internal(r, "gemm", st);
        goto out;
    }
    c->be->last_reason[0] = 0;
    st = c->be->ops.gemm_mx(c->be, fa, fb, m, n, k, a, as, b, bs, act);
    if (chk_call_status(c, r, RB_OP_GEMM_MX, st))
        goto out;
    mxcts_accum_model model;
    if (gemm_model(c->be, fa, fb, m, n, k, &model, r) != 0) {
        internal(r, "gemm accumulation declaration", MXCTS_ERR_UNSUPPORTED);
        goto out;
    }
    r->has_ratio = 1;
    for (int64_t i = 0; i < m * n; i++) {
        mxcts_check ck;
        st = mxcts_check_result(&model, k, &acc[i], MXCTS_WIDE_F32, act[i], &ck);
        if (st != MXCTS_OK) {
            internal(r, "check_result", st);
            goto out;
        }
        r->checked++;
        int pass = ck.pass;
        if (exact_required && (uint32_t)ck.expected_bits != act[i] &&
            !(f32_is_nan((uint32_t)ck.expected_bits) && f32_is_nan(act[i])))
            pass = 0;
        double ratio = ck.ratio == ck.ratio ? ck.ratio : (ck.pass ? 0 : INFINITY);
        if (ratio > r->worst_ratio)
            r->worst_ratio = ratio;
        if (ck.ulps > r->worst_ulps)
            r->worst_ulps = ck.ulps;
        r->hist[rn_hist_bin(ratio)]++;
        if (pass)
            continue;
        r->failed++;
        if (f32_of(act[i]) == 0 && f32_of((uint32_t)ck.expected_bits) != 0) { /* a 2^-127 scale taken as 0? */
            int64_t row = i / n, col = i % n;
            for (int64_t blk = 0; blk < nb; blk++)
                if (as[row * nb + blk] == 0x00 || bs[col * nb + blk] == 0x00)
                    r->bugs |= 1u << RN_BUG_E8M0_SCALE_ZERO;
        }
        char si[128], se[64], sa[64];
        snprintf(si, sizeof si, "%sx%s C[%lld][%lld] (M=%lld N=%lld K=%lld) err/bound %.3g%s", fname(fa), fname(fb),
                 (long long)(i / n), (long long)(i % n), (long long)m, (long long)n, (long long)k, ck.ratio,
                 exact_required ? " (exact answer required)" : "");
        f32_text((uint32_t)ck.expected_bits, se, sizeof se);
        f32_text(act[i], sa, sizeof sa);
        chk_sample(r, si, se, sa);
    }
    chk_finish(r);
out:
    free(acc);
    free(act);
}

/* ---- OCP <-> FNUZ ---- */

void chk_reencode(rn_ctx *c, rn_result *r, int sf, int df, const uint8_t *in, size_t n)
{
    NEED_OP(reencode, RB_OP_REENCODE);
    uint8_t *exp = xmalloc(n, 0), *act = xmalloc(n, 0xA5);
    int st = (sf == MXCTS_E4M3 || sf == MXCTS_E5M2)
                 ? mxcts_ocp_to_fnuz((mxcts_format)sf, in, n, exp, NULL)
                 : mxcts_fnuz_to_ocp((mxcts_format)sf, in, n, MXCTS_OVERFLOW_SAT, exp, NULL);
    if (st != MXCTS_OK) {
        internal(r, "reencode", st);
        goto out;
    }
    c->be->last_reason[0] = 0;
    st = c->be->ops.reencode(c->be, sf, df, in, n, act);
    if (chk_call_status(c, r, RB_OP_REENCODE, st))
        goto out;
    for (size_t i = 0; i < n; i++) {
        r->checked++;
        unsigned e = exp[i], a = act[i];
        if (e == a || (c->ocp && mxcts_code_is_nan((mxcts_format)df, e) && mxcts_code_is_nan((mxcts_format)df, a)))
            continue;
        r->failed++;
        if ((df == MXCTS_E4M3FNUZ || df == MXCTS_E5M2FNUZ) && in[i] == 0x80 && a == 0x80)
            r->bugs |= 1u << RN_BUG_FNUZ_NEG_ZERO;
        char si[128], se[64], sa[64];
        snprintf(si, sizeof si, "%s 0x%02x -> %s", fname(sf), in[i], fname(df));
        code_text(df, e, se, sizeof se);
        code_text(df, a, sa, sizeof sa);
        chk_sample(r, si, se, sa);
    }
    chk_finish(r);
out:
    free(exp);
    free(act);
}
