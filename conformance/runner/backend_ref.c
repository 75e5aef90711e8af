/* The reference as a backend (`--backend ref`): the runner's self-check.
 * Element ops are the bit-exact reference under the claimed profile; gemm_mx
 * is the modelled fp32 kernel (blocked, exact scale application), so the
 * error-bound machinery is exercised on real rounding errors. */
#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "mxcts/convert.h"
#include "mxcts/fnuz.h"
#include "mxcts/gemm_ref.h"
#include "mxcts/mxblock.h"
#include "mxcts/profile.h"

static int ref_encode(rb_backend *b, int fmt, const uint32_t *src, size_t n, uint8_t *dst, int round,
                      int overflow)
{
    mxcts_convert cv;
    if (mxcts_profile_apply(b->profile, &cv, NULL, NULL) != MXCTS_OK)
        return MXCTS_ERR_MODE;
    if (round < 0 || round >= MXCTS_ROUND_COUNT || overflow < 0 || overflow >= MXCTS_OVERFLOW_COUNT)
        return MXCTS_ERR_MODE;
    cv.round = (mxcts_round)round;
    cv.overflow = (mxcts_overflow)overflow;
    if (fmt == MXCTS_E8M0)
        return MXCTS_ERR_FORMAT;
    return mxcts_encode_bulk((mxcts_format)fmt, MXCTS_WIDE_F32, src, n, dst, &cv, NULL);
}

static int ref_decode(rb_backend *b, int fmt, const uint8_t *src, size_t n, uint32_t *dst)
{
    (void)b;
    return mxcts_decode_bulk((mxcts_format)fmt, src, n, MXCTS_WIDE_F32, dst);
}

static int ref_quantize(rb_backend *b, int elem, const uint32_t *src, int64_t rows, int64_t k,
                        int scale_mode, uint8_t *codes, uint8_t *scales)
{
    mxcts_block_config cfg;
    if (mxcts_profile_apply(b->profile, NULL, NULL, &cfg) != MXCTS_OK)
        return MXCTS_ERR_MODE;
    cfg.scale_mode = (mxcts_scale_mode)scale_mode;
    cfg.block_size = MXCTS_MX_BLOCK;
    if (k % MXCTS_MX_BLOCK)
        return MXCTS_ERR_SIZE;
    return mxcts_mx_quantize((mxcts_format)elem, MXCTS_WIDE_F32, src, rows, k, k, &cfg, codes, k, scales,
                             k / MXCTS_MX_BLOCK);
}

static int ref_dequantize(rb_backend *b, int elem, const uint8_t *codes, const uint8_t *scales,
                          int64_t rows, int64_t k, uint32_t *dst)
{
    (void)b;
    if (k % MXCTS_MX_BLOCK)
        return MXCTS_ERR_SIZE;
    return mxcts_mx_dequantize((mxcts_format)elem, codes, k, scales, k / MXCTS_MX_BLOCK, rows, k,
                               MXCTS_MX_BLOCK, MXCTS_WIDE_F32, dst, k);
}

static int ref_gemm(rb_backend *b, int fa, int fb, int64_t m, int64_t n, int64_t k, const uint8_t *a,
                    const uint8_t *as, const uint8_t *bb, const uint8_t *bs, uint32_t *c)
{
    (void)b;
    if (k % MXCTS_MX_BLOCK || k <= 0)
        return MXCTS_ERR_SIZE;
    mxcts_operand A = mxcts_operand_mx((mxcts_format)fa, a, k, as, k / MXCTS_MX_BLOCK);
    mxcts_operand B = mxcts_operand_mx((mxcts_format)fb, bb, k, bs, k / MXCTS_MX_BLOCK);
    mxcts_fp32_model model = {MXCTS_SCALE_EXACT, 0};
    return mxcts_gemm_model_fp32(m, n, k, &A, &B, NULL, &model, MXCTS_WIDE_F32, c, n);
}

static int ref_reencode(rb_backend *b, int sf, int df, const uint8_t *src, size_t n, uint8_t *dst)
{
    (void)b;
    if ((sf == MXCTS_E4M3 && df == MXCTS_E4M3FNUZ) || (sf == MXCTS_E5M2 && df == MXCTS_E5M2FNUZ))
        return mxcts_ocp_to_fnuz((mxcts_format)sf, src, n, dst, NULL);
    if ((sf == MXCTS_E4M3FNUZ && df == MXCTS_E4M3) || (sf == MXCTS_E5M2FNUZ && df == MXCTS_E5M2))
        return mxcts_fnuz_to_ocp((mxcts_format)sf, src, n, MXCTS_OVERFLOW_SAT, dst, NULL);
    return MXCTS_ERR_FORMAT;
}

int rb_open_ref(rb_backend *b, char *err, size_t errsize)
{
    (void)err;
    (void)errsize;
    strcpy(b->kind, "ref");
    snprintf(b->name, sizeof b->name, "mxcts reference (self-check)");
#ifdef MXCTS_VERSION
    snprintf(b->impl_version, sizeof b->impl_version, "%s", MXCTS_VERSION);
#endif
    strcpy(b->target, "host");
    strcpy(b->platform, "host");
    snprintf(b->device, sizeof b->device, "host CPU (reference)");
    b->accum_kind = MXCTS_ACCUM_BLOCKED;
    b->accum_block = 32;
    b->ops.encode = ref_encode;
    b->ops.decode = ref_decode;
    b->ops.mx_quantize = ref_quantize;
    b->ops.mx_dequantize = ref_dequantize;
    b->ops.gemm_mx = ref_gemm;
    b->ops.reencode = ref_reencode;
    return 0;
}
