/* Reference GEMM / dot (include/mxcts/gemm_ref.h) against expectations that
 * do not come from the code under test:
 *  - exact-by-construction cases: small integers and power-of-two scales
 *    whose sums are formed here in int64 (mx-semantics 4.3), K up to 2^16;
 *  - seeded random MX / per-tensor FP8 / FP8 x bf16,f16,f32 cases whose
 *    exact sums fit __float128 (ranges chosen so every partial sum has <= 113
 *    significant bits), rounded here to each output grid: bit-exact;
 *  - full-range random scales, checked against __float128 with a tolerance;
 *  - the extreme scales and special values of mx-semantics 5.4 rows 50-53,
 *    fp32 overflow / subnormal results, typed in;
 *  - leading dimensions (padding untouched), bias, thread-count determinism,
 *    and the modelled fp32 kernel (TOSA) on cases with a known answer. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "mxcts/gemm_ref.h"
#include "test_gemm_common.h"

static const mxcts_wide OUTS[4] = {MXCTS_WIDE_F64, MXCTS_WIDE_F32, MXCTS_WIDE_BF16,
                                   MXCTS_WIDE_F16};
static const char *OUTN[4] = {"f64", "f32", "bf16", "f16"};

static size_t wsize(mxcts_wide t) { return t == MXCTS_WIDE_F64 ? 8 : t == MXCTS_WIDE_F32 ? 4 : 2; }

static uint64_t get_out(const void *C, int64_t pos, mxcts_wide t)
{
    uint64_t b = 0;
    memcpy(&b, (const char *)C + pos * (int64_t)wsize(t), wsize(t));
    return b;
}

/* ---- independent value of an operand element (test side) ---- */
static q128 tq_elem(const mxcts_operand *op, int64_t r, int64_t k)
{
    q128 v = 0;
    if (op->kind == MXCTS_OPERAND_WIDE) {
        uint64_t b = op->wide == MXCTS_WIDE_F32 ? ((const uint32_t *)op->data)[r * op->ld + k]
                                                : ((const uint16_t *)op->data)[r * op->ld + k];
        tq_wide_value(op->wide, b, &v);
        return v;
    }
    tq_decode(op->fmt, ((const uint8_t *)op->data)[r * op->ld + k], &v);
    if (op->kind == MXCTS_OPERAND_MX) {
        int blk = op->block ? op->block : 32;
        unsigned s = op->scales[r * op->ld_scales + k / blk];
        return s == 0xFF ? nanq("") : v * ldexpq(1.0Q, (int)s - 127);
    }
    float sc;
    memcpy(&sc, &op->scale_bits, 4);
    return v * (q128)sc;
}

static q128 tq_bias(const mxcts_bias *bias, int64_t j)
{
    q128 v = 0;
    if (!bias)
        return 0;
    uint64_t b = bias->type == MXCTS_WIDE_F32 ? ((const uint32_t *)bias->data)[j]
                                              : ((const uint16_t *)bias->data)[j];
    tq_wide_value(bias->type, b, &v);
    return v;
}

static q128 tq_dot(const mxcts_operand *A, const mxcts_operand *B, const mxcts_bias *bias,
                   int64_t i, int64_t j, int64_t K, q128 *abs_sum)
{
    q128 s = 0, as = 0;
    for (int64_t k = 0; k < K; k++) {
        q128 t = tq_elem(A, i, k) * tq_elem(B, j, k);
        s += t;
        as += fabsq(t);
    }
    if (bias) {
        s += tq_bias(bias, j);
        as += fabsq(tq_bias(bias, j));
    }
    if (abs_sum)
        *abs_sum = as;
    return s;
}

/* Run mxcts_gemm_ref for every output type with ldc = N + 3 and compare each
 * element, bit for bit, with the test's rounding of the __float128 sum
 * (which the caller guarantees to be exact). Padding must be untouched. */
static void compare_exact(const char *name, int64_t M, int64_t N, int64_t K,
                          const mxcts_operand *A, const mxcts_operand *B, const mxcts_bias *bias)
{
    int64_t ldc = N + 3;
    q128 *ex = malloc(sizeof(q128) * (size_t)(M * N));
    for (int64_t i = 0; i < M; i++)
        for (int64_t j = 0; j < N; j++)
            ex[i * N + j] = tq_dot(A, B, bias, i, j, K, NULL);
    for (int o = 0; o < 4; o++) {
        mxcts_wide t = OUTS[o];
        size_t bytes = (size_t)(M * ldc) * wsize(t);
        unsigned char *C = malloc(bytes);
        memset(C, 0xA5, bytes);
        mxcts_status st = mxcts_gemm_ref(M, N, K, A, B, bias, t, C, ldc);
        TG_CHECK(st == MXCTS_OK, "%s %s: status %d", name, OUTN[o], (int)st);
        for (int64_t i = 0; i < M; i++) {
            for (int64_t j = 0; j < ldc; j++) {
                uint64_t got = get_out(C, i * ldc + j, t);
                if (j >= N) {
                    uint64_t pad = 0;
                    memset(&pad, 0xA5, wsize(t));
                    TG_CHECK(got == pad, "%s %s: padding (%lld,%lld) written", name, OUTN[o],
                             (long long)i, (long long)j);
                    continue;
                }
                q128 want = tq_round(ex[i * N + j], t);
                char ws[64];
                tq_str(ex[i * N + j], ws, sizeof ws);
                TG_CHECK(tq_bits_equal(t, got, want), "%s %s (%lld,%lld): got 0x%llx, exact %s",
                         name, OUTN[o], (long long)i, (long long)j, (unsigned long long)got, ws);
            }
        }
        free(C);
    }
    free(ex);
}

/* ---- random operand builders ---- */
static uint8_t rand_code(mxcts_format f, uint64_t *rs)
{
    unsigned bits = f == MXCTS_E2M1 ? 4 : (f == MXCTS_E2M3 || f == MXCTS_E3M2) ? 6 : 8;
    for (;;) {
        unsigned c = (unsigned)(tg_rand(rs) & ((1u << bits) - 1));
        q128 v;
        if (tq_decode(f, c, &v) == TQ_NUM)
            return (uint8_t)c;
    }
}

static uint8_t *rand_codes(mxcts_format f, int64_t rows, int64_t ld, int64_t K, uint64_t *rs)
{
    uint8_t *c = malloc((size_t)(rows * ld));
    memset(c, 0, (size_t)(rows * ld));
    for (int64_t r = 0; r < rows; r++)
        for (int64_t k = 0; k < K; k++)
            c[r * ld + k] = rand_code(f, rs);
    return c;
}

static uint8_t *rand_scales(int64_t rows, int64_t lds, int64_t nb, int lo, int hi, uint64_t *rs)
{
    uint8_t *s = malloc((size_t)(rows * lds));
    memset(s, 0x7F, (size_t)(rows * lds));
    for (int64_t r = 0; r < rows; r++)
        for (int64_t b = 0; b < nb; b++)
            s[r * lds + b] = (uint8_t)(lo + (int)(tg_rand(rs) % (uint64_t)(hi - lo + 1)));
    return s;
}

/* f32 with `mbits` random mantissa bits and exponent in [elo, ehi], random sign */
static uint32_t rand_f32(int mbits, int elo, int ehi, uint64_t *rs)
{
    uint64_t r = tg_rand(rs);
    int e = elo + (int)(r % (uint64_t)(ehi - elo + 1));
    uint32_t m = (uint32_t)(r >> 20) & ((1u << 23) - 1);
    m &= ~((1u << (23 - mbits)) - 1);
    return ((uint32_t)((r >> 63) & 1) << 31) | ((uint32_t)(e + 127) << 23) | m;
}

/* ---- 1. exact by construction (integer arithmetic) ---- */

/* e2m1 code -> 2 * value as an integer (OCP MX table: 0 .5 1 1.5 2 3 4 6) */
static int64_t e2m1_x2(uint8_t c)
{
    static const int mag[8] = {0, 1, 2, 3, 4, 6, 8, 12};
    return (c & 8) ? -mag[c & 7] : mag[c & 7];
}

static void test_fp4_integer(void)
{
    uint64_t rs = 11;
    const int64_t M = 3, N = 4, K = 96, lda = 100, ldb = 97, lds = 5;
    uint8_t *a = rand_codes(MXCTS_E2M1, M, lda, K, &rs), *b = rand_codes(MXCTS_E2M1, N, ldb, K, &rs);
    uint8_t *sa = rand_scales(M, lds, K / 32, 121, 133, &rs);
    uint8_t *sb = rand_scales(N, lds, K / 32, 121, 133, &rs);
    mxcts_operand A = mxcts_operand_mx(MXCTS_E2M1, a, lda, sa, lds);
    mxcts_operand B = mxcts_operand_mx(MXCTS_E2M1, b, ldb, sb, lds);
    for (int64_t i = 0; i < M; i++)
        for (int64_t j = 0; j < N; j++) {
            /* sum_b 2^(ea+eb) * sum_k (2a)(2b) / 4; exponents >= -12, shift by 12 */
            int64_t tot = 0;
            for (int64_t bl = 0; bl < K / 32; bl++) {
                int64_t s = 0;
                for (int64_t k = bl * 32; k < bl * 32 + 32; k++)
                    s += e2m1_x2(a[i * lda + k]) * e2m1_x2(b[j * ldb + k]);
                int sh = (sa[i * lds + bl] - 127) + (sb[j * lds + bl] - 127) + 12;
                tot += s * ((int64_t)1 << sh);
            }
            double want = ldexp((double)tot, -12 - 2); /* |tot| < 2^50: exact */
            float C32 = 0;
            double C64 = 0;
            mxcts_operand Ai = A, Bj = B;
            Ai.data = a + i * lda;
            Ai.scales = sa + i * lds;
            Bj.data = b + j * ldb;
            Bj.scales = sb + j * lds;
            TG_CHECK(mxcts_gemm_ref(1, 1, K, &Ai, &Bj, NULL, MXCTS_WIDE_F64, &C64, 1) == 0,
                     "fp4 gemm f64");
            TG_CHECK(mxcts_gemm_ref(1, 1, K, &Ai, &Bj, NULL, MXCTS_WIDE_F32, &C32, 1) == 0,
                     "fp4 gemm f32");
            TG_CHECK(C64 == want, "fp4 integer (%lld,%lld): %.17g want %.17g", (long long)i,
                     (long long)j, C64, want);
            TG_CHECK(C32 == (float)want, "fp4 integer f32 (%lld,%lld)", (long long)i,
                     (long long)j);
            /* the dot entry point agrees */
            mxcts_acc acc;
            double d;
            TG_CHECK(mxcts_dot_ref(K, &Ai, &Bj, &acc) == 0 && mxcts_acc_to_f64(&acc, &d) == 0 &&
                         d == want,
                     "fp4 dot_ref");
        }
    compare_exact("fp4 mx", M, N, K, &A, &B, NULL);
    free(a);
    free(b);
    free(sa);
    free(sb);
}

static void test_int8_k65536(void)
{
    uint64_t rs = 12;
    const int64_t K = 65536, nb = K / 32;
    uint8_t *a = malloc(K), *b = malloc(K), *sa = malloc(nb), *sb = malloc(nb);
    for (int64_t k = 0; k < K; k++) {
        a[k] = (uint8_t)tg_rand(&rs);
        b[k] = (uint8_t)tg_rand(&rs);
    }
    for (int64_t i = 0; i < nb; i++) {
        sa[i] = (uint8_t)(127 + tg_rand(&rs) % 8);
        sb[i] = (uint8_t)(120 + tg_rand(&rs) % 8);
    }
    int64_t tot = 0; /* sum q_a q_b 2^(ea+eb+7), |.| < 2^16 * 2^14 * 2^14 */
    for (int64_t bl = 0; bl < nb; bl++) {
        int64_t s = 0;
        for (int64_t k = bl * 32; k < bl * 32 + 32; k++)
            s += (int64_t)(int8_t)a[k] * (int8_t)b[k];
        tot += s * ((int64_t)1 << ((sa[bl] - 127) + (sb[bl] - 127) + 7));
    }
    double want = ldexp((double)tot, -7 - 12);
    mxcts_operand A = mxcts_operand_mx(MXCTS_INT8, a, K, sa, nb);
    mxcts_operand B = mxcts_operand_mx(MXCTS_INT8, b, K, sb, nb);
    double c64;
    float c32;
    TG_CHECK(mxcts_gemm_ref(1, 1, K, &A, &B, NULL, MXCTS_WIDE_F64, &c64, 1) == 0 && c64 == want,
             "int8 K=65536 f64 %.17g want %.17g", c64, want);
    TG_CHECK(mxcts_gemm_ref(1, 1, K, &A, &B, NULL, MXCTS_WIDE_F32, &c32, 1) == 0 &&
                 c32 == (float)want,
             "int8 K=65536 f32");

    /* all-ones E4M3, K = 2^16: 65536 exactly; f16 overflows (65536 > 65504 + 16) */
    memset(a, 0x38, K);
    memset(sa, 0x7F, nb);
    mxcts_operand O = mxcts_operand_mx(MXCTS_E4M3, a, K, sa, nb);
    uint16_t h = 0, bf = 0;
    TG_CHECK(mxcts_gemm_ref(1, 1, K, &O, &O, NULL, MXCTS_WIDE_F32, &c32, 1) == 0 &&
                 tg_f32_bits(c32) == 0x47800000,
             "ones K=65536 f32");
    TG_CHECK(mxcts_gemm_ref(1, 1, K, &O, &O, NULL, MXCTS_WIDE_F16, &h, 1) == 0 && h == 0x7C00,
             "ones K=65536 f16 -> Inf, got 0x%x", h);
    TG_CHECK(mxcts_gemm_ref(1, 1, K, &O, &O, NULL, MXCTS_WIDE_BF16, &bf, 1) == 0 && bf == 0x4780,
             "ones K=65536 bf16");
    /* E4M3 1.0 and 1.0 + 2^-3 alternating in A, ones in B, K = 2^16:
       32768 * 1 + 32768 * 1.125 = 69632 exactly in f32 */
    for (int64_t k = 0; k < K; k++)
        b[k] = (k & 1) ? 0x39 : 0x38;
    mxcts_operand Bx = mxcts_operand_mx(MXCTS_E4M3, b, K, sa, nb);
    TG_CHECK(mxcts_gemm_ref(1, 1, K, &O, &Bx, NULL, MXCTS_WIDE_F32, &c32, 1) == 0 &&
                 c32 == 69632.0f,
             "alternating K=65536 f32 %g", c32);
    free(a);
    free(b);
    free(sa);
    free(sb);
}

/* ---- 2. random, exact in __float128 ---- */
static void test_random_mx(void)
{
    static const struct {
        mxcts_format fa, fb;
        int slo, shi;
    } pairs[] = {
        {MXCTS_E4M3, MXCTS_E4M3, 111, 143}, {MXCTS_E5M2, MXCTS_E5M2, 119, 135},
        {MXCTS_E2M3, MXCTS_E3M2, 100, 154}, {MXCTS_E2M1, MXCTS_INT8, 100, 154},
        {MXCTS_E4M3, MXCTS_E2M1, 111, 143}, {MXCTS_E5M2, MXCTS_E4M3, 119, 135},
        {MXCTS_INT8, MXCTS_INT8, 90, 160},
    };
    uint64_t rs = 99;
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        const int64_t M = 3, N = 5, K = 256, lda = 260, ldb = 256, lda_s = 9, ldb_s = 8;
        uint8_t *a = rand_codes(pairs[p].fa, M, lda, K, &rs);
        uint8_t *b = rand_codes(pairs[p].fb, N, ldb, K, &rs);
        uint8_t *sa = rand_scales(M, lda_s, K / 32, pairs[p].slo, pairs[p].shi, &rs);
        uint8_t *sb = rand_scales(N, ldb_s, K / 32, pairs[p].slo, pairs[p].shi, &rs);
        mxcts_operand A = mxcts_operand_mx(pairs[p].fa, a, lda, sa, lda_s);
        mxcts_operand B = mxcts_operand_mx(pairs[p].fb, b, ldb, sb, ldb_s);
        char name[64];
        snprintf(name, sizeof name, "random mx pair %zu", p);
        compare_exact(name, M, N, K, &A, &B, NULL);
        /* with a bias */
        uint32_t bias32[5];
        for (int j = 0; j < 5; j++)
            bias32[j] = rand_f32(23, -3, 3, &rs);
        mxcts_bias bias = {MXCTS_WIDE_F32, bias32};
        snprintf(name, sizeof name, "random mx pair %zu + bias", p);
        compare_exact(name, M, N, K, &A, &B, &bias);
        free(a);
        free(b);
        free(sa);
        free(sb);
    }
}

static void test_random_scaled_and_mixed(void)
{
    uint64_t rs = 7;
    const int64_t M = 4, N = 3, K = 200, ld = 203;
    /* per-tensor FP8 x FP8: e4m3fnuz x e4m3 with 24-bit scales */
    uint8_t *a = rand_codes(MXCTS_E4M3FNUZ, M, ld, K, &rs);
    uint8_t *b = rand_codes(MXCTS_E4M3, N, ld, K, &rs);
    float s1, s2;
    uint32_t u1 = rand_f32(23, -3, 3, &rs), u2 = rand_f32(23, -3, 3, &rs);
    memcpy(&s1, &u1, 4);
    memcpy(&s2, &u2, 4);
    mxcts_operand A = mxcts_operand_scaled(MXCTS_E4M3FNUZ, a, ld, s1);
    mxcts_operand B = mxcts_operand_scaled(MXCTS_E4M3, b, ld, s2);
    compare_exact("scaled e4m3fnuz x e4m3", M, N, K, &A, &B, NULL);
    /* e5m2fnuz x e5m2 with 8-bit scales */
    uint8_t *c = rand_codes(MXCTS_E5M2FNUZ, M, ld, K, &rs);
    uint8_t *d = rand_codes(MXCTS_E5M2, N, ld, K, &rs);
    u1 = rand_f32(7, -3, 3, &rs);
    u2 = rand_f32(7, -3, 3, &rs);
    memcpy(&s1, &u1, 4);
    memcpy(&s2, &u2, 4);
    mxcts_operand C5 = mxcts_operand_scaled(MXCTS_E5M2FNUZ, c, ld, s1);
    mxcts_operand D5 = mxcts_operand_scaled(MXCTS_E5M2, d, ld, s2);
    compare_exact("scaled e5m2fnuz x e5m2", M, N, K, &C5, &D5, NULL);

    /* bf16 / f16 / f32 activations x FP8 weights (per-tensor scale), + bias */
    uint16_t *xb = malloc(sizeof(uint16_t) * (size_t)(M * ld));
    uint16_t *xh = malloc(sizeof(uint16_t) * (size_t)(M * ld));
    uint32_t *xf = malloc(sizeof(uint32_t) * (size_t)(M * ld));
    for (int64_t i = 0; i < M * ld; i++) {
        xb[i] = (uint16_t)(rand_f32(7, -10, 10, &rs) >> 16);
        uint64_t r = tg_rand(&rs);
        xh[i] = (uint16_t)(r & 0x7BFF) | (uint16_t)((r >> 20) & 0x8000); /* finite f16 incl. subnormals */
        xf[i] = rand_f32(23, -5, 5, &rs);
    }
    uint16_t biasb[3];
    for (int j = 0; j < 3; j++)
        biasb[j] = (uint16_t)(rand_f32(7, -2, 2, &rs) >> 16);
    mxcts_bias bb = {MXCTS_WIDE_BF16, biasb};
    mxcts_operand XB = mxcts_operand_wide(MXCTS_WIDE_BF16, xb, ld);
    mxcts_operand XH = mxcts_operand_wide(MXCTS_WIDE_F16, xh, ld);
    mxcts_operand XF = mxcts_operand_wide(MXCTS_WIDE_F32, xf, ld);
    compare_exact("bf16 x e4m3 scaled + bf16 bias", M, N, K, &XB, &B, &bb);
    compare_exact("f16 x e4m3 scaled", M, N, K, &XH, &B, NULL);
    compare_exact("f32 x e4m3 scaled", M, N, K, &XF, &B, NULL);
    /* MX weights x bf16 activations (the A/B roles swapped) */
    uint8_t *w = rand_codes(MXCTS_E4M3, N, ld, 192, &rs);
    uint8_t *ws = rand_scales(N, 6, 6, 115, 139, &rs);
    mxcts_operand W = mxcts_operand_mx(MXCTS_E4M3, w, ld, ws, 6);
    compare_exact("bf16 x mx e4m3", M, N, 192, &XB, &W, NULL);
    free(a);
    free(b);
    free(c);
    free(d);
    free(xb);
    free(xh);
    free(xf);
    free(w);
    free(ws);
}

/* ---- 3. full-range scales: tolerance against __float128 ---- */
static void test_random_full_range(void)
{
    uint64_t rs = 5;
    const int64_t M = 2, N = 2, K = 512;
    uint8_t *a = rand_codes(MXCTS_E5M2, M, K, K, &rs), *b = rand_codes(MXCTS_E5M2, N, K, K, &rs);
    uint8_t *sa = rand_scales(M, K / 32, K / 32, 0, 254, &rs);
    uint8_t *sb = rand_scales(N, K / 32, K / 32, 0, 254, &rs);
    mxcts_operand A = mxcts_operand_mx(MXCTS_E5M2, a, K, sa, K / 32);
    mxcts_operand B = mxcts_operand_mx(MXCTS_E5M2, b, K, sb, K / 32);
    double C[4];
    TG_CHECK(mxcts_gemm_ref(M, N, K, &A, &B, NULL, MXCTS_WIDE_F64, C, N) == 0, "full range");
    for (int64_t i = 0; i < M; i++)
        for (int64_t j = 0; j < N; j++) {
            q128 as, s = tq_dot(&A, &B, NULL, i, j, K, &as);
            /* quad sum error <= K * 2^-113 * sum|t|; f64 rounding <= 2^-53 |s| */
            q128 tol = (q128)K * ldexpq(as, -112) + ldexpq(fabsq(s), -53);
            q128 err = fabsq((q128)C[i * N + j] - s);
            char ss[64];
            tq_str(s, ss, sizeof ss);
            TG_CHECK(err <= tol, "full-range e5m2 (%lld,%lld): %.17g vs %s", (long long)i,
                     (long long)j, C[i * N + j], ss);
        }
    free(a);
    free(b);
    free(sa);
    free(sb);
}

/* ---- 4. extreme scales and special values (typed) ---- */
static void one_block(mxcts_format f, uint8_t *codes, const uint8_t *vals, int n)
{
    memset(codes, 0, 32);
    if (f == MXCTS_E2M1 || f == MXCTS_E2M3 || f == MXCTS_E3M2 || f == MXCTS_INT8 ||
        f == MXCTS_E4M3 || f == MXCTS_E5M2)
        memcpy(codes, vals, (size_t)n);
}

static uint64_t mx_dot32(mxcts_format fa, const uint8_t *av, int na, uint8_t sa, mxcts_format fb,
                         const uint8_t *bv, int nb, uint8_t sb, mxcts_wide t)
{
    uint8_t a[32], b[32];
    one_block(fa, a, av, na);
    one_block(fb, b, bv, nb);
    mxcts_operand A = mxcts_operand_mx(fa, a, 32, &sa, 1);
    mxcts_operand B = mxcts_operand_mx(fb, b, 32, &sb, 1);
    uint64_t out = 0;
    if (mxcts_gemm_ref(1, 1, 32, &A, &B, NULL, t, &out, 1) != MXCTS_OK)
        tg_fail("mx_dot32 status");
    return out;
}

static void test_extremes(void)
{
    const uint8_t m448[1] = {0x7E}, one4[1] = {0x38}, tiny4[1] = {0x01}, ntiny4[1] = {0x81};
    /* 0xFE x 0xFE, 448 x 448: 200704 * 2^254 -> f32/bf16/f16 Inf, f64 exact */
    TG_CHECK(mx_dot32(MXCTS_E4M3, m448, 1, 0xFE, MXCTS_E4M3, m448, 1, 0xFE, MXCTS_WIDE_F32) ==
                 0x7F800000,
             "448*448*2^254 f32 Inf");
    TG_CHECK(mx_dot32(MXCTS_E4M3, m448, 1, 0xFE, MXCTS_E4M3, m448, 1, 0xFE, MXCTS_WIDE_BF16) ==
                 0x7F80,
             "bf16 Inf");
    TG_CHECK(mx_dot32(MXCTS_E4M3, m448, 1, 0xFE, MXCTS_E4M3, m448, 1, 0xFE, MXCTS_WIDE_F64) ==
                 tg_f64_bits(ldexp(200704.0, 254)),
             "f64 200704 * 2^254");
    /* row 53: 0xFE x 0xFE with block sum 0 -> exactly +0 */
    const uint8_t pp[2] = {0x38, 0x38}, pm[2] = {0x38, 0xB8};
    TG_CHECK(mx_dot32(MXCTS_E4M3, pp, 2, 0xFE, MXCTS_E4M3, pm, 2, 0xFE, MXCTS_WIDE_F32) ==
                 0x00000000,
             "row 53: 2^254 * (1 - 1) = +0");
    /* row 52: a 0xFF scale -> NaN, even with zero elements */
    const uint8_t zero[1] = {0};
    TG_CHECK(mx_dot32(MXCTS_E4M3, zero, 1, 0xFF, MXCTS_E4M3, one4, 1, 0x7F, MXCTS_WIDE_F32) ==
                 0x7FC00000,
             "row 52: scale A 0xFF -> NaN");
    TG_CHECK(mx_dot32(MXCTS_E2M1, zero, 1, 0x7F, MXCTS_E2M1, zero, 1, 0xFF, MXCTS_WIDE_BF16) ==
                 0x7FC0,
             "row 52: scale B 0xFF -> NaN (bf16)");
    /* 0x00 x 0x00: 2^-9 * 2^-9 * 2^-254 = 2^-272 */
    TG_CHECK(mx_dot32(MXCTS_E4M3, tiny4, 1, 0x00, MXCTS_E4M3, tiny4, 1, 0x00, MXCTS_WIDE_F32) ==
                 0x00000000,
             "2^-272 -> f32 +0");
    TG_CHECK(mx_dot32(MXCTS_E4M3, ntiny4, 1, 0x00, MXCTS_E4M3, tiny4, 1, 0x00,
                      MXCTS_WIDE_F32) == 0x80000000,
             "-2^-272 -> f32 -0");
    TG_CHECK(mx_dot32(MXCTS_E4M3, tiny4, 1, 0x00, MXCTS_E4M3, tiny4, 1, 0x00, MXCTS_WIDE_F64) ==
                 tg_f64_bits(ldexp(1.0, -272)),
             "2^-272 f64 exact");
    /* row 51-like: E4M3 0x01 (2^-9) * 2^-127 * 1.0 = 2^-136: bf16 0, f32 0x00002000 */
    TG_CHECK(mx_dot32(MXCTS_E4M3, tiny4, 1, 0x00, MXCTS_E4M3, one4, 1, 0x7F, MXCTS_WIDE_BF16) ==
                 0x0000,
             "2^-136 -> bf16 0");
    TG_CHECK(mx_dot32(MXCTS_E4M3, tiny4, 1, 0x00, MXCTS_E4M3, one4, 1, 0x7F, MXCTS_WIDE_F32) ==
                 0x00002000,
             "2^-136 -> f32 subnormal");
    /* f32 subnormal results: e2m1 1.5 * 2^-127 * 1.0 * 2^-21 = 3 * 2^-149; then 3 * 2^-150 tie */
    const uint8_t f15[1] = {0x3}, f10[1] = {0x2};
    TG_CHECK(mx_dot32(MXCTS_E2M1, f15, 1, 0x00, MXCTS_E2M1, f10, 1, 0x6A, MXCTS_WIDE_F32) ==
                 0x00000003,
             "3*2^-149");
    TG_CHECK(mx_dot32(MXCTS_E2M1, f15, 1, 0x00, MXCTS_E2M1, f10, 1, 0x69, MXCTS_WIDE_F32) ==
                 0x00000002,
             "3*2^-150 ties to 2*2^-149");
    /* 2^127 scales on tiny elements land in range: 2^-9*2^-9*2^254 = 2^236 (f64) */
    TG_CHECK(mx_dot32(MXCTS_E4M3, tiny4, 1, 0xFE, MXCTS_E4M3, tiny4, 1, 0xFE, MXCTS_WIDE_F64) ==
                 tg_f64_bits(ldexp(1.0, 236)),
             "2^236");
    /* E5M2 Inf / NaN elements */
    const uint8_t inf5[1] = {0x7C}, ninf5[1] = {0xFC}, one5[1] = {0x3C}, nan5[1] = {0x7D};
    const uint8_t infninf[2] = {0x7C, 0xFC}, ones5[2] = {0x3C, 0x3C};
    TG_CHECK(mx_dot32(MXCTS_E5M2, inf5, 1, 0x7F, MXCTS_E5M2, zero, 1, 0x7F, MXCTS_WIDE_F32) ==
                 0x7FC00000,
             "Inf * 0 -> NaN");
    TG_CHECK(mx_dot32(MXCTS_E5M2, inf5, 1, 0x00, MXCTS_E5M2, one5, 1, 0x7F, MXCTS_WIDE_F32) ==
                 0x7F800000,
             "Inf * 2^-127 -> Inf");
    TG_CHECK(mx_dot32(MXCTS_E5M2, ninf5, 1, 0x7F, MXCTS_E5M2, one5, 1, 0x7F, MXCTS_WIDE_F16) ==
                 0xFC00,
             "-Inf -> f16 -Inf");
    TG_CHECK(mx_dot32(MXCTS_E5M2, infninf, 2, 0x7F, MXCTS_E5M2, ones5, 2, 0x7F,
                      MXCTS_WIDE_F32) == 0x7FC00000,
             "+Inf + -Inf -> NaN");
    TG_CHECK(mx_dot32(MXCTS_E5M2, nan5, 1, 0x7F, MXCTS_E5M2, zero, 1, 0x7F, MXCTS_WIDE_F64) ==
                 0x7FF8000000000000ull,
             "E5M2 NaN -> NaN");

    /* f32 overflow by one term (tie to even -> Inf), and just below */
    uint32_t av[3] = {0x7F7FFFFF, 0x73000000 /* 2^103 */, 0xD9000000 /* -2^51 */};
    uint32_t ones[3] = {0x3F800000, 0x3F800000, 0x3F800000};
    mxcts_operand A = mxcts_operand_wide(MXCTS_WIDE_F32, av, 3);
    mxcts_operand B = mxcts_operand_wide(MXCTS_WIDE_F32, ones, 3);
    uint32_t c = 0;
    TG_CHECK(mxcts_gemm_ref(1, 1, 2, &A, &B, NULL, MXCTS_WIDE_F32, &c, 1) == 0 &&
                 c == 0x7F800000,
             "FLT_MAX + 2^103 -> Inf");
    TG_CHECK(mxcts_gemm_ref(1, 1, 3, &A, &B, NULL, MXCTS_WIDE_F32, &c, 1) == 0 &&
                 c == 0x7F7FFFFF,
             "FLT_MAX + 2^103 - 2^51 -> FLT_MAX");
    /* per-tensor scale specials */
    uint8_t z[32] = {0}, o[32];
    memset(o, 0x38, 32);
    mxcts_operand Sz = mxcts_operand_scaled(MXCTS_E4M3, z, 32, HUGE_VALF);
    mxcts_operand So = mxcts_operand_scaled(MXCTS_E4M3, o, 32, 1.0f);
    TG_CHECK(mxcts_gemm_ref(1, 1, 32, &Sz, &So, NULL, MXCTS_WIDE_F32, &c, 1) == 0 &&
                 c == 0x7FC00000,
             "zero codes * Inf tensor scale -> NaN");
    mxcts_operand Sn = mxcts_operand_scaled(MXCTS_E4M3, o, 32, -0.5f);
    TG_CHECK(mxcts_gemm_ref(1, 1, 32, &Sn, &So, NULL, MXCTS_WIDE_F32, &c, 1) == 0 &&
                 c == 0xC1800000,
             "32 * 1 * -0.5 = -16");
    mxcts_operand S0 = mxcts_operand_scaled(MXCTS_E4M3, o, 32, 0.0f);
    TG_CHECK(mxcts_gemm_ref(1, 1, 32, &S0, &So, NULL, MXCTS_WIDE_F32, &c, 1) == 0 &&
                 c == 0x00000000,
             "zero tensor scale -> +0");
    /* FNUZ NaN code 0x80 */
    uint8_t fn[32] = {0x80};
    mxcts_operand Fn = mxcts_operand_scaled(MXCTS_E4M3FNUZ, fn, 32, 1.0f);
    TG_CHECK(mxcts_gemm_ref(1, 1, 32, &Fn, &So, NULL, MXCTS_WIDE_F32, &c, 1) == 0 &&
                 c == 0x7FC00000,
             "FNUZ 0x80 -> NaN");
    /* NaN bias */
    uint32_t nb = 0xFFC00001;
    mxcts_bias bias = {MXCTS_WIDE_F32, &nb};
    TG_CHECK(mxcts_gemm_ref(1, 1, 32, &So, &So, &bias, MXCTS_WIDE_F32, &c, 1) == 0 &&
                 c == 0x7FC00000,
             "NaN bias -> canonical NaN");
}

/* ---- 5. determinism over thread counts ---- */
static void test_determinism(void)
{
#ifdef _OPENMP
    uint64_t rs = 3;
    const int64_t M = 17, N = 13, K = 128;
    uint8_t *a = rand_codes(MXCTS_E5M2, M, K, K, &rs), *b = rand_codes(MXCTS_E4M3, N, K, K, &rs);
    uint8_t *sa = rand_scales(M, 4, 4, 0, 254, &rs), *sb = rand_scales(N, 4, 4, 0, 254, &rs);
    mxcts_operand A = mxcts_operand_mx(MXCTS_E5M2, a, K, sa, 4);
    mxcts_operand B = mxcts_operand_mx(MXCTS_E4M3, b, K, sb, 4);
    uint32_t c1[17 * 13], c2[17 * 13], m1[17 * 13], m2[17 * 13];
    int nt = omp_get_max_threads();
    omp_set_num_threads(1);
    mxcts_gemm_ref(M, N, K, &A, &B, NULL, MXCTS_WIDE_F32, c1, N);
    mxcts_gemm_model_fp32(M, N, K, &A, &B, NULL, NULL, MXCTS_WIDE_F32, m1, N);
    omp_set_num_threads(nt > 1 ? nt : 2);
    mxcts_gemm_ref(M, N, K, &A, &B, NULL, MXCTS_WIDE_F32, c2, N);
    mxcts_gemm_model_fp32(M, N, K, &A, &B, NULL, NULL, MXCTS_WIDE_F32, m2, N);
    omp_set_num_threads(nt);
    TG_CHECK(memcmp(c1, c2, sizeof c1) == 0, "exact GEMM differs across thread counts");
    TG_CHECK(memcmp(m1, m2, sizeof m1) == 0, "fp32 model differs across thread counts");
    free(a);
    free(b);
    free(sa);
    free(sb);
#endif
}

/* ---- 6. the modelled fp32 kernel ---- */
static void test_model(void)
{
    /* row 53: TOSA literal fp32 scale product 2^127*2^127 = Inf, 0 * Inf = NaN;
       the exact scale application gives 0. */
    uint8_t a[32] = {0x38, 0x38}, b[32] = {0x38, 0xB8};
    uint8_t sfe = 0xFE;
    mxcts_operand A = mxcts_operand_mx(MXCTS_E4M3, a, 32, &sfe, 1);
    mxcts_operand B = mxcts_operand_mx(MXCTS_E4M3, b, 32, &sfe, 1);
    mxcts_fp32_model tosa = {MXCTS_SCALE_FP32_PRODUCT, 0}, ex = {MXCTS_SCALE_EXACT, 0};
    uint32_t c = 0;
    TG_CHECK(mxcts_gemm_model_fp32(1, 1, 32, &A, &B, NULL, &tosa, MXCTS_WIDE_F32, &c, 1) == 0 &&
                 c == 0x7FC00000,
             "TOSA literal row 53 -> NaN, got 0x%x", c);
    TG_CHECK(mxcts_gemm_model_fp32(1, 1, 32, &A, &B, NULL, &ex, MXCTS_WIDE_F32, &c, 1) == 0 &&
                 c == 0x00000000,
             "exact scale row 53 -> 0, got 0x%x", c);
    /* scales 0x00 x 0x2A: TOSA fp32 product 2^-127 * 2^-85 underflows to 0;
       exact: 2 * 2^-212 -> 0 in f32 as well; 0x00 x 0x7F: 2 * 2^-127 subnormal exact */
    uint8_t s00 = 0x00, s7f = 0x7F;
    mxcts_operand A0 = mxcts_operand_mx(MXCTS_E4M3, a, 32, &s00, 1);
    mxcts_operand B1 = mxcts_operand_mx(MXCTS_E4M3, a, 32, &s7f, 1);
    TG_CHECK(mxcts_gemm_model_fp32(1, 1, 32, &A0, &B1, NULL, &tosa, MXCTS_WIDE_F32, &c, 1) == 0 &&
                 c == 0x00800000,
             "model 2 * 2^-127 = 2^-126, got 0x%x", c);
    /* sequential fp32 loses 1 in 2^24 + 1 - 2^24 ... (order matters); exact does not.
       f32 operands: [2^24, 1, -2^24] x [1, 1, 1] */
    uint32_t av[3] = {0x4B800000, 0x3F800000, 0xCB800000}, bv[3] = {0x3F800000, 0x3F800000,
                                                                     0x3F800000};
    mxcts_operand FA = mxcts_operand_wide(MXCTS_WIDE_F32, av, 3);
    mxcts_operand FB = mxcts_operand_wide(MXCTS_WIDE_F32, bv, 3);
    TG_CHECK(mxcts_gemm_model_fp32(1, 1, 3, &FA, &FB, NULL, NULL, MXCTS_WIDE_F32, &c, 1) == 0 &&
                 c == 0x00000000,
             "model: fl(fl(2^24 + 1) - 2^24) = 0, got 0x%x", c);
    TG_CHECK(mxcts_gemm_ref(1, 1, 3, &FA, &FB, NULL, MXCTS_WIDE_F32, &c, 1) == 0 &&
                 c == 0x3F800000,
             "exact: 1");
    /* FP4 x FP4, K = 64, moderate scales: block sums exact (4.3), two blocks
       add with one rounding -> the model equals the correctly rounded sum */
    uint64_t rs = 21;
    for (int rep = 0; rep < 50; rep++) {
        uint8_t *x = rand_codes(MXCTS_E2M1, 1, 64, 64, &rs), *y = rand_codes(MXCTS_E2M1, 1, 64, 64, &rs);
        uint8_t *sx = rand_scales(1, 2, 2, 100, 154, &rs), *sy = rand_scales(1, 2, 2, 100, 154, &rs);
        mxcts_operand X = mxcts_operand_mx(MXCTS_E2M1, x, 64, sx, 2);
        mxcts_operand Y = mxcts_operand_mx(MXCTS_E2M1, y, 64, sy, 2);
        q128 s = tq_dot(&X, &Y, NULL, 0, 0, 64, NULL);
        uint32_t cm = 0;
        mxcts_gemm_model_fp32(1, 1, 64, &X, &Y, NULL, NULL, MXCTS_WIDE_F32, &cm, 1);
        TG_CHECK(tq_bits_equal(MXCTS_WIDE_F32, cm, tq_round(s, MXCTS_WIDE_F32)),
                 "fp4 K=64 model == correctly rounded (rep %d)", rep);
        free(x);
        free(y);
        free(sx);
        free(sy);
    }
    /* E4M3 sequential-in-block model == a plain float simulation written here */
    for (int rep = 0; rep < 20; rep++) {
        uint8_t *x = rand_codes(MXCTS_E4M3, 1, 96, 96, &rs), *y = rand_codes(MXCTS_E4M3, 1, 96, 96, &rs);
        uint8_t *sx = rand_scales(1, 3, 3, 110, 144, &rs), *sy = rand_scales(1, 3, 3, 110, 144, &rs);
        mxcts_operand X = mxcts_operand_mx(MXCTS_E4M3, x, 96, sx, 3);
        mxcts_operand Y = mxcts_operand_mx(MXCTS_E4M3, y, 96, sy, 3);
        volatile float acc = 0.0f;
        for (int bl = 0; bl < 3; bl++) {
            volatile float bs = 0.0f;
            for (int k = bl * 32; k < bl * 32 + 32; k++) {
                q128 va, vb;
                tq_decode(MXCTS_E4M3, x[k], &va);
                tq_decode(MXCTS_E4M3, y[k], &vb);
                volatile float p = (float)(va * vb);
                bs = bs + p;
            }
            volatile float sc = ldexpf(1.0f, sx[bl] - 127) * ldexpf(1.0f, sy[bl] - 127);
            bs = bs * sc;
            acc = acc + bs;
        }
        uint32_t cm = 0;
        mxcts_gemm_model_fp32(1, 1, 96, &X, &Y, NULL, &tosa, MXCTS_WIDE_F32, &cm, 1);
        TG_CHECK(cm == tg_f32_bits(acc), "e4m3 model vs float simulation (rep %d): 0x%x 0x%x",
                 rep, cm, tg_f32_bits(acc));
        free(x);
        free(y);
        free(sx);
        free(sy);
    }
    /* output conversion of the model: bf16 of fp32 acc (1 + 2^-8 tie -> 1.0) */
    uint32_t pv[2] = {0x3F800000, 0x3B800000 /* 2^-8 */};
    mxcts_operand P = mxcts_operand_wide(MXCTS_WIDE_F32, pv, 2);
    mxcts_operand O = mxcts_operand_wide(MXCTS_WIDE_F32, bv, 2);
    uint16_t h = 0;
    TG_CHECK(mxcts_gemm_model_fp32(1, 1, 2, &P, &O, NULL, NULL, MXCTS_WIDE_BF16, &h, 1) == 0 &&
                 h == 0x3F80,
             "model bf16 tie, got 0x%x", h);
}

int main(void)
{
    test_fp4_integer();
    test_int8_k65536();
    test_random_mx();
    test_random_scaled_and_mixed();
    test_random_full_range();
    test_extremes();
    test_determinism();
    test_model();
    return tg_finish("test_gemm_ref");
}
