/* Guards of every public entry point of gemm_ref.h: NULL pointers, sizes
 * <= 0, K % block, leading dimensions too small, size products that
 * overflow, bad formats / kinds / modes, out-of-range codes. Each case must
 * return the documented status and write nothing (outputs hold a sentinel). */
#include <stdint.h>
#include <string.h>
#include "mxcts/gemm_ref.h"
#include "test_gemm_common.h"

enum { FN_GEMM = 0, FN_ACC, FN_MODEL, FN_DOT, FN_COUNT };
static const char *FN_NAME[FN_COUNT] = {"gemm_ref", "gemm_ref_acc", "gemm_model_fp32", "dot_ref"};

typedef struct cfg {
    int64_t M, N, K, ldc;
    mxcts_operand A, B;
    const mxcts_operand *pA, *pB;
    mxcts_bias bias;
    const mxcts_bias *pbias;
    mxcts_wide out;
    mxcts_fp32_model model;
    int null_C;
} cfg;

static uint8_t ca[2 * 64], cb[3 * 64], sa[2 * 2], sb[3 * 2], sb4[3 * 4];
static uint32_t bias_data[3];

static cfg base(void)
{
    cfg c;
    memset(&c, 0, sizeof c);
    c.M = 2;
    c.N = 3;
    c.K = 64;
    c.ldc = 3;
    c.A = mxcts_operand_mx(MXCTS_E4M3, ca, 64, sa, 2);
    c.B = mxcts_operand_mx(MXCTS_E4M3, cb, 64, sb, 2);
    c.pA = &c.A;
    c.pB = &c.B;
    c.bias.type = MXCTS_WIDE_F32;
    c.bias.data = bias_data;
    c.pbias = NULL;
    c.out = MXCTS_WIDE_F32;
    c.model.scale_apply = MXCTS_SCALE_FP32_PRODUCT;
    c.model.block = 0;
    return c;
}

static union {
    uint32_t f32[64];
    mxcts_acc acc[8];
} outbuf;

static mxcts_status call(int fn, cfg *c)
{
    /* pointers inside the struct follow copies */
    const mxcts_operand *pA = c->pA ? &c->A : NULL, *pB = c->pB ? &c->B : NULL;
    const mxcts_bias *pb = c->pbias ? &c->bias : NULL;
    void *C = c->null_C ? NULL : (void *)&outbuf;
    switch (fn) {
    case FN_GEMM: return mxcts_gemm_ref(c->M, c->N, c->K, pA, pB, pb, c->out, C, c->ldc);
    case FN_ACC: return mxcts_gemm_ref_acc(c->M, c->N, c->K, pA, pB, pb, (mxcts_acc *)C, c->ldc);
    case FN_MODEL:
        return mxcts_gemm_model_fp32(c->M, c->N, c->K, pA, pB, pb, &c->model, c->out, C, c->ldc);
    default: return mxcts_dot_ref(c->K, pA, pB, (mxcts_acc *)C);
    }
}

/* Run `c` on the functions in mask; expect `want` and an untouched output. */
static void expect(const char *what, cfg c, unsigned mask, mxcts_status want)
{
    for (int fn = 0; fn < FN_COUNT; fn++) {
        if (!(mask & (1u << fn)))
            continue;
        memset(&outbuf, 0xA5, sizeof outbuf);
        mxcts_status st = call(fn, &c);
        unsigned char ref[sizeof outbuf];
        memset(ref, 0xA5, sizeof ref);
        TG_CHECK(st == want, "%s / %s: status %d, want %d", what, FN_NAME[fn], (int)st, (int)want);
        if (want != MXCTS_OK)
            TG_CHECK(memcmp(&outbuf, ref, sizeof ref) == 0, "%s / %s: output written on error",
                     what, FN_NAME[fn]);
    }
}

#define ALL 0xFu
#define GEMMS 0x7u
#define MODEL 0x4u
#define OPS (ALL)

int main(void)
{
    memset(ca, 0x38, sizeof ca);
    memset(cb, 0x38, sizeof cb);
    memset(sa, 0x7F, sizeof sa);
    memset(sb, 0x7F, sizeof sb);
    memset(sb4, 0x7F, sizeof sb4);
    cfg c;

    expect("valid", base(), ALL, MXCTS_OK);
    c = base(); c.pbias = &c.bias;
    expect("valid with bias", c, GEMMS, MXCTS_OK);

    /* sizes */
    c = base(); c.M = 0; expect("M = 0", c, GEMMS, MXCTS_ERR_SIZE);
    c = base(); c.M = -1; expect("M < 0", c, GEMMS, MXCTS_ERR_SIZE);
    c = base(); c.N = 0; expect("N = 0", c, GEMMS, MXCTS_ERR_SIZE);
    c = base(); c.N = -5; expect("N < 0", c, GEMMS, MXCTS_ERR_SIZE);
    c = base(); c.K = 0; expect("K = 0", c, ALL, MXCTS_ERR_SIZE);
    c = base(); c.K = -32; expect("K < 0", c, ALL, MXCTS_ERR_SIZE);
    c = base(); c.K = 48; expect("K % 32", c, ALL, MXCTS_ERR_SIZE);
    c = base(); c.A.block = -1; expect("block < 0", c, ALL, MXCTS_ERR_SIZE);
    c = base(); c.A.ld = 63; expect("lda < K", c, ALL, MXCTS_ERR_SIZE);
    c = base(); c.B.ld = 10; expect("ldb < K", c, ALL, MXCTS_ERR_SIZE);
    c = base(); c.A.ld_scales = 1; expect("ld_scales < K/32", c, ALL, MXCTS_ERR_SIZE);
    c = base(); c.ldc = 2; expect("ldc < N", c, GEMMS, MXCTS_ERR_SIZE);
    c = base(); c.M = (int64_t)1 << 40; c.A.ld = (int64_t)1 << 30;
    expect("M * lda overflows", c, GEMMS, MXCTS_ERR_SIZE);
    c = base(); c.A.ld = INT64_MAX; expect("lda = INT64_MAX (extent overflows)", c, GEMMS,
                                           MXCTS_ERR_SIZE);
    c = base(); c.ldc = INT64_MAX / 2; expect("ldc * M * 4 bytes overflows", c, GEMMS,
                                              MXCTS_ERR_SIZE);
    c = base(); c.N = (int64_t)1 << 62; c.ldc = c.N;
    c.B.ld = 64; expect("N * K overflows", c, GEMMS, MXCTS_ERR_SIZE);

    /* NULLs */
    c = base(); c.pA = NULL; expect("A NULL", c, ALL, MXCTS_ERR_NULL);
    c = base(); c.pB = NULL; expect("B NULL", c, ALL, MXCTS_ERR_NULL);
    c = base(); c.null_C = 1; expect("C NULL", c, ALL, MXCTS_ERR_NULL);
    c = base(); c.A.data = NULL; expect("A data NULL", c, ALL, MXCTS_ERR_NULL);
    c = base(); c.B.scales = NULL; expect("B scales NULL", c, ALL, MXCTS_ERR_NULL);
    c = base(); c.pbias = &c.bias; c.bias.data = NULL;
    expect("bias data NULL", c, GEMMS, MXCTS_ERR_NULL);

    /* formats, kinds, modes */
    c = base(); c.A.fmt = MXCTS_E4M3FNUZ; expect("MX FNUZ", c, ALL, MXCTS_ERR_FORMAT);
    c = base(); c.A.fmt = MXCTS_E8M0; expect("MX E8M0 element", c, ALL, MXCTS_ERR_FORMAT);
    c = base(); c.B.fmt = (mxcts_format)99; expect("MX fmt 99", c, ALL, MXCTS_ERR_FORMAT);
    c = base(); c.A = mxcts_operand_scaled(MXCTS_E8M0, ca, 64, 1.0f);
    expect("SCALED E8M0", c, ALL, MXCTS_ERR_FORMAT);
    c = base(); c.A = mxcts_operand_scaled((mxcts_format)-3, ca, 64, 1.0f);
    expect("SCALED fmt -3", c, ALL, MXCTS_ERR_FORMAT);
    c = base(); c.A = mxcts_operand_wide(MXCTS_WIDE_F64, ca, 16);
    c.K = 16; c.B.ld = 64; c.B.block = 16;
    expect("WIDE f64", c, ALL, MXCTS_ERR_UNSUPPORTED);
    c = base(); c.A = mxcts_operand_wide((mxcts_wide)9, ca, 64);
    expect("WIDE type 9", c, ALL, MXCTS_ERR_FORMAT);
    c = base(); c.A.kind = (mxcts_operand_kind)7; expect("kind 7", c, ALL, MXCTS_ERR_MODE);
    c = base(); c.out = (mxcts_wide)9; expect("out type 9", c, 0x5u, MXCTS_ERR_FORMAT);
    c = base(); c.pbias = &c.bias; c.bias.type = MXCTS_WIDE_F64;
    expect("bias f64", c, GEMMS, MXCTS_ERR_UNSUPPORTED);
    c = base(); c.pbias = &c.bias; c.bias.type = (mxcts_wide)12;
    expect("bias type 12", c, GEMMS, MXCTS_ERR_FORMAT);
    c = base(); c.model.scale_apply = (mxcts_scale_apply)5;
    expect("model scale_apply 5", c, MODEL, MXCTS_ERR_MODE);
    c = base(); c.model.block = 16; expect("model block != MX block", c, MODEL,
                                           MXCTS_ERR_UNSUPPORTED);
    c = base(); c.model.block = -2; expect("model block < 0", c, MODEL, MXCTS_ERR_SIZE);
    c = base(); c.B.block = 16; c.B.ld_scales = 4; c.B.scales = sb4;
    expect("A/B MX blocks differ (model)", c, MODEL, MXCTS_ERR_UNSUPPORTED);
    expect("A/B MX blocks differ (exact ok)", c, 0xBu, MXCTS_OK);
    c.B.ld_scales = 3;
    expect("ld_scales < K/16", c, ALL, MXCTS_ERR_SIZE);

    /* codes out of range (checked before anything is written) */
    {
        static uint8_t fp4[2 * 64];
        memset(fp4, 0x2, sizeof fp4);
        fp4[2 * 64 - 1] = 0x10; /* the very last element */
        c = base(); c.A.fmt = MXCTS_E2M1; c.A.data = fp4;
        expect("E2M1 code 0x10", c, GEMMS, MXCTS_ERR_CODE_RANGE);
        static uint8_t fp6[64];
        memset(fp6, 0x3F, sizeof fp6);
        fp6[5] = 0x40;
        c = base(); c.B = mxcts_operand_scaled(MXCTS_E3M2, fp6, 0, 1.0f); c.B.ld = 0;
        c.N = 1; c.B.ld = 64;
        expect("E3M2 code 0x40", c, ALL, MXCTS_ERR_CODE_RANGE);
    }

    /* ---- tolerance-model entry points ---- */
    mxcts_accum_model m;
    mxcts_acc acc;
    mxcts_acc_init(&acc);
    double bound = 7.0;
    int64_t keff = 7;
    mxcts_check chk;
    memset(&chk, 0x5A, sizeof chk);
    mxcts_check chk0 = chk;
    TG_CHECK(mxcts_accum_model_init(NULL, MXCTS_ACCUM_SEQUENTIAL) == MXCTS_ERR_NULL, "init NULL");
    TG_CHECK(mxcts_accum_model_init(&m, (mxcts_accum_kind)9) == MXCTS_ERR_MODE, "init kind 9");
    mxcts_accum_model_init(&m, MXCTS_ACCUM_BLOCKED);
    TG_CHECK(mxcts_accum_k_eff(NULL, 32, &keff) == MXCTS_ERR_NULL && keff == 7, "k_eff NULL");
    TG_CHECK(mxcts_accum_k_eff(&m, 0, &keff) == MXCTS_ERR_SIZE && keff == 7, "k_eff K=0");
    TG_CHECK(mxcts_accum_k_eff(&m, 32, NULL) == MXCTS_ERR_NULL, "k_eff out NULL");
    mxcts_accum_model bad = m;
    bad.block = 0;
    TG_CHECK(mxcts_accum_k_eff(&bad, 32, &keff) == MXCTS_ERR_SIZE && keff == 7, "block 0");
    bad = m;
    bad.c = 0.5;
    TG_CHECK(mxcts_error_bound(&bad, 32, &acc, MXCTS_WIDE_F32, &bound) == MXCTS_ERR_MODE &&
                 bound == 7.0,
             "c < 1");
    bad = m;
    bad.acc_type = (mxcts_wide)9;
    TG_CHECK(mxcts_error_bound(&bad, 32, &acc, MXCTS_WIDE_F32, &bound) == MXCTS_ERR_FORMAT &&
                 bound == 7.0,
             "acc_type 9");
    bad = m;
    bad.kind = (mxcts_accum_kind)-1;
    TG_CHECK(mxcts_check_result(&bad, 32, &acc, MXCTS_WIDE_F32, 0, &chk) == MXCTS_ERR_MODE,
             "kind -1");
    TG_CHECK(mxcts_error_bound(&m, 32, NULL, MXCTS_WIDE_F32, &bound) == MXCTS_ERR_NULL, "eb NULL");
    TG_CHECK(mxcts_error_bound(&m, -1, &acc, MXCTS_WIDE_F32, &bound) == MXCTS_ERR_SIZE &&
                 bound == 7.0,
             "eb K<0");
    TG_CHECK(mxcts_error_bound(&m, 32, &acc, (mxcts_wide)5, &bound) == MXCTS_ERR_FORMAT &&
                 bound == 7.0,
             "eb out type");
    TG_CHECK(mxcts_check_result(&m, 32, &acc, MXCTS_WIDE_F16, 0x10000, &chk) ==
                 MXCTS_ERR_CODE_RANGE,
             "check: f16 bits above 16");
    TG_CHECK(mxcts_check_result(&m, 32, &acc, MXCTS_WIDE_F32, 0, NULL) == MXCTS_ERR_NULL,
             "check out NULL");
    TG_CHECK(mxcts_check_result(NULL, 32, &acc, MXCTS_WIDE_F32, 0, &chk) == MXCTS_ERR_NULL,
             "check model NULL");
    TG_CHECK(mxcts_check_result(&m, 0, &acc, MXCTS_WIDE_F32, 0, &chk) == MXCTS_ERR_SIZE,
             "check K = 0");
    TG_CHECK(memcmp(&chk, &chk0, sizeof chk) == 0, "check result written on error");
    TG_CHECK(mxcts_mx_block_sum_exact((mxcts_format)99, MXCTS_E2M1) == 0, "block_sum_exact bad");
    TG_CHECK(mxcts_mx_block_sum_exact(MXCTS_E8M0, MXCTS_E2M1) == 0, "block_sum_exact E8M0");
    return tg_finish("test_gemm_guards");
}
