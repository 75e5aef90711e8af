/* GEMM family of the kernel library (gemm_mx, gemv_mx, gemm_fp8,
 * moe_gemm_mx, linear_mxfp8) against the exact reference
 * (include/mxcts/gemm_ref.h) on one backend:
 *   test_gemm [--backend cpu|hip[:N]] [--only PART[,PART...]] [--big]
 *   PART: guards exact special shapes split large gemv moe fp8 bound linear
 * - exact by construction (small integers, power-of-two scales): bit-exact;
 * - random operands: inside the error bound of the path's declared
 *   accumulation (mxk_gemm_accum_get); the worst error / bound is printed;
 * - special values: scale 0x00 / 0xFE / 0xFF, NaN / Inf elements, overflow;
 * - shapes around tile sizes; MoE with 1..256 experts;
 * - guards: every guard class of every entry point, outputs untouched.
 * The operands live in the backend's memory (mxk_buffer_alloc), so the same
 * program checks the cpu backend in CI and the hip backend on a GPU. */
#include <math.h>
#include "kt_common.h"
#include "mxcts/gemm_ref.h"

static kt_state S;
static mxk_context *CTX;
static const char *BACKEND = "cpu";
static double WORST_RATIO, WORST_F32; /* all outputs / f32 outputs only */
static long BOUND_CHECKS, EXACT_CHECKS;

#define EXPECT(cond, ...)             \
    do {                              \
        S.checks++;                   \
        if (!(cond))                  \
            kt_fail(&S, __VA_ARGS__); \
    } while (0)

/* ---- backend memory ---- */
static void *dev_put(const void *h, size_t n)
{
    void *d = NULL;
    if (mxk_buffer_alloc(CTX, n ? n : 1, &d) != MXK_OK) {
        fprintf(stderr, "alloc %zu failed\n", n);
        exit(2);
    }
    if (h && n)
        mxk_copy_to_device(CTX, d, h, n);
    return d;
}
static void dev_get(void *h, const void *d, size_t n) { mxk_copy_to_host(CTX, h, d, n); }
static void dev_free(void *d) { mxk_buffer_free(CTX, d); }

static size_t out_size(mxk_dtype t) { return mxk_dtype_size(t); }
static mxcts_wide wide_of(mxk_dtype t)
{
    return t == MXK_F32 ? MXCTS_WIDE_F32 : t == MXK_BF16 ? MXCTS_WIDE_BF16 : MXCTS_WIDE_F16;
}
static uint64_t get_bits(const void *p, mxk_dtype t, int64_t i)
{
    return t == MXK_F32 ? ((const uint32_t *)p)[i] : ((const uint16_t *)p)[i];
}

/* ---- a host MX problem ---- */
typedef struct mxprob {
    int64_t M, N, K;
    mxk_dtype fa, fb;
    uint8_t *a, *as, *b, *bs; /* row-major, ld = K (codes), K/32 (scales) */
} mxprob;

static void prob_alloc(mxprob *p, int64_t M, int64_t N, int64_t K, mxk_dtype fa, mxk_dtype fb)
{
    p->M = M, p->N = N, p->K = K, p->fa = fa, p->fb = fb;
    p->a = calloc((size_t)(M * K), 1);
    p->b = calloc((size_t)(N * K), 1);
    p->as = calloc((size_t)(M * K / 32), 1);
    p->bs = calloc((size_t)(N * K / 32), 1);
}
static void prob_free(mxprob *p) { free(p->a), free(p->b), free(p->as), free(p->bs); }

/* code of a small integer v (|v| <= 8) in an OCP FP8 format */
static uint8_t code_of(mxk_dtype t, double v)
{
    mxcts_convert cv;
    mxcts_convert_init(&cv);
    uint8_t c = 0;
    mxcts_encode_f32(kt_rf(t), kt_f2u((float)v), &cv, &c, NULL);
    return c;
}

static int finite_code(mxk_dtype t, uint8_t c)
{
    double v;
    mxcts_decode_f64(kt_rf(t), c, &v);
    return isfinite(v);
}

static uint8_t rand_finite(mxk_dtype t, uint64_t *s)
{
    for (;;) {
        uint8_t c = (uint8_t)kt_rng(s);
        if (finite_code(t, c))
            return c;
    }
}

/* Run op on the backend; out: host buffer of M*N elements of `ot`.
 * which: 0 gemm_mx, 1 gemv_mx. Returns the status. */
static mxk_status run_mx(const mxprob *p, int which, mxk_dtype ot, const void *bias, mxk_dtype bt, void *out,
                         unsigned flags)
{
    const int64_t M = p->M, N = p->N, K = p->K;
    void *da = dev_put(p->a, M * K), *das = dev_put(p->as, M * K / 32), *db = dev_put(p->b, N * K),
         *dbs = dev_put(p->bs, N * K / 32);
    size_t osz = (size_t)(M * N) * out_size(ot);
    void *dc = dev_put(out, osz); /* the caller's sentinel content goes along */
    void *dbias = bias ? dev_put(bias, (size_t)N * out_size(bt)) : NULL;
    mxk_tensor A = mxk_tensor_2d(da, p->fa, M, K), AS = mxk_tensor_2d(das, MXK_E8M0, M, K / 32);
    mxk_tensor B = mxk_tensor_2d(db, p->fb, N, K), BS = mxk_tensor_2d(dbs, MXK_E8M0, N, K / 32);
    mxk_tensor C = mxk_tensor_2d(dc, ot, M, N), BI = mxk_tensor_2d(dbias, bt, 1, N);
    mxk_gemm_opts o = mxk_gemm_opts_default();
    o.bias = bias ? &BI : NULL;
    o.flags = flags;
    mxk_status st = which ? mxk_gemv_mx(CTX, NULL, &A, &AS, &B, &BS, &C, &o)
                          : mxk_gemm_mx(CTX, NULL, &A, &AS, &B, &BS, &C, &o);
    mxk_synchronize(CTX, NULL);
    dev_get(out, dc, osz);
    dev_free(da), dev_free(das), dev_free(db), dev_free(dbs), dev_free(dc);
    if (dbias)
        dev_free(dbias);
    return st;
}

/* Tolerance model of the path this backend takes for op / fmt / shape. */
static void model_for(mxk_op op, mxk_dtype fmt, int64_t M, int64_t N, int64_t K, mxcts_accum_model *m)
{
    mxk_gemm_accum ga;
    mxk_gemm_shape sh = {M, N, K, 0, 0};
    mxcts_accum_model_init(m, MXCTS_ACCUM_BLOCKED);
    m->block = 32;
    if (mxk_gemm_accum_get(CTX, op, fmt, &sh, &ga) != MXK_OK) {
        kt_fail(&S, "accum_get %s", mxk_op_name(op));
        return;
    }
    if (mxcts_accum_model_declare(m, K, ga.inner_bits, ga.extra_roundings) != MXCTS_OK)
        kt_fail(&S, "accum declare %s", mxk_op_name(op));
}

/* One output element against its exact value (+bias); counts and reports. */
static void judge_elem(const char *what, const mxprob *p, const mxcts_accum_model *m, mxk_dtype ot, const void *out,
                       int64_t i, const mxcts_acc *exact, int exact_required, long *bad)
{
    const int64_t M = p->M, N = p->N, K = p->K;
    mxcts_check ck;
    uint64_t bits = get_bits(out, ot, i);
    mxcts_check_result(m, K, exact, wide_of(ot), bits, &ck);
    /* exact: the once-rounded bits (NaN: class only, as mxcts_check_result does) */
    int exp_nan = ot == MXK_F32 ? kt_is_nan32((uint32_t)ck.expected_bits)
                : ot == MXK_BF16 ? (ck.expected_bits & 0x7FFF) > 0x7F80
                                 : (ck.expected_bits & 0x7FFF) > 0x7C00;
    int ok = exact_required ? (exp_nan ? ck.pass : bits == ck.expected_bits) : ck.pass;
    S.checks++;
    if (exact_required)
        EXACT_CHECKS++;
    else
        BOUND_CHECKS++;
    if (!exact_required && isfinite(ck.ratio) && ck.ratio > WORST_RATIO)
        WORST_RATIO = ck.ratio;
    if (!exact_required && ot == MXK_F32 && isfinite(ck.ratio) && ck.ratio > WORST_F32)
        WORST_F32 = ck.ratio;
    if (!ok && (*bad)++ < 3)
        kt_fail(&S, "%s %s M=%lld N=%lld K=%lld (%lld,%lld): got 0x%llx want 0x%llx err %.3g bound %.3g", what,
                mxk_dtype_name(ot), (long long)M, (long long)N, (long long)K, (long long)(i / N), (long long)(i % N),
                (unsigned long long)bits, (unsigned long long)ck.expected_bits, ck.error, ck.bound);
}

/* Judge out (M x N of type ot) against the exact reference of the MX problem
 * (+bias). exact_required: the bits must equal the once-rounded exact value. */
static void judge_mx(const char *what, const mxprob *p, mxk_op op, mxk_dtype ot, const void *out, const void *bias,
                     mxk_dtype bt, int exact_required)
{
    const int64_t M = p->M, N = p->N, K = p->K;
    mxcts_operand A = mxcts_operand_mx(kt_rf(p->fa), p->a, K, p->as, K / 32);
    mxcts_operand B = mxcts_operand_mx(kt_rf(p->fb), p->b, K, p->bs, K / 32);
    mxcts_bias bi = {wide_of(bt), bias};
    mxcts_acc *acc = malloc((size_t)(M * N) * sizeof *acc);
    if (mxcts_gemm_ref_acc(M, N, K, &A, &B, bias ? &bi : NULL, acc, N) != MXCTS_OK) {
        kt_fail(&S, "%s: reference failed", what);
        free(acc);
        return;
    }
    mxcts_accum_model m;
    model_for(op, p->fb, M, N, K, &m);
    long bad = 0;
    for (int64_t i = 0; i < M * N; i++)
        judge_elem(what, p, &m, ot, out, i, &acc[i], exact_required, &bad);
    free(acc);
}

/* The same verdict on `count` outputs only: the four corners, then seeded
 * random ones; each exact value from a 1 x 1 reference problem (row m of A,
 * row n of B, bias element n), so large M x N x K stay cheap to judge. */
static void judge_mx_sampled(const char *what, const mxprob *p, mxk_op op, mxk_dtype ot, const void *out,
                             const void *bias, mxk_dtype bt, int exact_required, int count, uint64_t seed)
{
    const int64_t M = p->M, N = p->N, K = p->K;
    mxcts_accum_model m;
    model_for(op, p->fb, M, N, K, &m);
    long bad = 0;
    uint64_t s = seed;
    for (int c = 0; c < count; c++) {
        const int64_t r = c < 4 ? (c & 1 ? M - 1 : 0) : (int64_t)(kt_rng(&s) % (uint64_t)M);
        const int64_t n = c < 4 ? (c & 2 ? N - 1 : 0) : (int64_t)(kt_rng(&s) % (uint64_t)N);
        mxcts_operand A = mxcts_operand_mx(kt_rf(p->fa), p->a + r * K, K, p->as + r * (K / 32), K / 32);
        mxcts_operand B = mxcts_operand_mx(kt_rf(p->fb), p->b + n * K, K, p->bs + n * (K / 32), K / 32);
        mxcts_bias bi = {wide_of(bt), bias ? (const char *)bias + n * (int64_t)out_size(bt) : NULL};
        mxcts_acc e;
        if (mxcts_gemm_ref_acc(1, 1, K, &A, &B, bias ? &bi : NULL, &e, 1) != MXCTS_OK) {
            kt_fail(&S, "%s: reference failed", what);
            return;
        }
        judge_elem(what, p, &m, ot, out, r * N + n, &e, exact_required, &bad);
    }
}

/* Exact-by-construction operands: integers |v| <= 4, scales 2^-2..2^2 (or
 * the given fixed codes), so every block sum and the total are exact in fp32. */
static void fill_exact(mxprob *p, uint64_t seed, int xa_fixed, int xb_fixed)
{
    uint64_t s = seed;
    const mxk_dtype ts[2] = {p->fa, p->fb};
    uint8_t *cs[2] = {p->a, p->b}, *ss[2] = {p->as, p->bs};
    const int64_t rows[2] = {p->M, p->N};
    const int fixed[2] = {xa_fixed, xb_fixed};
    for (int o = 0; o < 2; o++) {
        for (int64_t i = 0; i < rows[o] * p->K; i++)
            cs[o][i] = code_of(ts[o], (double)((int)(kt_rng(&s) % 9) - 4));
        for (int64_t i = 0; i < rows[o] * p->K / 32; i++)
            ss[o][i] = (uint8_t)(fixed[o] >= 0 ? fixed[o] : 125 + (int)(kt_rng(&s) % 5));
    }
}

static void fill_random(mxprob *p, uint64_t seed, int xlo, int xhi)
{
    uint64_t s = seed;
    for (int64_t i = 0; i < p->M * p->K; i++)
        p->a[i] = rand_finite(p->fa, &s);
    for (int64_t i = 0; i < p->N * p->K; i++)
        p->b[i] = rand_finite(p->fb, &s);
    for (int64_t i = 0; i < p->M * p->K / 32; i++)
        p->as[i] = (uint8_t)(xlo + (int)(kt_rng(&s) % (uint64_t)(xhi - xlo + 1)));
    for (int64_t i = 0; i < p->N * p->K / 32; i++)
        p->bs[i] = (uint8_t)(xlo + (int)(kt_rng(&s) % (uint64_t)(xhi - xlo + 1)));
}

/* gemv_mx with 16-byte aligned operand and scale rows (the domain of the
 * sm_90a TMA stream, mxk_gemv_tma.h): rows padded past K (codes by 32 bytes,
 * scales to the next multiple of 16) with NaN codes and NaN scales, so a read
 * past a row end shows; C dense. Returns the status. */
static mxk_status run_gemv_padded(const mxprob *p, mxk_dtype ot, const void *bias, mxk_dtype bt, void *out)
{
    const int64_t M = p->M, N = p->N, K = p->K, nb = K / 32;
    const int64_t ld = K + 32, ldx = (nb + 1 + 15) / 16 * 16;
    uint8_t *a = malloc((size_t)(M * ld)), *b = malloc((size_t)(N * ld));
    uint8_t *as = malloc((size_t)(M * ldx)), *bs = malloc((size_t)(N * ldx));
    memset(a, 0x7F, (size_t)(M * ld)), memset(b, 0x7F, (size_t)(N * ld)); /* NaN in e4m3 and e5m2 */
    memset(as, 0xFF, (size_t)(M * ldx)), memset(bs, 0xFF, (size_t)(N * ldx));
    for (int64_t r = 0; r < M; r++)
        memcpy(a + r * ld, p->a + r * K, (size_t)K), memcpy(as + r * ldx, p->as + r * nb, (size_t)nb);
    for (int64_t r = 0; r < N; r++)
        memcpy(b + r * ld, p->b + r * K, (size_t)K), memcpy(bs + r * ldx, p->bs + r * nb, (size_t)nb);
    void *da = dev_put(a, (size_t)(M * ld)), *db = dev_put(b, (size_t)(N * ld));
    void *das = dev_put(as, (size_t)(M * ldx)), *dbs = dev_put(bs, (size_t)(N * ldx));
    const size_t osz = (size_t)(M * N) * out_size(ot);
    void *dc = dev_put(out, osz);
    void *dbias = bias ? dev_put(bias, (size_t)N * out_size(bt)) : NULL;
    mxk_tensor A = {da, p->fa, M, K, ld}, B = {db, p->fb, N, K, ld};
    mxk_tensor AS = {das, MXK_E8M0, M, nb, ldx}, BS = {dbs, MXK_E8M0, N, nb, ldx};
    mxk_tensor C = mxk_tensor_2d(dc, ot, M, N), BI = mxk_tensor_2d(dbias, bt, 1, N);
    mxk_gemm_opts o = mxk_gemm_opts_default();
    o.bias = bias ? &BI : NULL;
    mxk_status st = mxk_gemv_mx(CTX, NULL, &A, &AS, &B, &BS, &C, &o);
    mxk_synchronize(CTX, NULL);
    dev_get(out, dc, osz);
    dev_free(da), dev_free(db), dev_free(das), dev_free(dbs), dev_free(dc);
    if (dbias)
        dev_free(dbias);
    free(a), free(b), free(as), free(bs);
    return st;
}

static const mxk_dtype OUTS[3] = {MXK_F32, MXK_BF16, MXK_F16};

/* Run one case and judge every output (samples 0) or that many sampled ones.
 * which: 0 gemm_mx, 1 gemv_mx, 2 gemv_mx on NaN-padded 16-byte rows. */
static void check_case_n(const char *what, mxprob *p, int which, mxk_dtype ot, int with_bias, int exact,
                         int samples)
{
    const int64_t N = p->N;
    void *out = malloc((size_t)(p->M * N) * 4);
    memset(out, 0x5A, (size_t)(p->M * N) * 4);
    uint16_t *bias16 = NULL;
    uint32_t *bias32 = NULL;
    const void *bias = NULL;
    mxk_dtype bt = MXK_F32;
    if (with_bias) {
        /* bias: small integers (exact), bf16 or f32 */
        if (with_bias == 2) {
            bias16 = malloc((size_t)N * 2);
            for (int64_t j = 0; j < N; j++)
                bias16[j] = kt_bf16_of((double)((int)(j % 7) - 3));
            bias = bias16, bt = MXK_BF16;
        } else {
            bias32 = malloc((size_t)N * 4);
            for (int64_t j = 0; j < N; j++)
                bias32[j] = kt_f2u((float)((int)(j % 5) - 2) * 0.5f);
            bias = bias32;
        }
    }
    if (getenv("TEST_GEMM_TRACE")) /* which case a hung kernel belongs to */
        fprintf(stderr, "%s: M=%lld N=%lld K=%lld\n", what, (long long)p->M, (long long)N, (long long)p->K);
    mxk_status st = which == 2 ? run_gemv_padded(p, ot, bias, bt, out) : run_mx(p, which, ot, bias, bt, out, 0);
    EXPECT(st == MXK_OK, "%s: status %s", what, mxk_status_string(st));
    const mxk_op op = which ? MXK_OP_GEMV_MX : MXK_OP_GEMM_MX;
    if (st == MXK_OK && samples)
        judge_mx_sampled(what, p, op, ot, out, bias, bt, exact, samples, (uint64_t)samples * 7919u + p->K);
    else if (st == MXK_OK)
        judge_mx(what, p, op, ot, out, bias, bt, exact);
    free(out), free(bias16), free(bias32);
}

static void check_case(const char *what, mxprob *p, int which, mxk_dtype ot, int with_bias, int exact)
{
    check_case_n(what, p, which, ot, with_bias, exact, 0);
}

/* ---------------------------------------------------------------- exact -- */
static void test_exact(void)
{
    const mxk_dtype F[2] = {MXK_E4M3, MXK_E5M2};
    int n = 0;
    for (int fa = 0; fa < 2; fa++)
        for (int fb = 0; fb < 2; fb++)
            for (int o = 0; o < 3; o++) {
                mxprob p;
                prob_alloc(&p, 19, 23, 160, F[fa], F[fb]);
                fill_exact(&p, 100 + (uint64_t)(fa * 6 + fb * 3 + o), -1, -1);
                check_case("exact", &p, 0, OUTS[o], o, 1);
                check_case("exact gemv", &p, 1, OUTS[o], o, 1);
                prob_free(&p);
                n += 2;
            }
    /* scale 0x00 (2^-127) against 0xFE (2^127): products of 1, still exact */
    mxprob p;
    prob_alloc(&p, 5, 7, 64, MXK_E4M3, MXK_E4M3);
    fill_exact(&p, 7, 0x00, 0xFE);
    check_case("scale 0x00 x 0xFE", &p, 0, MXK_F32, 0, 1);
    fill_exact(&p, 8, 0xFE, 0x00);
    check_case("scale 0xFE x 0x00", &p, 1, MXK_BF16, 0, 1);
    prob_free(&p);
    printf("exact by construction: %d cases x {e4m3,e5m2}^2 x {f32,bf16,f16} bit-exact (gemm_mx, gemv_mx; "
           "bias f32/bf16), scales 0x00 x 0xFE\n", n + 2);
}

/* ---------------------------------------------------------------- bound -- */
static void test_bound(int big)
{
    const mxk_dtype F[2] = {MXK_E4M3, MXK_E5M2};
    const int64_t Ks[4] = {32, 256, 1024, 4096};
    int n = 0;
    for (int k = 0; k < 4; k++)
        for (int f = 0; f < 4; f++) {
            mxprob p;
            int64_t M = k == 3 ? 3 : 17, N = k == 3 ? 5 : 33;
            if (big)
                M *= 2, N *= 2;
            prob_alloc(&p, M, N, Ks[k], F[f & 1], F[f >> 1]);
            /* wide scale spread: block sums of very different magnitudes */
            fill_random(&p, 1000 + (uint64_t)(k * 4 + f), 100, 150);
            check_case("random", &p, 0, OUTS[(k + f) % 3], f & 1, 0);
            check_case("random gemv", &p, 1, MXK_F32, 0, 0);
            prob_free(&p);
            n += 2;
        }
    printf("random operands: %d cases (K 32..4096, scales 2^-27..2^23): worst error/bound %.4f over %ld outputs\n",
           n, WORST_RATIO, BOUND_CHECKS);
}

/* -------------------------------------------------------------- special -- */
static void test_special(void)
{
    mxprob p;
    /* e5m2 with NaN, +Inf, -Inf, Inf*0 and a 0xFF scale */
    prob_alloc(&p, 6, 6, 64, MXK_E5M2, MXK_E5M2);
    fill_exact(&p, 11, -1, -1);
    p.a[0 * 64 + 3] = 0x7F;                          /* row 0: NaN element */
    p.a[1 * 64 + 40] = 0x7C;                         /* row 1: +Inf element (times finite B) */
    p.a[2 * 64 + 5] = 0x7C, p.a[2 * 64 + 6] = 0xFC;  /* row 2: +Inf and -Inf -> NaN where b != 0 */
    p.as[3 * 2 + 1] = 0xFF;                          /* row 3: NaN scale in block 1 */
    p.bs[4 * 2 + 0] = 0xFF;                          /* column 4: NaN scale */
    for (int64_t k = 0; k < 64; k++)                 /* column 5: B row all zero: Inf*0 = NaN in row 1 */
        p.b[5 * 64 + k] = 0x00;
    for (int o = 0; o < 3; o++) {
        check_case("special e5m2", &p, 0, OUTS[o], 0, 1);
        check_case("special e5m2 gemv", &p, 1, OUTS[o], 0, 1);
    }
    prob_free(&p);
    /* e4m3 NaN codes 0x7F / 0xFF */
    prob_alloc(&p, 3, 4, 32, MXK_E4M3, MXK_E4M3);
    fill_exact(&p, 12, -1, -1);
    p.b[1 * 32 + 9] = 0xFF;
    p.a[2 * 32 + 31] = 0x7F;
    check_case("special e4m3 NaN", &p, 0, MXK_F32, 0, 1);
    prob_free(&p);
    /* overflow: 448 * 448 * 2^127 * 2^127 -> Inf in f32; f16 / bf16 overflow */
    prob_alloc(&p, 2, 3, 32, MXK_E4M3, MXK_E4M3);
    memset(p.a, 0x7E, 64), memset(p.b, 0x7E, 96); /* 448 */
    p.a[32] = 0xFE;                               /* row 1 has one -448 */
    memset(p.as, 0xFE, 2), memset(p.bs, 0xFE, 3);
    check_case("overflow f32", &p, 0, MXK_F32, 0, 1);
    memset(p.as, 127 - 4, 2), memset(p.bs, 127, 3); /* 32 * 448^2 / 16 = 401408 > f16 max */
    check_case("overflow f16", &p, 0, MXK_F16, 0, 1);
    memset(p.as, 127 + 100, 2), memset(p.bs, 127 + 26, 3); /* ~2^131.6: > bf16 max, < f32 overflow? no: Inf */
    check_case("overflow bf16", &p, 0, MXK_BF16, 0, 1);
    memset(p.as, 127 + 100, 2), memset(p.bs, 127 + 8, 3); /* 2^125.6: finite in f32 and bf16 */
    check_case("large finite", &p, 0, MXK_BF16, 0, 1);
    prob_free(&p);
    /* tiny: 2^-127 * 2^-127 * 2^-9 * 2^-9: underflows f32 to 0 (exact rounding of a tiny value) */
    prob_alloc(&p, 2, 2, 32, MXK_E4M3, MXK_E4M3);
    memset(p.a, 0x01, 64), memset(p.b, 0x01, 64);
    memset(p.as, 0x00, 2), memset(p.bs, 0x00, 2);
    check_case("underflow", &p, 0, MXK_F32, 0, 1);
    memset(p.as, 0x00, 2), memset(p.bs, 127 + 100, 2); /* 32 * 2^-18 * 2^-27 = 2^-40: exact */
    check_case("scale 0x00 small", &p, 0, MXK_F32, 0, 1);
    prob_free(&p);
    printf("special values: NaN/Inf elements, Inf-Inf, Inf*0, scale 0xFF (A and B), scale 0x00, f32/f16/bf16 "
           "overflow, underflow: exact class and bits\n");
}

/* ---------------------------------------------------------------- split -- */
/* Few output tiles and a long K: the sm_90a path splits K over a cluster of
 * CTAs and adds the partial tiles in K order. Exact-by-construction cases
 * must stay bit-exact (a lost or doubled partial changes them), random ones
 * inside the bound, specials in one split must reach the total, and a total
 * that overflows only after the partials meet must be Inf. */
static void test_split(void)
{
    static const struct {
        int64_t M, N, K;
        mxk_dtype fa, fb, ot;
        int bias;
    } X[4] = {{64, 40, 4096, MXK_E4M3, MXK_E4M3, MXK_F32, 1},
              {129, 257, 4128, MXK_E5M2, MXK_E4M3, MXK_BF16, 2}, /* K % 128 = 32: a short last stage */
              {100, 130, 1056, MXK_E4M3, MXK_E5M2, MXK_F16, 0},
              {32, 300, 2048, MXK_E4M3, MXK_E4M3, MXK_F32, 1}}; /* gemm_mx's skinny row (M 17..32) */
    for (int i = 0; i < 4; i++) {
        mxprob p;
        prob_alloc(&p, X[i].M, X[i].N, X[i].K, X[i].fa, X[i].fb);
        fill_exact(&p, 1200 + (uint64_t)i, -1, -1);
        check_case("split exact", &p, 0, X[i].ot, X[i].bias, 1);
        prob_free(&p);
    }
    mxprob p;
    prob_alloc(&p, 48, 200, 8192, MXK_E4M3, MXK_E4M3);
    fill_random(&p, 1210, 100, 150);
    check_case("split random", &p, 0, MXK_F32, 1, 0);
    prob_free(&p);
    /* specials placed in the first and the last K slices */
    const int64_t K = 4096;
    prob_alloc(&p, 40, 24, K, MXK_E5M2, MXK_E5M2);
    fill_exact(&p, 1211, -1, -1);
    p.a[0 * K + 4000] = 0x7F;                        /* row 0: NaN in the last slice */
    p.a[1 * K + 10] = 0x7C, p.a[1 * K + 4090] = 0xFC; /* row 1: +Inf first, -Inf last */
    p.a[2 * K + 10] = 0x7C;                          /* row 2: +Inf (NaN where b = 0) */
    p.as[3 * (K / 32) + 100] = 0xFF;                 /* row 3: NaN scale, last slice */
    check_case("split special", &p, 0, MXK_F32, 0, 1);
    /* each slice's partial is finite (2^126), the total 2^129 is not */
    memset(p.a, 0x3C, (size_t)(p.M * K)), memset(p.b, 0x3C, (size_t)(p.N * K)); /* e5m2 1.0 */
    memset(p.as, 127 + 61, (size_t)(p.M * K / 32)), memset(p.bs, 127 + 56, (size_t)(p.N * K / 32));
    check_case("split overflow", &p, 0, MXK_F32, 0, 1);
    prob_free(&p);
    printf("split K: 4 exact shapes (M 32..129, K 1056..4128, f32/bf16/f16, bias) bit-exact, random 48x200x8192 in bound, "
           "NaN/Inf/NaN-scale in the first and last slices, overflow only in the total\n");
}

/* ---------------------------------------------------------------- large -- */
/* Output tiles enough to fill an H100 without splitting K (3 x 41 tiles of
 * 128 x 256: the domain of the opt-in sm_90a TMA kernel, MXCTS_GEMM_TMA),
 * every edge ragged (M, N one past a tile, K % 128 = 32) and K long enough
 * (10 stages of 128) to take a 4-slot stage ring around twice. Exact cases bit-exact with
 * scales inside and outside the fast window, random ones inside the bound;
 * 3000 outputs of each judged (corners included) against 1 x 1 references. */
/* Few 128 x 256 tiles (2 x 17) with a long, ragged K (33 stages of 128, the
 * last 32 deep): on an H100 the TMA kernel splits K over clusters of 3
 * (slices of 11 stages) and adds the partials in K order through
 * distributed shared memory. NaN scale in the middle slice, a 2^-127 block
 * in the last stage. */
static void test_large_split(void)
{
    const int64_t M = 129, N = 4097, K = 4128, nb = K / 32;
    mxprob p;
    prob_alloc(&p, M, N, K, MXK_E5M2, MXK_E4M3);
    fill_exact(&p, 1310, -1, -1);
    check_case_n("large split exact", &p, 0, MXK_F32, 1, 1, 3000);
    fill_exact(&p, 1311, 0x00, 0xFE);
    check_case_n("large split exact 0x00 x 0xFE", &p, 0, MXK_BF16, 2, 1, 3000);
    fill_random(&p, 1312, 60, 170);
    p.bs[(N - 1) * nb + 45] = 0xFF; /* the last column is NaN: set in slice 1 of 3 */
    p.as[(M - 1) * nb + nb - 1] = 0x00;
    check_case_n("large split random", &p, 0, MXK_F32, 0, 0, 3000);
    prob_free(&p);
    printf("large split: %lldx%lldx%lld (few tiles, long ragged K): exact bit-exact, random in bound\n",
           (long long)M, (long long)N, (long long)K);
}

static void test_large(void)
{
    const int64_t M = 257, N = 10241, K = 1184;
    mxprob p;
    prob_alloc(&p, M, N, K, MXK_E4M3, MXK_E5M2);
    fill_exact(&p, 1300, -1, -1);
    check_case_n("large exact", &p, 0, MXK_BF16, 2, 1, 3000);
    fill_exact(&p, 1301, 0x00, 0xFE); /* outside the window: the exact per-element rule */
    check_case_n("large exact 0x00 x 0xFE", &p, 0, MXK_F32, 1, 1, 3000);
    fill_random(&p, 1302, 110, 140);
    check_case_n("large random", &p, 0, MXK_F32, 0, 0, 3000);
    fill_random(&p, 1303, 60, 170); /* below the window, no fp32 overflow on the way */
    p.bs[(N - 1) * (K / 32) + 20] = 0xFF; /* NaN scale: the last column is NaN (corners are always judged) */
    p.as[(M - 1) * (K / 32) + 36] = 0x00; /* a 2^-127 block of the last row, in the last stage */
    check_case_n("large random wide", &p, 0, MXK_F16, 0, 0, 3000);
    prob_free(&p);
    printf("large: %lldx%lldx%lld, ragged edges, 10 K stages: exact (window and 0x00 x 0xFE scales) bit-exact, "
           "random in bound (3000 sampled outputs each)\n", (long long)M, (long long)N, (long long)K);
    test_large_split();
}

/* ----------------------------------------------------------------- gemv -- */
/* Token counts 1..32 (17..32: gemm_mx's skinny row, same kernels) over ragged 64-row tiles and 512-byte K stages (K % 512
 * = 160: a short last stage), K split over clusters of 1..8 CTAs, more tiles
 * than SMs, specials in the first and last stages, an fp32 overflow only in
 * the total; the weight and scale rows are padded with NaNs. */
static void test_gemv(void)
{
    static const int64_t Ms[10] = {1, 2, 3, 8, 9, 13, 16, 17, 24, 32}, Ns[3] = {1, 65, 200};
    int n = 0;
    for (int i = 0; i < 10; i++)
        for (int j = 0; j < 3; j++) {
            mxprob p;
            prob_alloc(&p, Ms[i], Ns[j], 1184, (i & 1) ? MXK_E5M2 : MXK_E4M3, (j & 1) ? MXK_E5M2 : MXK_E4M3);
            fill_exact(&p, 1400 + (uint64_t)(i * 3 + j), -1, -1);
            check_case_n("gemv exact", &p, 2, (i + j) % 3 == 2 ? MXK_BF16 : MXK_F32, (i + j) & 1, 1, 0);
            prob_free(&p), n++;
        }
    /* long K: 16 stages over clusters of 8 (N 64, 520), 2 waves of tiles (N 9000); on an H100 the
     * TMA GEMV's 64-row tiles (N 2304, K 6144) and 48-row ones (the others), one token on gemv1's
     * CTAs of 8 warps (N 8192: one even wave) and of 4 (N 6144) */
    static const int64_t L[7][3] = {{4, 64, 8192},   {16, 520, 8192},  {5, 9000, 1024}, {32, 300, 4096},
                                    {4, 2304, 6144}, {1, 8192, 1184}, {1, 6144, 1536}};
    for (int i = 0; i < 7; i++) {
        mxprob p;
        prob_alloc(&p, L[i][0], L[i][1], L[i][2], MXK_E4M3, MXK_E4M3);
        fill_exact(&p, 1420 + (uint64_t)i, -1, -1);
        check_case_n("gemv exact long", &p, 2, MXK_F32, 1, 1, L[i][1] > 1000 ? 3000 : 0);
        fill_exact(&p, 1425 + (uint64_t)i, 0x00, 0xFE); /* every block outside the fast window */
        check_case_n("gemv exact 0x00 x 0xFE", &p, 2, MXK_BF16, 0, 1, L[i][1] > 1000 ? 3000 : 0);
        fill_random(&p, 1430 + (uint64_t)i, 100, 150);
        check_case_n("gemv random", &p, 2, MXK_F32, 0, 0, L[i][1] > 1000 ? 3000 : 0);
        prob_free(&p);
    }
    mxprob p;
    prob_alloc(&p, 1, 130, 2080, MXK_E4M3, MXK_E5M2);
    fill_random(&p, 1440, 60, 170); /* M = 1, scales outside the fast window too */
    check_case_n("gemv random M=1", &p, 2, MXK_F32, 1, 0, 0);
    prob_free(&p);
    /* specials in the first and last K stages (split over a cluster of 8) */
    const int64_t K = 4096, nb = K / 32;
    prob_alloc(&p, 6, 70, K, MXK_E5M2, MXK_E4M3);
    fill_exact(&p, 1441, -1, -1);
    p.a[0 * K + 4000] = 0x7F;                        /* token 0: NaN in the last stage */
    p.a[1 * K + 10] = 0x7C, p.a[1 * K + 4090] = 0xFC; /* token 1: +Inf first, -Inf last */
    p.a[2 * K + 10] = 0x7C;                          /* token 2: +Inf (NaN where the weight is 0) */
    p.as[3 * nb + 100] = 0xFF;                       /* token 3: NaN scale */
    /* weight rows 5, 6: a zero block under scale 0x00 / 0xFE (the slow scaling path, still exact) */
    p.bs[5 * nb + 3] = 0x00, p.bs[6 * nb + 120] = 0xFE;
    memset(p.b + 5 * K + 3 * 32, 0, 32), memset(p.b + 6 * K + 120 * 32, 0, 32);
    p.b[69 * K + 4095] = 0xFE;                       /* the last weight row: -448 at the last element */
    check_case_n("gemv special", &p, 2, MXK_F32, 0, 1, 0);
    /* each slice's partial is finite (2^126), the total 2^129 is not */
    memset(p.a, 0x3C, (size_t)(p.M * K)), memset(p.b, 0x38, (size_t)(p.N * K)); /* e5m2 1.0, e4m3 1.0 */
    memset(p.as, 127 + 61, (size_t)(p.M * nb)), memset(p.bs, 127 + 56, (size_t)(p.N * nb));
    check_case_n("gemv overflow", &p, 2, MXK_F32, 0, 1, 0);
    prob_free(&p);
    printf("gemv (16-byte aligned rows, NaN-padded): %d exact M 1..32 x N {1,65,200} x K 1184 bit-exact, "
           "long K (clusters of 8, 2 waves) exact and random in bound, specials, overflow only in the total\n", n);
}

/* --------------------------------------------------------------- shapes -- */
static void test_shapes(int big)
{
    const int64_t sz[8] = {1, 2, 15, 16, 17, 127, 128, 129};
    int n = 0;
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) {
            if (!big && (i + j) % 3) /* quick: a third of the grid, every size appears */
                continue;
            mxprob p;
            prob_alloc(&p, sz[i], sz[j], 64 + 32 * ((i + j) % 3), (i & 1) ? MXK_E5M2 : MXK_E4M3,
                       (j & 1) ? MXK_E5M2 : MXK_E4M3);
            fill_exact(&p, 500 + (uint64_t)(i * 8 + j), -1, -1);
            check_case("shape", &p, 0, MXK_F32, (i + j) & 1, 1);
            if (sz[i] <= 17)
                check_case("shape gemv", &p, 1, MXK_BF16, 0, 1);
            prob_free(&p);
            n++;
        }
    /* leading dimensions larger than the rows: strided views, untouched gaps */
    {
        const int64_t M = 17, N = 9, K = 64, lda = 100, ldb = 80, ldc = 13;
        mxprob p;
        prob_alloc(&p, M, N, K, MXK_E4M3, MXK_E5M2);
        fill_exact(&p, 77, -1, -1);
        uint8_t *a = malloc(M * lda), *b = malloc(N * ldb), *as = malloc(M * 3), *bs = malloc(N * 4);
        memset(a, 0x7F, M * lda), memset(b, 0x7F, N * ldb), memset(as, 0xFF, M * 3), memset(bs, 0xFF, N * 4);
        for (int64_t r = 0; r < M; r++)
            memcpy(a + r * lda, p.a + r * K, K), memcpy(as + r * 3, p.as + r * 2, 2);
        for (int64_t r = 0; r < N; r++)
            memcpy(b + r * ldb, p.b + r * K, K), memcpy(bs + r * 4, p.bs + r * 2, 2);
        uint32_t *c = malloc(M * ldc * 4);
        memset(c, 0x5A, M * ldc * 4);
        void *da = dev_put(a, M * lda), *db = dev_put(b, N * ldb), *das = dev_put(as, M * 3),
             *dbs = dev_put(bs, N * 4), *dc = dev_put(c, M * ldc * 4);
        mxk_tensor A = {da, MXK_E4M3, M, K, lda}, B = {db, MXK_E5M2, N, K, ldb};
        mxk_tensor AS = {das, MXK_E8M0, M, 2, 3}, BS = {dbs, MXK_E8M0, N, 2, 4}, C = {dc, MXK_F32, M, N, ldc};
        for (int w = 0; w < 2; w++) {
            mxk_status st = w ? mxk_gemv_mx(CTX, NULL, &A, &AS, &B, &BS, &C, NULL)
                              : mxk_gemm_mx(CTX, NULL, &A, &AS, &B, &BS, &C, NULL);
            EXPECT(st == MXK_OK, "ld case status %d", st);
            mxk_synchronize(CTX, NULL);
            dev_get(c, dc, M * ldc * 4);
            uint32_t *dense = malloc(M * N * 4);
            int gaps_ok = 1;
            for (int64_t r = 0; r < M; r++) {
                memcpy(dense + r * N, c + r * ldc, N * 4);
                for (int64_t j = N; j < ldc && r * ldc + j < M * ldc; j++)
                    gaps_ok &= c[r * ldc + j] == 0x5A5A5A5Au;
            }
            EXPECT(gaps_ok, "ld case: gap between rows of C written");
            judge_mx("leading dims", &p, MXK_OP_GEMM_MX, MXK_F32, dense, NULL, MXK_F32, 1);
            free(dense);
        }
        dev_free(da), dev_free(db), dev_free(das), dev_free(dbs), dev_free(dc);
        free(a), free(b), free(as), free(bs), free(c);
        prob_free(&p);
    }
    /* gemv over M = 1..16 and 17 (routed to gemm_mx): equal to gemm_mx bit for bit on the cpu,
       exact by construction everywhere */
    for (int64_t M = 1; M <= 17; M++) {
        mxprob p;
        prob_alloc(&p, M, 40, 96, MXK_E4M3, MXK_E4M3);
        fill_exact(&p, 900 + (uint64_t)M, -1, -1);
        check_case("gemv M", &p, 1, MXK_F32, 0, 1);
        prob_free(&p);
    }
    printf("shapes: %d (M,N) pairs from {1,2,15,16,17,127,128,129}%s, strided lda/ldb/ldc, gemv M=1..17: "
           "bit-exact\n", n, big ? "" : " (a third of the grid; --big: all)");
}

/* ------------------------------------------------------------------ moe -- */
/* vLLM moe_align_block_size: sort (token, k) pairs by expert, pad every
 * expert's group to block_m with the pad id, one expert id per tile. */
static void moe_case(int64_t T, int top_k, int64_t E, int bm, int64_t N, int64_t K, uint64_t seed, int weights,
                     mxk_dtype ot, int with_bias)
{
    uint64_t s = seed;
    const int64_t pad = T * top_k;
    int32_t *eid = malloc((size_t)pad * 4);
    for (int64_t i = 0; i < pad; i++)
        eid[i] = (int32_t)(kt_rng(&s) % (uint64_t)E);
    int64_t cap = pad + (E + 1) * bm;
    int32_t *sorted = malloc((size_t)cap * 4), *tiles = malloc((size_t)(cap / bm + 1) * 4);
    int64_t ns = 0, nt = 0;
    for (int64_t e = 0; e < E; e++) {
        int64_t start = ns;
        for (int64_t i = 0; i < pad; i++)
            if (eid[i] == e)
                sorted[ns++] = (int32_t)i;
        if (ns == start)
            continue;
        while ((ns - start) % bm)
            sorted[ns++] = (int32_t)pad;
        for (int64_t t = start / bm; t < ns / bm; t++)
            tiles[nt++] = (int32_t)e;
    }
    /* one skipped tile (expert -1) at the end, beyond the valid count: never read */
    for (int i = 0; i < bm; i++)
        sorted[ns + i] = (int32_t)pad;
    tiles[nt] = -1;
    int64_t num_slots = ns + bm, num_valid = ns;
    /* operands: exact by construction; routing weights powers of two */
    mxprob p;
    prob_alloc(&p, T, E * N, K, (seed & 1) ? MXK_E5M2 : MXK_E4M3, MXK_E4M3);
    fill_exact(&p, seed * 7, -1, -1);
    float *w = malloc((size_t)pad * 4);
    for (int64_t i = 0; i < pad; i++)
        w[i] = weights ? ldexpf(1.0f, (int)(kt_rng(&s) % 3) - 1) : 1.0f;
    size_t osz = (size_t)(pad * N) * mxk_dtype_size(ot);
    uint8_t *out = malloc(osz);
    memset(out, 0x5A, osz);
    void *da = dev_put(p.a, T * K), *das = dev_put(p.as, T * K / 32), *db = dev_put(p.b, E * N * K),
         *dbs = dev_put(p.bs, E * N * K / 32), *dc = dev_put(out, osz), *dsorted = dev_put(sorted, num_slots * 4),
         *dtiles = dev_put(tiles, (num_slots / bm) * 4), *dw = dev_put(w, pad * 4);
    mxk_tensor A = mxk_tensor_2d(da, p.fa, T, K), AS = mxk_tensor_2d(das, MXK_E8M0, T, K / 32);
    mxk_tensor B = mxk_tensor_2d(db, p.fb, E * N, K), BS = mxk_tensor_2d(dbs, MXK_E8M0, E * N, K / 32);
    mxk_tensor C = mxk_tensor_2d(dc, ot, pad, N);
    mxk_moe_routing r = {dsorted, dtiles, weights ? dw : NULL, num_slots, num_valid, bm, top_k, E};
    /* bias: small integers (f32), so weight x dot + bias is exact before the one rounding */
    float *bias = malloc((size_t)N * 4);
    for (int64_t j = 0; j < N; j++)
        bias[j] = (float)(j % 7) - 3.0f;
    void *dbias = dev_put(bias, N * 4);
    mxk_tensor BI = mxk_tensor_2d(dbias, MXK_F32, 1, N);
    mxk_gemm_opts o = mxk_gemm_opts_default();
    o.bias = with_bias ? &BI : NULL;
    mxk_status st = mxk_moe_gemm_mx(CTX, NULL, &A, &AS, &B, &BS, &r, &C, &o);
    mxk_synchronize(CTX, NULL);
    EXPECT(st == MXK_OK, "moe status %s", mxk_status_string(st));
    dev_get(out, dc, osz);
    /* oracle per id: exact dot (small integers), weight, one rounding */
    long bad = 0;
    for (int64_t id = 0; id < pad; id++) {
        int64_t t = id / top_k, e = eid[id];
        for (int64_t j = 0; j < N; j++) {
            double acc = 0;
            for (int64_t k = 0; k < K; k++) {
                double va, vb;
                mxcts_decode_f64(kt_rf(p.fa), p.a[t * K + k], &va);
                mxcts_decode_f64(kt_rf(p.fb), p.b[(e * N + j) * K + k], &vb);
                acc += va * ldexp(1.0, p.as[t * K / 32 + k / 32] - 127) * vb *
                       ldexp(1.0, p.bs[(e * N + j) * K / 32 + k / 32] - 127);
            }
            acc = acc * w[id] + (with_bias ? bias[j] : 0.0);
            uint64_t want = ot == MXK_F32 ? kt_f2u((float)acc) : kt_bf16_of(acc);
            uint64_t got = get_bits(out, ot, id * N + j);
            S.checks++;
            EXACT_CHECKS++;
            if (got != want && bad++ < 3)
                kt_fail(&S, "moe T=%lld top_k=%d E=%lld bm=%d id=%lld j=%lld: got 0x%llx want 0x%llx", (long long)T,
                        top_k, (long long)E, bm, (long long)id, (long long)j, (unsigned long long)got,
                        (unsigned long long)want);
        }
    }
    dev_free(da), dev_free(das), dev_free(db), dev_free(dbs), dev_free(dc), dev_free(dsorted), dev_free(dtiles),
        dev_free(dw), dev_free(dbias);
    free(eid), free(sorted), free(tiles), free(w), free(out), free(bias);
    prob_free(&p);
}

static void test_moe(int big)
{
    const int64_t Es[6] = {1, 2, 8, 33, 128, 256};
    int n = 0;
    for (int i = 0; i < 6; i++) {
        int64_t E = Es[i];
        int top_k = 1 + i % 4, bm = (int[]){16, 1, 64, 32, 4, 128}[i];
        int64_t T = big ? 97 : 23 + 5 * i;
        moe_case(T, top_k, E, bm, i == 5 ? 8 : 20, i % 2 ? 64 : 96, 3000 + (uint64_t)i, i % 2, i % 3 ? MXK_F32 : MXK_BF16,
                 i == 1 || i == 4);
        n++;
    }
    /* decode: every expert with at most two routed rows (the sm_90 single-launch
     * form where it is built; N off the 4-row groups, K below and above the
     * 64 blocks that split a row group over warps) */
    moe_case(1, 8, 64, 16, 22, 96, 3100, 1, MXK_F32, 1);
    moe_case(2, 2, 2, 4, 20, 64, 3101, 0, MXK_F32, 0);
    moe_case(1, 4, 64, 8, 30, 4096, 3102, 1, MXK_BF16, 1);
    moe_case(3, 2, 256, 1, 9, 2048, 3103, 1, MXK_F32, 0);
    printf("moe_gemm_mx: %d routings (experts 1..256, top_k 1..4, block_m 1..128, routing weights, padded "
           "tiles, a skipped tile, bias) + 4 decode routings (T 1..3, top_k 2..8, at most two rows an expert): "
           "bit-exact\n", n);
}

/* ------------------------------------------------------------------ fp8 -- */
static void fp8_case(mxk_dtype ta, mxk_dtype tb, int64_t M, int64_t N, int64_t K, float sa, float sb, int exact,
                     mxk_dtype ot, uint64_t seed)
{
    uint64_t s = seed;
    size_t asz = mxk_dtype_size(ta);
    uint8_t *a = malloc((size_t)(M * K) * asz), *b = malloc((size_t)(N * K));
    for (int64_t i = 0; i < M * K; i++) {
        if (ta == MXK_BF16 || ta == MXK_F16) {
            float v = exact ? (float)((int)(kt_rng(&s) % 9) - 4)
                            : (float)ldexp((double)((int64_t)(kt_rng(&s) % 2001) - 1000), -(int)(kt_rng(&s) % 12));
            uint16_t h = ta == MXK_BF16 ? kt_bf16_of(v) : 0;
            if (ta == MXK_F16) {
                mxcts_convert cv;
                mxcts_convert_init(&cv);
                uint64_t hb;
                mxcts_factor f;
                mxcts_factor_from_bits(MXCTS_WIDE_F32, kt_f2u(v), &f);
                mxcts_factor_round(&f, MXCTS_WIDE_F16, MXCTS_ROUND_RNE, &hb, NULL);
                h = (uint16_t)hb;
            }
            ((uint16_t *)a)[i] = h;
        } else {
            a[i] = exact ? code_of(ta == MXK_E4M3FNUZ ? MXK_E4M3 : ta == MXK_E5M2FNUZ ? MXK_E5M2 : ta,
                                   (double)((int)(kt_rng(&s) % 9) - 4))
                         : rand_finite(ta, &s);
            if (exact && (ta == MXK_E4M3FNUZ || ta == MXK_E5M2FNUZ)) /* same magnitude codes: values halve */
                a[i] = a[i] == 0x80 ? 0 : a[i];
        }
    }
    for (int64_t i = 0; i < N * K; i++) {
        b[i] = exact ? code_of(tb == MXK_E4M3FNUZ ? MXK_E4M3 : tb == MXK_E5M2FNUZ ? MXK_E5M2 : tb,
                               (double)((int)(kt_rng(&s) % 9) - 4))
                     : rand_finite(tb, &s);
        if (exact && (tb == MXK_E4M3FNUZ || tb == MXK_E5M2FNUZ))
            b[i] = b[i] == 0x80 ? 0 : b[i];
    }
    size_t osz = (size_t)(M * N) * mxk_dtype_size(ot);
    void *out = malloc(osz);
    void *da = dev_put(a, (size_t)(M * K) * asz), *db = dev_put(b, (size_t)(N * K)), *dc = dev_put(NULL, osz);
    mxk_tensor A = mxk_tensor_2d(da, ta, M, K), B = mxk_tensor_2d(db, tb, N, K), C = mxk_tensor_2d(dc, ot, M, N);
    mxk_status st = mxk_gemm_fp8(CTX, NULL, &A, sa, &B, sb, &C, NULL);
    mxk_synchronize(CTX, NULL);
    EXPECT(st == MXK_OK, "gemm_fp8 status %s", mxk_status_string(st));
    dev_get(out, dc, osz);
    mxcts_operand RA = (ta == MXK_BF16 || ta == MXK_F16)
                           ? mxcts_operand_wide(ta == MXK_BF16 ? MXCTS_WIDE_BF16 : MXCTS_WIDE_F16, a, K)
                           : mxcts_operand_scaled(kt_rf(ta), a, K, sa);
    mxcts_operand RB = mxcts_operand_scaled(kt_rf(tb), b, K, sb);
    if (ta == MXK_BF16 || ta == MXK_F16) /* wide activations carry a_scale through B's scale */
        RB = mxcts_operand_scaled(kt_rf(tb), b, K, sa * sb);
    mxcts_acc *acc = malloc((size_t)(M * N) * sizeof *acc);
    mxcts_gemm_ref_acc(M, N, K, &RA, &RB, NULL, acc, N);
    mxcts_accum_model m;
    model_for(MXK_OP_GEMM_FP8, tb, M, N, K, &m);
    long bad = 0;
    for (int64_t i = 0; i < M * N; i++) {
        mxcts_check ck;
        uint64_t bits = get_bits(out, ot, i);
        mxcts_check_result(&m, K, &acc[i], wide_of(ot), bits, &ck);
        int ok = exact ? bits == ck.expected_bits : ck.pass;
        S.checks++;
        if (exact)
            EXACT_CHECKS++;
        else {
            BOUND_CHECKS++;
            if (isfinite(ck.ratio) && ck.ratio > WORST_RATIO)
                WORST_RATIO = ck.ratio;
            if (ot == MXK_F32 && isfinite(ck.ratio) && ck.ratio > WORST_F32)
                WORST_F32 = ck.ratio;
        }
        if (!ok && bad++ < 3)
            kt_fail(&S, "gemm_fp8 %s x %s -> %s M=%lld N=%lld K=%lld i=%lld: got 0x%llx want 0x%llx err %.3g bound %.3g",
                    mxk_dtype_name(ta), mxk_dtype_name(tb), mxk_dtype_name(ot), (long long)M, (long long)N,
                    (long long)K, (long long)i, (unsigned long long)bits, (unsigned long long)ck.expected_bits,
                    ck.error, ck.bound);
    }
    dev_free(da), dev_free(db), dev_free(dc);
    free(a), free(b), free(out), free(acc);
}

static void test_fp8(void)
{
    const mxk_dtype W[4] = {MXK_E4M3, MXK_E5M2, MXK_E4M3FNUZ, MXK_E5M2FNUZ};
    const mxk_dtype Act[6] = {MXK_BF16, MXK_F16, MXK_E4M3, MXK_E5M2, MXK_E4M3FNUZ, MXK_E5M2FNUZ};
    int n = 0;
    for (int w = 0; w < 4; w++)
        for (int a = 0; a < 6; a++) {
            /* exact: power-of-two scales, K not a multiple of 32 */
            fp8_case(Act[a], W[w], 7, 9, 45 + 32 * (a % 2), 0.5f, 4.0f, 1, OUTS[(w + a) % 3], 40 + (uint64_t)(w * 6 + a));
            /* random: non power-of-two scales */
            fp8_case(Act[a], W[w], 5, 6, 200 + 3 * a, 0.37f, 1.91f, 0, MXK_F32, 80 + (uint64_t)(w * 6 + a));
            n += 2;
        }
    printf("gemm_fp8: %d cases ({bf16,f16,4 FP8} x {e4m3,e5m2,e4m3fnuz,e5m2fnuz}, K %% 32 != 0): exact ones "
           "bit-exact, random ones inside the bound (worst so far %.4f)\n", n, WORST_RATIO);
}

/* --------------------------------------------------------------- linear -- */
static void test_linear(void)
{
    const int64_t M = 9, N = 21, K = 192;
    uint64_t s = 9;
    uint16_t *x = malloc(M * K * 2);
    for (int64_t i = 0; i < M * K; i++)
        x[i] = kt_bf16_of(ldexp((double)((int)(kt_rng(&s) % 255) - 127), -(int)(kt_rng(&s) % 9)));
    x[5] = 0x7FC0; /* one NaN: its block scale is 0xFF, the row becomes NaN */
    mxprob p;
    prob_alloc(&p, M, N, K, MXK_E4M3, MXK_E4M3);
    fill_random(&p, 31, 120, 134);
    uint32_t *out = malloc(M * N * 4), *out2 = malloc(M * N * 4);
    void *dx = dev_put(x, M * K * 2), *dw = dev_put(p.b, N * K), *dws = dev_put(p.bs, N * K / 32),
         *dc = dev_put(NULL, M * N * 4), *dq = dev_put(NULL, M * K), *dqs = dev_put(NULL, M * K / 32);
    mxk_tensor X = mxk_tensor_2d(dx, MXK_BF16, M, K), W = mxk_tensor_2d(dw, MXK_E4M3, N, K),
               WS = mxk_tensor_2d(dws, MXK_E8M0, N, K / 32), C = mxk_tensor_2d(dc, MXK_F32, M, N);
    for (int mode = 0; mode < MXK_SCALE_MODE_COUNT; mode++) {
        mxk_linear_opts lo = mxk_linear_opts_default();
        lo.act_scale_mode = (mxk_scale_mode)mode;
        EXPECT(mxk_linear_mxfp8(CTX, NULL, &X, &W, &WS, &C, &lo, NULL) == MXK_OK, "linear status");
        mxk_synchronize(CTX, NULL);
        dev_get(out, dc, M * N * 4);
        /* the same answer as quantise + gemm_mx on this backend */
        mxk_mx_opts mo = mxk_mx_opts_ocp();
        mo.scale_mode = (mxk_scale_mode)mode;
        mxk_tensor Q = mxk_tensor_2d(dq, MXK_E4M3, M, K), QS = mxk_tensor_2d(dqs, MXK_E8M0, M, K / 32);
        EXPECT(mxk_mx_quantize(CTX, NULL, &X, &Q, &QS, &mo) == MXK_OK, "quantize");
        EXPECT(mxk_gemm_mx(CTX, NULL, &Q, &QS, &W, &WS, &C, NULL) == MXK_OK, "gemm");
        mxk_synchronize(CTX, NULL);
        dev_get(out2, dc, M * N * 4);
        dev_get(p.a, dq, M * K);
        dev_get(p.as, dqs, M * K / 32);
        judge_mx("linear", &p, MXK_OP_LINEAR_MXFP8, MXK_F32, out, NULL, MXK_F32, 0);
        if (!strcmp(BACKEND, "cpu")) {
            long same = 0;
            for (int64_t i = 0; i < M * N; i++)
                same += kt_same32(out[i], out2[i]);
            EXPECT(same == M * N, "linear != quantize + gemm_mx (%ld of %lld)", same, (long long)(M * N));
        }
        int nan_row = 1;
        for (int64_t j = 0; j < N; j++)
            nan_row &= kt_is_nan32(out[j]);
        EXPECT(nan_row, "linear: a NaN activation makes its row NaN");
    }
    dev_free(dx), dev_free(dw), dev_free(dws), dev_free(dc), dev_free(dq), dev_free(dqs);
    free(x), free(out), free(out2);
    prob_free(&p);
    printf("linear_mxfp8: bf16 activations, 4 scale modes: inside the bound, equal to mx_quantize + gemm_mx, "
           "NaN row\n");
}

/* --------------------------------------------------------------- guards -- */
static kt_guards G;
static uint8_t *GOUT;   /* host mirror of the guarded output */
static void *DOUT;      /* backend output buffer */
#define GOUT_BYTES 4096

static void g_reset(void)
{
    memset(GOUT, 0x5A, GOUT_BYTES);
    mxk_copy_to_device(CTX, DOUT, GOUT, GOUT_BYTES);
}

static void guard(const char *what, mxk_status got, mxk_status want)
{
    mxk_synchronize(CTX, NULL);
    mxk_copy_to_host(CTX, GOUT, DOUT, GOUT_BYTES);
    int untouched = 1;
    for (int i = 0; i < GOUT_BYTES; i++)
        untouched &= GOUT[i] == 0x5A;
    kt_guard(&S, &G, what, got, want, untouched);
    g_reset();
}

static void test_guards(void)
{
    const int64_t M = 8, N = 8, K = 64;
    GOUT = malloc(GOUT_BYTES);
    DOUT = dev_put(NULL, GOUT_BYTES);
    g_reset();
    uint8_t h[1024];
    memset(h, 0x38, sizeof h); /* 1.0 */
    void *da = dev_put(h, 1024), *db = dev_put(h, 1024), *ds = dev_put(h, 1024), *dbias = dev_put(h, 1024);
    mxk_tensor A = mxk_tensor_2d(da, MXK_E4M3, M, K), AS = mxk_tensor_2d(ds, MXK_E8M0, M, K / 32);
    mxk_tensor B = mxk_tensor_2d(db, MXK_E4M3, N, K), BS = mxk_tensor_2d(ds, MXK_E8M0, N, K / 32);
    mxk_tensor C = mxk_tensor_2d(DOUT, MXK_F32, M, N);
    mxk_tensor BI = mxk_tensor_2d(dbias, MXK_F32, 1, N);
    mxk_tensor t, u;
    mxk_gemm_opts o = mxk_gemm_opts_default();
#define GM(name, a, as, b, bs, c, op, want) guard(name, mxk_gemm_mx(CTX, NULL, a, as, b, bs, c, op), want)
#define GV(name, a, as, b, bs, c, op, want) guard(name, mxk_gemv_mx(CTX, NULL, a, as, b, bs, c, op), want)
    /* valid calls first (they write: reset after) */
    EXPECT(mxk_gemm_mx(CTX, NULL, &A, &AS, &B, &BS, &C, NULL) == MXK_OK, "valid gemm_mx");
    EXPECT(mxk_gemv_mx(CTX, NULL, &A, &AS, &B, &BS, &C, NULL) == MXK_OK, "valid gemv_mx");
    mxk_synchronize(CTX, NULL);
    g_reset();
    /* NULL */
    guard("gemm ctx NULL", mxk_gemm_mx(NULL, NULL, &A, &AS, &B, &BS, &C, NULL), MXK_ERR_NULL);
    GM("gemm a NULL", NULL, &AS, &B, &BS, &C, NULL, MXK_ERR_NULL);
    GM("gemm scales NULL", &A, NULL, &B, &BS, &C, NULL, MXK_ERR_NULL);
    t = A, t.data = NULL;
    GM("gemm a->data NULL", &t, &AS, &B, &BS, &C, NULL, MXK_ERR_NULL);
    GV("gemv c NULL", &A, &AS, &B, &BS, NULL, NULL, MXK_ERR_NULL);
    /* sizes */
    t = A, t.rows = 0;
    GM("gemm M = 0", &t, &AS, &B, &BS, &C, NULL, MXK_ERR_SIZE);
    t = B, t.rows = -3;
    GM("gemm N < 0", &A, &AS, &t, &BS, &C, NULL, MXK_ERR_SIZE);
    t = A, t.cols = 0;
    GV("gemv K = 0", &t, &AS, &B, &BS, &C, NULL, MXK_ERR_SIZE);
    t = A, t.cols = -32, t.ld = 64;
    GM("gemm K < 0", &t, &AS, &B, &BS, &C, NULL, MXK_ERR_SIZE);
    /* K % 32 */
    t = A, t.cols = 48, t.ld = 64;
    u = B, u.cols = 48, u.ld = 64;
    GM("gemm K % 32 (48)", &t, &AS, &u, &BS, &C, NULL, MXK_ERR_ALIGN);
    GV("gemv K % 32 (48)", &t, &AS, &u, &BS, &C, NULL, MXK_ERR_ALIGN);
    /* leading dimensions */
    t = A, t.ld = 63;
    GM("gemm lda < K", &t, &AS, &B, &BS, &C, NULL, MXK_ERR_LD);
    t = C, t.ld = 7;
    GM("gemm ldc < N", &A, &AS, &B, &BS, &t, NULL, MXK_ERR_LD);
    t = AS, t.ld = 1;
    GV("gemv ld scales < K/32", &A, &t, &B, &BS, &C, NULL, MXK_ERR_LD);
    /* 64-bit overflow of rows * ld * size */
    t = A, t.rows = INT64_MAX / 2, t.ld = 64;
    GM("gemm rows*ld overflows", &t, &AS, &B, &BS, &C, NULL, MXK_ERR_OVERFLOW);
    t = C, t.rows = (int64_t)1 << 40, t.ld = (int64_t)1 << 40;
    GM("gemm C rows*ld overflows", &A, &AS, &B, &BS, &t, NULL, MXK_ERR_OVERFLOW);
    t = C, t.rows = 2, t.cols = 8, t.ld = INT64_MAX / 4; /* elements fit, bytes do not */
    GM("gemm C bytes overflow", &A, &AS, &B, &BS, &t, NULL, MXK_ERR_OVERFLOW);
    /* byte range: descriptors past what the paths address (2^47 on the cpu,
     * 2^31 for 32-bit-offset GPU kernels: see the query checks below) */
    t = B, t.rows = 8, t.ld = (int64_t)1 << 46; /* 7 * 2^46 + 64 bytes: past 2^47 (cpu) and 2^48 (GPU VA) */
    GM("gemm B past the address range", &A, &AS, &t, &BS, &C, NULL, MXK_ERR_RANGE);
    /* dtypes */
    t = A, t.dtype = MXK_E2M1;
    GM("gemm A e2m1", &t, &AS, &B, &BS, &C, NULL, MXK_ERR_DTYPE);
    t = A, t.dtype = MXK_E4M3FNUZ;
    GM("gemm A fnuz (MX is OCP)", &t, &AS, &B, &BS, &C, NULL, MXK_ERR_DTYPE);
    t = BS, t.dtype = MXK_E4M3;
    GM("gemm scales not e8m0", &A, &AS, &B, &t, &C, NULL, MXK_ERR_DTYPE);
    t = C, t.dtype = MXK_E4M3;
    GV("gemv C e4m3", &A, &AS, &B, &BS, &t, NULL, MXK_ERR_DTYPE);
    t = A, t.dtype = (mxk_dtype)99;
    GM("gemm dtype out of range", &t, &AS, &B, &BS, &C, NULL, MXK_ERR_DTYPE);
    /* shapes */
    t = B, t.cols = 32;
    u = BS, u.cols = 1;
    GM("gemm K mismatch", &A, &AS, &t, &u, &C, NULL, MXK_ERR_SHAPE);
    t = AS, t.cols = 1;
    GM("gemm scale cols", &A, &t, &B, &BS, &C, NULL, MXK_ERR_SHAPE);
    t = C, t.rows = 7;
    GM("gemm C rows", &A, &AS, &B, &BS, &t, NULL, MXK_ERR_SHAPE);
    t = C, t.cols = 4;
    GV("gemv C cols", &A, &AS, &B, &BS, &t, NULL, MXK_ERR_SHAPE);
    /* options */
    o = mxk_gemm_opts_default(), t = BI, t.cols = 7, o.bias = &t;
    GM("gemm bias length", &A, &AS, &B, &BS, &C, &o, MXK_ERR_SHAPE);
    o = mxk_gemm_opts_default(), t = BI, t.dtype = MXK_E4M3, o.bias = &t;
    GM("gemm bias dtype", &A, &AS, &B, &BS, &C, &o, MXK_ERR_DTYPE);
    o = mxk_gemm_opts_default(), o.flags = 0x80;
    GM("gemm unknown flag", &A, &AS, &B, &BS, &C, &o, MXK_ERR_MODE);
    o = mxk_gemm_opts_default(), o.layout = (mxk_scale_layout)9;
    GM("gemm layout out of range", &A, &AS, &B, &BS, &C, &o, MXK_ERR_MODE);
    o = mxk_gemm_opts_default(), o.layout = MXK_LAYOUT_CDNA4_PRESHUFFLE;
    GM("gemm preshuffled scales", &A, &AS, &B, &BS, &C, &o, MXK_ERR_UNSUPPORTED);
    /* unsupported target: the cpu is emulation only */
    o = mxk_gemm_opts_default(), o.flags = MXK_GEMM_REQUIRE_NATIVE;
    if (!strcmp(BACKEND, "cpu")) {
        GM("gemm native FP8 on cpu", &A, &AS, &B, &BS, &C, &o, MXK_ERR_UNSUPPORTED);
        GV("gemv native FP8 on cpu", &A, &AS, &B, &BS, &C, &o, MXK_ERR_UNSUPPORTED);
    }

    /* gemm_fp8 */
    mxk_tensor A8 = mxk_tensor_2d(da, MXK_BF16, M, 32), B8 = mxk_tensor_2d(db, MXK_E4M3FNUZ, N, 32);
    EXPECT(mxk_gemm_fp8(CTX, NULL, &A8, 1.0f, &B8, 1.0f, &C, NULL) == MXK_OK, "valid gemm_fp8");
    mxk_synchronize(CTX, NULL);
    g_reset();
#define GF(name, a, sa, b, sb, c, op, want) guard(name, mxk_gemm_fp8(CTX, NULL, a, sa, b, sb, c, op), want)
    GF("fp8 a NULL", NULL, 1.0f, &B8, 1.0f, &C, NULL, MXK_ERR_NULL);
    GF("fp8 scale 0", &A8, 0.0f, &B8, 1.0f, &C, NULL, MXK_ERR_VALUE);
    GF("fp8 scale NaN", &A8, 1.0f, &B8, NAN, &C, NULL, MXK_ERR_VALUE);
    GF("fp8 scale -1", &A8, -1.0f, &B8, 1.0f, &C, NULL, MXK_ERR_VALUE);
    GF("fp8 scale Inf", &A8, INFINITY, &B8, 1.0f, &C, NULL, MXK_ERR_VALUE);
    t = A8, t.dtype = MXK_F32;
    GF("fp8 activations f32", &t, 1.0f, &B8, 1.0f, &C, NULL, MXK_ERR_DTYPE);
    t = B8, t.dtype = MXK_BF16;
    GF("fp8 weights bf16", &A8, 1.0f, &t, 1.0f, &C, NULL, MXK_ERR_DTYPE);
    t = B8, t.dtype = MXK_E2M3;
    GF("fp8 weights fp6", &A8, 1.0f, &t, 1.0f, &C, NULL, MXK_ERR_DTYPE);
    t = B8, t.cols = 31;
    GF("fp8 K mismatch", &A8, 1.0f, &t, 1.0f, &C, NULL, MXK_ERR_SHAPE);
    t = A8, t.rows = 0;
    GF("fp8 M = 0", &t, 1.0f, &B8, 1.0f, &C, NULL, MXK_ERR_SIZE);
    t = A8, t.ld = 16;
    GF("fp8 lda < K", &t, 1.0f, &B8, 1.0f, &C, NULL, MXK_ERR_LD);
    if (!strcmp(BACKEND, "cpu"))
        GF("fp8 native on cpu", &A8, 1.0f, &B8, 1.0f, &C, &o, MXK_ERR_UNSUPPORTED);

    /* moe */
    int32_t ids_h[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16}, tiles_h[4] = {0, 1, 0, 1};
    void *dids = dev_put(ids_h, sizeof ids_h), *dtiles = dev_put(tiles_h, sizeof tiles_h);
    /* T = 8 tokens, top_k = 2, E = 2 experts of N = 4 rows: B is 8 x K; C is 16 x 4 */
    mxk_tensor MA = mxk_tensor_2d(da, MXK_E4M3, 8, K), MAS = mxk_tensor_2d(ds, MXK_E8M0, 8, K / 32);
    mxk_tensor MC = mxk_tensor_2d(DOUT, MXK_F32, 16, 4);
    mxk_moe_routing r = {dids, dtiles, NULL, 16, 16, 4, 2, 2};
    EXPECT(mxk_moe_gemm_mx(CTX, NULL, &MA, &MAS, &B, &BS, &r, &MC, NULL) == MXK_OK, "valid moe");
    mxk_synchronize(CTX, NULL);
    g_reset();
#define GE(name, rr, c, want) guard(name, mxk_moe_gemm_mx(CTX, NULL, &MA, &MAS, &B, &BS, rr, c, NULL), want)
    mxk_moe_routing q = r;
    GE("moe routing NULL", NULL, &MC, MXK_ERR_NULL);
    q = r, q.sorted_ids = NULL;
    GE("moe sorted_ids NULL", &q, &MC, MXK_ERR_NULL);
    q = r, q.num_experts = 0;
    GE("moe E = 0", &q, &MC, MXK_ERR_SIZE);
    q = r, q.block_m = 257;
    GE("moe block_m 257", &q, &MC, MXK_ERR_SIZE);
    q = r, q.num_slots = 15;
    GE("moe slots not a multiple of block_m", &q, &MC, MXK_ERR_SIZE);
    q = r, q.num_valid_slots = 17;
    GE("moe valid > slots", &q, &MC, MXK_ERR_SIZE);
    q = r, q.num_experts = 3;
    GE("moe B rows not E*N", &q, &MC, MXK_ERR_SHAPE);
    t = MC, t.rows = 15;
    GE("moe C rows != T*top_k", &r, &t, MXK_ERR_SHAPE);
    /* ids out of range: an error, never a wild read */
    int32_t bad_ids[16];
    memcpy(bad_ids, ids_h, sizeof bad_ids);
    bad_ids[9] = 17; /* > T*top_k */
    void *dbad = dev_put(bad_ids, sizeof bad_ids);
    q = r, q.sorted_ids = dbad;
    GE("moe token id 17 > 16", &q, &MC, MXK_ERR_INDEX);
    bad_ids[9] = -1;
    mxk_copy_to_device(CTX, dbad, bad_ids, sizeof bad_ids);
    GE("moe token id -1", &q, &MC, MXK_ERR_INDEX);
    int32_t bad_tiles[4] = {0, 1, 2, 0};
    void *dbt = dev_put(bad_tiles, sizeof bad_tiles);
    q = r, q.expert_ids = dbt;
    GE("moe expert id 2 >= E", &q, &MC, MXK_ERR_INDEX);
    bad_tiles[2] = -2;
    mxk_copy_to_device(CTX, dbt, bad_tiles, sizeof bad_tiles);
    GE("moe expert id -2", &q, &MC, MXK_ERR_INDEX);
    /* a bad id beyond num_valid_slots is never read */
    q = r, q.expert_ids = dbt, q.num_valid_slots = 8;
    EXPECT(mxk_moe_gemm_mx(CTX, NULL, &MA, &MAS, &B, &BS, &q, &MC, NULL) == MXK_OK, "moe bad tile beyond valid");
    mxk_synchronize(CTX, NULL);
    g_reset();
    if (!strcmp(BACKEND, "cpu")) {
        mxk_gemm_opts on = mxk_gemm_opts_default();
        on.flags = MXK_GEMM_REQUIRE_NATIVE;
        guard("moe native on cpu", mxk_moe_gemm_mx(CTX, NULL, &MA, &MAS, &B, &BS, &r, &MC, &on), MXK_ERR_UNSUPPORTED);
    }

    /* linear */
    mxk_tensor X = mxk_tensor_2d(dbias, MXK_BF16, M, K);
    mxk_linear_opts lo = mxk_linear_opts_default();
#define GL(name, x, w, ws, c, l, want) guard(name, mxk_linear_mxfp8(CTX, NULL, x, w, ws, c, l, NULL), want)
    t = X, t.cols = 48, t.ld = 64;
    GL("linear K % 32", &t, &B, &BS, &C, NULL, MXK_ERR_ALIGN);
    t = X, t.dtype = MXK_E4M3;
    GL("linear x e4m3", &t, &B, &BS, &C, NULL, MXK_ERR_DTYPE);
    lo.act_elem = MXK_E2M1;
    GL("linear act e2m1", &X, &B, &BS, &C, &lo, MXK_ERR_DTYPE);
    lo = mxk_linear_opts_default(), lo.act_scale_mode = (mxk_scale_mode)7;
    GL("linear scale mode 7", &X, &B, &BS, &C, &lo, MXK_ERR_MODE);
    GL("linear w NULL", &X, NULL, &BS, &C, NULL, MXK_ERR_NULL);
    t = C, t.cols = 9, t.ld = 9;
    GL("linear C cols", &X, &B, &BS, &t, NULL, MXK_ERR_SHAPE);

    /* dispatch queries for targets not present: envelope, native, 2^31 offsets */
    mxk_path_info pi;
    mxk_gemm_shape sh = {4096, 4096, 4096, 0, 0};
    EXPECT(mxk_gemm_dispatch_query("hip", "sm_90", MXK_OP_GEMM_MX, MXK_E4M3, &sh, &pi) == MXK_OK && pi.supported &&
               !strcmp(pi.path, "hip_sm90_mma_fp8"), "query sm_90 gemm_mx: %s", pi.path);
    EXPECT(mxk_gemm_dispatch_query("hip", "gfx942", MXK_OP_GEMM_MX, MXK_E4M3, &sh, &pi) == MXK_OK &&
               !strcmp(pi.path, "hip_gfx942_mfma_fp8"), "query gfx942 e4m3: %s", pi.path);
    EXPECT(mxk_gemm_dispatch_query("hip", "gfx942", MXK_OP_GEMM_MX, MXK_E5M2, &sh, &pi) == MXK_OK &&
               !strcmp(pi.path, "hip_mfma16_f16"), "query gfx942 e5m2: %s", pi.path);
    sh.flags = MXK_GEMM_REQUIRE_NATIVE;
    EXPECT(mxk_gemm_dispatch_query("hip", "gfx1100", MXK_OP_GEMM_MX, MXK_E4M3, &sh, &pi) == MXK_OK && !pi.supported &&
               strstr(pi.reason, "gfx1100"), "query gfx1100 native: %s", pi.reason);
    EXPECT(mxk_gemm_dispatch_query("hip", "gfx90a", MXK_OP_GEMM_FP8, MXK_E4M3, &sh, &pi) == MXK_OK && !pi.supported,
           "query gfx90a native fp8");
    sh.flags = 0;
    EXPECT(mxk_gemm_dispatch_query("hip", "gfx1100", MXK_OP_GEMM_MX, MXK_E4M3, &sh, &pi) == MXK_OK && pi.supported &&
               !strcmp(pi.path, "hip_wmma16_f16"), "query gfx1100: %s", pi.path);
    sh.M = 8;
    EXPECT(mxk_gemm_dispatch_query("hip", "gfx942", MXK_OP_GEMV_MX, MXK_E4M3, &sh, &pi) == MXK_OK &&
               !strcmp(pi.path, "hip_gemv"), "query gemv M=8: %s", pi.path);
    sh.M = 17;
    EXPECT(mxk_gemm_dispatch_query("hip", "gfx942", MXK_OP_GEMV_MX, MXK_E4M3, &sh, &pi) == MXK_OK && !pi.supported,
           "query gemv M=17 (outside: the API routes to gemm_mx)");
    sh.M = 4096, sh.max_bytes = (int64_t)3 << 30; /* 3 GiB operand: past 32-bit offsets */
    EXPECT(mxk_gemm_dispatch_query("hip", "gfx942", MXK_OP_GEMM_MX, MXK_E4M3, &sh, &pi) == MXK_OK &&
               !strcmp(pi.path, "hip_generic"), "query gfx942 3 GiB -> generic: %s", pi.path);
    /* MoE expert stacks past 2 GiB (256 experts x 2048 x 7168): the 64-bit tile kernels, not an error */
    EXPECT(mxk_gemm_dispatch_query("hip", "gfx942", MXK_OP_MOE_GEMM_MX, MXK_E4M3, &sh, &pi) == MXK_OK &&
               pi.supported && !strcmp(pi.path, "hip_moe_generic"), "query gfx942 moe 3 GiB -> generic: %s", pi.path);
    EXPECT(mxk_gemm_dispatch_query("hip", "sm_90", MXK_OP_MOE_GEMM_MX, MXK_E4M3, &sh, &pi) == MXK_OK &&
               pi.supported && !strcmp(pi.path, "hip_moe_sm90_mma_fp8"), "query sm_90 moe 3 GiB: %s", pi.path);
    sh.max_bytes = (int64_t)1 << 49; /* past the GPU virtual address space */
    EXPECT(mxk_gemm_dispatch_query("hip", "sm_90", MXK_OP_MOE_GEMM_MX, MXK_E4M3, &sh, &pi) == MXK_ERR_RANGE &&
               !pi.supported, "query moe 2^49 bytes -> MXK_ERR_RANGE");
    G.n[MXK_ERR_RANGE]++, G.total++;
    sh.max_bytes = 0, sh.K = 4096 + 32;
    EXPECT(mxk_gemm_dispatch_query("hip", "gfx950", MXK_OP_GEMM_MX, MXK_E4M3, &sh, &pi) == MXK_OK &&
               !strcmp(pi.path, "hip_mfma16_f16"), "query gfx950 K%%128 != 0 -> fallback: %s", pi.path);
    EXPECT(mxk_gemm_dispatch_query("hip", "gfx1201", MXK_OP_GEMM_FP8, MXK_E4M3FNUZ, &sh, &pi) == MXK_OK &&
               !strcmp(pi.path, "hip_wmma16"), "query gfx1201 fnuz: %s", pi.path);
    EXPECT(mxk_gemm_dispatch_query("hip", "gfx942", MXK_OP_ENCODE, MXK_E4M3, &sh, &pi) == MXK_ERR_MODE,
           "query non-GEMM op");
    EXPECT(mxk_gemm_dispatch_query("sycl", "x", MXK_OP_GEMM_MX, MXK_E4M3, &sh, &pi) == MXK_ERR_BACKEND, "query backend");

    dev_free(da), dev_free(db), dev_free(ds), dev_free(dbias), dev_free(dids), dev_free(dtiles), dev_free(dbad),
        dev_free(dbt), dev_free(DOUT);
    free(GOUT);
    kt_guards_print(&G);
}

/* --only takes one part or a comma-separated list */
static int part_on(const char *only, const char *name)
{
    if (!only)
        return 1;
    size_t n = strlen(name);
    for (const char *p = only; *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && !strncmp(p, name, n))
            return 1;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *only = NULL;
    int big = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--backend") && i + 1 < argc)
            BACKEND = argv[++i];
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--big"))
            big = 1;
        else {
            fprintf(stderr, "usage: test_gemm [--backend cpu|hip[:N]] [--only PART] [--big]\n");
            return 2;
        }
    }
    mxk_status st = mxk_context_create(BACKEND, &CTX);
    if (st != MXK_OK) {
        fprintf(stderr, "backend %s: %s\n", BACKEND, mxk_status_string(st));
        return 2;
    }
    mxk_target_info ti;
    mxk_target_info_get(CTX, &ti);
    printf("test_gemm: backend %s, target %s (%s)\n", BACKEND, ti.target, ti.name);
#define PART(name, call)                      \
    if (part_on(only, name)) {                \
        call;                                 \
    }
    PART("guards", test_guards());
    PART("exact", test_exact());
    PART("special", test_special());
    PART("shapes", test_shapes(big));
    PART("split", test_split());
    PART("large", test_large());
    PART("gemv", test_gemv());
    PART("moe", test_moe(big));
    PART("fp8", test_fp8());
    PART("bound", test_bound(big));
    PART("linear", test_linear());
    mxk_context_destroy(CTX);
    printf("%ld checks (%ld bit-exact, %ld inside the bound; worst error/bound %.4f over all outputs, %.4f over "
           "f32 outputs: a bf16/f16 output's own rounding alone can take it near 1), %ld failures\n",
           S.checks, EXACT_CHECKS, BOUND_CHECKS, WORST_RATIO, WORST_F32, S.fails);
    return S.fails ? 1 : 0;
}
