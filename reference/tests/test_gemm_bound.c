/* The tolerance model (gemm_ref.h, spec/gemm.md section 4): K_eff per model
 * typed in, the block-exactness table of mx-semantics 4.3 typed in, bounds
 * against their closed form evaluated here, verdicts of mxcts_check_result
 * on hand-made kernel outputs, and the modelled fp32 kernel's outputs
 * staying inside the BLOCKED bound on random FP8 GEMMs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "mxcts/gemm_ref.h"
#include "test_gemm_common.h"

static mxcts_accum_model model(mxcts_accum_kind k)
{
    mxcts_accum_model m;
    mxcts_accum_model_init(&m, k);
    return m;
}

static int64_t keff(mxcts_accum_model m, int64_t K)
{
    int64_t n = -1;
    mxcts_accum_k_eff(&m, K, &n);
    return n;
}

static void acc_terms(mxcts_acc *acc, const mxcts_factor *t, int n)
{
    mxcts_acc_init(acc);
    for (int i = 0; i < n; i++)
        mxcts_acc_add(acc, &t[i]);
}

static mxcts_factor F(int s, uint64_t m, int e)
{
    mxcts_factor f = {MXCTS_CLASS_FINITE, s, m, e};
    return f;
}

static int near(double got, double want) { return fabs(got - want) <= 1e-14 * fabs(want); }

static void test_keff(void)
{
    mxcts_accum_model m = model(MXCTS_ACCUM_SEQUENTIAL);
    TG_CHECK(keff(m, 100) == 100, "sequential K=100");
    m.products_exact = 0;
    TG_CHECK(keff(m, 100) == 101, "sequential, products rounded");
    m = model(MXCTS_ACCUM_BLOCKED);
    TG_CHECK(keff(m, 4096) == 31 + 1 + 128, "blocked 4096");
    TG_CHECK(keff(m, 40) == 31 + 1 + 2, "blocked 40 (partial block)");
    TG_CHECK(keff(m, 8) == 7 + 1 + 1, "blocked K < block");
    m.inner_exact = 1;
    TG_CHECK(keff(m, 4096) == 1 + 128, "blocked 4096, exact blocks");
    m = model(MXCTS_ACCUM_PAIRWISE);
    TG_CHECK(keff(m, 4096) == 13, "pairwise 4096");
    TG_CHECK(keff(m, 4097) == 14, "pairwise 4097");
    TG_CHECK(keff(m, 1) == 1, "pairwise 1");
    m = model(MXCTS_ACCUM_EXACT);
    m.products_exact = 0;
    TG_CHECK(keff(m, 1 << 20) == 0, "exact");
    /* declared accumulations: blocked K = 64 has K_eff 31 + 1 + 2 = 34 */
    m = model(MXCTS_ACCUM_BLOCKED);
    TG_CHECK(mxcts_accum_model_declare(&m, 64, 24, 2) == 0 && m.c == 36.0 / 34.0, "2 extra roundings: c 36/34");
    m = model(MXCTS_ACCUM_BLOCKED);
    m.inner_exact = 1;
    TG_CHECK(mxcts_accum_model_declare(&m, 64, 14, 0) == 0 && m.c == 1024.0 && !m.inner_exact,
             "14-bit inner sums: c 2^10, blocks no longer exact");
    m = model(MXCTS_ACCUM_BLOCKED);
    TG_CHECK(mxcts_accum_model_declare(NULL, 64, 24, 0) == MXCTS_ERR_NULL, "declare NULL");
    TG_CHECK(mxcts_accum_model_declare(&m, 64, 0, 0) == MXCTS_ERR_MODE, "declare 0 bits");
    TG_CHECK(mxcts_accum_model_declare(&m, 64, 25, 0) == MXCTS_ERR_MODE, "declare 25 bits");
    TG_CHECK(mxcts_accum_model_declare(&m, 64, 24, -1) == MXCTS_ERR_MODE, "declare negative roundings");
    TG_CHECK(mxcts_accum_model_declare(&m, 0, 24, 0) == MXCTS_ERR_SIZE && m.c == 1.0, "declare K 0, model kept");
}

static void test_block_exact_table(void)
{
    /* mx-semantics 4.3 */
    const mxcts_format small[4] = {MXCTS_E2M1, MXCTS_E2M3, MXCTS_E3M2, MXCTS_INT8};
    const mxcts_format fp8[2] = {MXCTS_E4M3, MXCTS_E5M2};
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            TG_CHECK(mxcts_mx_block_sum_exact(small[i], small[j]) == 1, "FP4/FP6/INT8 pair %d %d",
                     i, j);
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++)
            TG_CHECK(mxcts_mx_block_sum_exact(fp8[i], fp8[j]) == 0, "FP8 pair %d %d", i, j);
        for (int j = 0; j < 4; j++) {
            TG_CHECK(mxcts_mx_block_sum_exact(fp8[i], small[j]) == 0, "FP8 x small %d %d", i, j);
            TG_CHECK(mxcts_mx_block_sum_exact(small[j], fp8[i]) == 0, "small x FP8 %d %d", j, i);
        }
    }
}

static void test_bounds(void)
{
    const double u = ldexp(1, -24), eta = ldexp(1, -150);
    mxcts_factor t[32];
    for (int i = 0; i < 32; i++)
        t[i] = F(0, 1, 1); /* 32 x 2.0 = 64 */
    mxcts_acc acc;
    acc_terms(&acc, t, 32);
    mxcts_accum_model m = model(MXCTS_ACCUM_SEQUENTIAL);
    double b;
    double g = 32 * u / (1 - 32 * u);
    TG_CHECK(mxcts_error_bound(&m, 32, &acc, MXCTS_WIDE_F32, &b) == 0 &&
                 near(b, g * 64 + 32 * eta + ldexp(1, -18)),
             "sequential 32 x 2.0 -> f32: %.17g", b);
    TG_CHECK(mxcts_error_bound(&m, 32, &acc, MXCTS_WIDE_BF16, &b) == 0 &&
                 near(b, g * 64 + 32 * eta + ldexp(1, -2)),
             "-> bf16: %.17g", b);
    m.c = 2.0;
    TG_CHECK(mxcts_error_bound(&m, 32, &acc, MXCTS_WIDE_F32, &b) == 0 &&
                 near(b, 2 * (g * 64 + 32 * eta) + ldexp(1, -18)),
             "c = 2: %.17g", b);
    m = model(MXCTS_ACCUM_EXACT);
    TG_CHECK(mxcts_error_bound(&m, 32, &acc, MXCTS_WIDE_F16, &b) == 0 && near(b, ldexp(1, -5)),
             "exact model -> f16 half ulp at 64: %.17g", b);
    /* cancellation: sum|t| drives the bound, not |sum| */
    mxcts_factor c3[3] = {F(0, 1, 24), F(0, 1, 0), F(1, 1, 24)};
    acc_terms(&acc, c3, 3);
    m = model(MXCTS_ACCUM_SEQUENTIAL);
    g = 3 * u / (1 - 3 * u);
    double S = ldexp(1, 25) + 1, acc_part = g * S + 3 * eta;
    /* half ulp of f32 at 1 + acc_part (~7) = 2^(2-24) */
    TG_CHECK(mxcts_error_bound(&m, 3, &acc, MXCTS_WIDE_F32, &b) == 0 &&
                 near(b, acc_part + ldexp(1, 2 - 24)),
             "cancellation bound %.17g", b);
    /* exact zero, exact model: bound 0 */
    mxcts_factor z2[2] = {F(0, 3, -7), F(1, 3, -7)};
    acc_terms(&acc, z2, 2);
    m = model(MXCTS_ACCUM_EXACT);
    TG_CHECK(mxcts_error_bound(&m, 2, &acc, MXCTS_WIDE_F32, &b) == 0 && b == 0.0, "zero bound");
    /* subnormal result: eta term and subnormal half ulp */
    mxcts_factor tiny[1] = {F(0, 1, -140)};
    acc_terms(&acc, tiny, 1);
    m = model(MXCTS_ACCUM_SEQUENTIAL);
    g = 1 * u / (1 - u);
    TG_CHECK(mxcts_error_bound(&m, 1, &acc, MXCTS_WIDE_F32, &b) == 0 &&
                 near(b, g * ldexp(1, -140) + eta + ldexp(1, -150)),
             "subnormal bound %.17g", b);
    /* huge K: n u >= 1 -> +Inf */
    m = model(MXCTS_ACCUM_SEQUENTIAL);
    acc_terms(&acc, t, 1);
    TG_CHECK(mxcts_error_bound(&m, (int64_t)1 << 24, &acc, MXCTS_WIDE_F32, &b) == 0 && isinf(b),
             "K = 2^24 in fp32: no bound");
    m.acc_type = MXCTS_WIDE_F64;
    TG_CHECK(mxcts_error_bound(&m, (int64_t)1 << 24, &acc, MXCTS_WIDE_F32, &b) == 0 &&
                 near(b, (ldexp(1, -29) / (1 - ldexp(1, -29))) * 2 + ldexp(1, -23) +
                             (double)(1 << 24) * ldexp(1, -1075)),
             "f64 accumulator: %.17g", b);
}

static mxcts_check check(mxcts_accum_model m, int64_t K, const mxcts_acc *acc, mxcts_wide t,
                         uint64_t kb)
{
    mxcts_check r;
    memset(&r, 0, sizeof r);
    if (mxcts_check_result(&m, K, acc, t, kb, &r) != MXCTS_OK)
        tg_fail("check_result status");
    return r;
}

static void test_verdicts(void)
{
    mxcts_acc acc;
    mxcts_check r;
    const double u = ldexp(1, -24);
    mxcts_factor one_eps[2] = {F(0, 1, 0), F(0, 1, -30)}; /* 1 + 2^-30 */
    acc_terms(&acc, one_eps, 2);
    mxcts_accum_model ex = model(MXCTS_ACCUM_EXACT), seq = model(MXCTS_ACCUM_SEQUENTIAL);
    r = check(ex, 2, &acc, MXCTS_WIDE_F32, 0x3F800000);
    TG_CHECK(r.pass && r.ulps == 0 && r.error == ldexp(1, -30) && r.expected_bits == 0x3F800000,
             "exact model, correctly rounded");
    r = check(ex, 2, &acc, MXCTS_WIDE_F32, 0x3F800001);
    TG_CHECK(!r.pass && r.ulps == 1, "exact model, 1 ulp off fails");
    r = check(seq, 2, &acc, MXCTS_WIDE_F32, 0x3F800001);
    double bound = (2 * u / (1 - 2 * u)) * (1 + ldexp(1, -30)) + 2 * ldexp(1, -150) + u;
    double err = ldexp(1, -23) - ldexp(1, -30);
    TG_CHECK(r.pass && r.ulps == 1 && r.error == err && near(r.bound, bound) &&
                 near(r.ratio, err / bound),
             "sequential K=2, 1 ulp: ratio %.17g", r.ratio);
    r = check(seq, 2, &acc, MXCTS_WIDE_F32, 0x3F800002);
    TG_CHECK(!r.pass && r.ulps == 2 && r.ratio > 1, "sequential K=2, 2 ulps fails");
    r = check(seq, 2, &acc, MXCTS_WIDE_F32, 0xBF800000);
    TG_CHECK(!r.pass && r.ratio > 1e6, "wrong sign fails");

    /* specials */
    mxcts_factor nan = {MXCTS_CLASS_NAN, 0, 0, 0}, inf = {MXCTS_CLASS_INF, 0, 0, 0};
    acc_terms(&acc, &nan, 1);
    r = check(seq, 1, &acc, MXCTS_WIDE_F32, 0xFFC00000);
    TG_CHECK(r.pass && r.ratio == 0 && r.ulps == 0, "NaN vs -NaN passes");
    r = check(seq, 1, &acc, MXCTS_WIDE_F32, 0);
    TG_CHECK(!r.pass && isinf(r.ratio) && isinf(r.ulps), "NaN vs 0 fails");
    acc_terms(&acc, &inf, 1);
    TG_CHECK(check(seq, 1, &acc, MXCTS_WIDE_BF16, 0x7F80).pass, "+Inf vs +Inf");
    TG_CHECK(!check(seq, 1, &acc, MXCTS_WIDE_BF16, 0xFF80).pass, "+Inf vs -Inf");
    TG_CHECK(!check(seq, 1, &acc, MXCTS_WIDE_BF16, 0x7F7F).pass, "+Inf vs max");
    TG_CHECK(!check(seq, 1, &acc, MXCTS_WIDE_BF16, 0x7FC0).pass, "+Inf vs NaN");
    /* finite exact, kernel NaN */
    acc_terms(&acc, one_eps, 2);
    TG_CHECK(!check(seq, 2, &acc, MXCTS_WIDE_F32, 0x7FC00000).pass, "finite vs NaN fails");

    /* overflow of the output */
    mxcts_factor big[1] = {F(0, 1, 128)};
    acc_terms(&acc, big, 1);
    r = check(ex, 1, &acc, MXCTS_WIDE_F32, 0x7F800000);
    TG_CHECK(r.pass && r.expected_bits == 0x7F800000, "2^128 -> Inf expected and given");
    TG_CHECK(!check(ex, 1, &acc, MXCTS_WIDE_F32, 0x7F7FFFFF).pass, "2^128 -> max fails (exact)");
    mxcts_factor fmax[2] = {F(0, 0xFFFFFF, 103), F(0, 0xFFFFFF, 103)}; /* FLT_MAX/2 twice */
    acc_terms(&acc, fmax, 2);
    TG_CHECK(check(seq, 2, &acc, MXCTS_WIDE_F32, 0x7F800000).pass,
             "FLT_MAX exact, fp32 accumulation may overflow");
    TG_CHECK(check(seq, 2, &acc, MXCTS_WIDE_F32, 0x7F7FFFFF).pass, "FLT_MAX exact given");
    TG_CHECK(!check(seq, 2, &acc, MXCTS_WIDE_F32, 0xFF800000).pass, "FLT_MAX vs -Inf");
    mxcts_factor e100[1] = {F(0, 1, 100)};
    acc_terms(&acc, e100, 1);
    TG_CHECK(!check(seq, 1, &acc, MXCTS_WIDE_F32, 0x7F800000).pass, "2^100 vs Inf fails");

    /* zeros */
    mxcts_factor z2[2] = {F(0, 3, -7), F(1, 3, -7)};
    acc_terms(&acc, z2, 2);
    r = check(ex, 2, &acc, MXCTS_WIDE_F16, 0x8000);
    TG_CHECK(r.pass && r.ulps == 0, "-0 for an exact zero passes");

    /* bf16 tie: both neighbours are within an fp32-accumulation bound */
    mxcts_factor tie[2] = {F(0, 1, 0), F(0, 1, -8)};
    acc_terms(&acc, tie, 2);
    r = check(ex, 2, &acc, MXCTS_WIDE_BF16, 0x3F81);
    TG_CHECK(!r.pass && r.ulps == 1 && r.expected_bits == 0x3F80, "bf16 tie, odd neighbour");
    TG_CHECK(check(seq, 2, &acc, MXCTS_WIDE_BF16, 0x3F81).pass, "bf16 tie, sequential");

    /* f64 kernel output far outside the register */
    acc_terms(&acc, one_eps, 2);
    r = check(seq, 2, &acc, MXCTS_WIDE_F64, 0x7E70000000000000ull /* 2^1000 */);
    TG_CHECK(!r.pass && r.error > 1e300, "f64 2^1000 fails");
}

/* The modelled fp32 kernel must lie inside the BLOCKED bound. */
static void test_model_within_bound(void)
{
    uint64_t rs = 77;
    const int64_t M = 4, N = 4, K = 1024, nb = K / 32;
    static const mxcts_format fm[3] = {MXCTS_E4M3, MXCTS_E5M2, MXCTS_E2M1};
    for (int f = 0; f < 3; f++) {
        uint8_t *a = malloc((size_t)(M * K)), *b = malloc((size_t)(N * K));
        uint8_t *sa = malloc((size_t)(M * nb)), *sb = malloc((size_t)(N * nb));
        unsigned mask = fm[f] == MXCTS_E2M1 ? 0xF : 0xFF;
        for (int64_t i = 0; i < M * K; i++) {
            do
                a[i] = (uint8_t)(tg_rand(&rs) & mask);
            while (mxcts_code_is_nan(fm[f], a[i]) || (fm[f] == MXCTS_E5M2 && (a[i] & 0x7F) == 0x7C));
        }
        for (int64_t i = 0; i < N * K; i++) {
            do
                b[i] = (uint8_t)(tg_rand(&rs) & mask);
            while (mxcts_code_is_nan(fm[f], b[i]) || (fm[f] == MXCTS_E5M2 && (b[i] & 0x7F) == 0x7C));
        }
        for (int64_t i = 0; i < M * nb; i++)
            sa[i] = (uint8_t)(100 + tg_rand(&rs) % 50);
        for (int64_t i = 0; i < N * nb; i++)
            sb[i] = (uint8_t)(100 + tg_rand(&rs) % 50);
        mxcts_operand A = mxcts_operand_mx(fm[f], a, K, sa, nb);
        mxcts_operand B = mxcts_operand_mx(fm[f], b, K, sb, nb);
        mxcts_acc acc[16];
        uint32_t c32[16];
        uint16_t c16[16];
        mxcts_fp32_model ex = {MXCTS_SCALE_EXACT, 0};
        TG_CHECK(mxcts_gemm_ref_acc(M, N, K, &A, &B, NULL, acc, N) == 0, "acc gemm");
        TG_CHECK(mxcts_gemm_model_fp32(M, N, K, &A, &B, NULL, &ex, MXCTS_WIDE_F32, c32, N) == 0,
                 "model f32");
        TG_CHECK(mxcts_gemm_model_fp32(M, N, K, &A, &B, NULL, &ex, MXCTS_WIDE_BF16, c16, N) == 0,
                 "model bf16");
        mxcts_accum_model bl = model(MXCTS_ACCUM_BLOCKED);
        bl.inner_exact = mxcts_mx_block_sum_exact(fm[f], fm[f]);
        double worst = 0;
        int inexact = 0;
        for (int e = 0; e < 16; e++) {
            mxcts_check r = check(bl, K, &acc[e], MXCTS_WIDE_F32, c32[e]);
            TG_CHECK(r.pass && r.ratio <= 1, "fmt %d elem %d: model outside bound, ratio %g", f,
                     e, r.ratio);
            if (r.ratio > worst)
                worst = r.ratio;
            inexact += r.ulps != 0;
            r = check(bl, K, &acc[e], MXCTS_WIDE_BF16, c16[e]);
            TG_CHECK(r.pass, "fmt %d elem %d: bf16 model outside bound", f, e);
            /* a corrupted result (exponent bit flipped) fails */
            r = check(bl, K, &acc[e], MXCTS_WIDE_F32, c32[e] ^ 0x00800000);
            TG_CHECK(!r.pass, "fmt %d elem %d: corrupted result passes", f, e);
        }
        printf("  %s: worst ratio %.3g, %d/16 not correctly rounded\n",
               f == 0 ? "e4m3" : f == 1 ? "e5m2" : "e2m1", worst, inexact);
        free(a);
        free(b);
        free(sa);
        free(sb);
    }
}

int main(void)
{
    test_keff();
    test_block_exact_table();
    test_bounds();
    test_verdicts();
    test_model_within_bound();
    return tg_finish("test_gemm_bound");
}
