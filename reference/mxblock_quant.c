/* MX block quantisation: amax -> scale (mxblock_scale.c), then every element
 * is value / X encoded exactly: X = 2^s, so the division is a shift of the
 * value's exponent handed to the element encoder, with no intermediate
 * rounding (value / X may be far below the f32 subnormal range or above
 * FLT_MAX; the parts hold it exactly). */
#include "mxblock_internal.h"

static uint8_t encode_inf_elem(const mxcts_format_info *f, unsigned sign, const mxcts_block_config *cfg)
{
    if (cfg->inf_elem == MXCTS_BLOCK_INF_ELEM_KEEP && f->nan_kind != MXCTS_NAN_NONE) {
        if (f->has_inf)
            return (uint8_t)((sign ? f->sign_mask : 0) | f->inf_code);
        return (uint8_t)((sign ? f->sign_mask : 0) | f->nan_code); /* E4M3: NaN */
    }
    return blk_max_code(f, sign, cfg->int8_min);
}

void mxblock_quantize_one(const mxcts_format_info *f, mxcts_wide src, const void *in, int64_t first,
                          int64_t n, const mxcts_block_config *cfg, uint8_t *scale, uint8_t *codes)
{
    uint32_t amax = 0;
    int has_nan = 0, has_inf = 0;
    for (int64_t i = 0; i < n; i++) {
        uint32_t b = blk_abs_f32_bits(src, in, first + i);
        if (b > 0x7F800000u)
            has_nan = 1;
        else if (b == 0x7F800000u)
            has_inf = 1;
        else if (b > amax)
            amax = b; /* f32 magnitudes order like their bit patterns */
    }
    uint8_t x;
    if (has_nan && cfg->nan_policy == MXCTS_BLOCK_NAN_SPEC)
        x = 0xFF;
    else if (has_inf && cfg->inf_policy == MXCTS_BLOCK_INF_SPEC)
        x = 0xFF;
    else if (has_inf && cfg->inf_policy == MXCTS_BLOCK_INF_MAX_SCALE)
        x = 0xFE;
    else
        x = mxblock_scale_finite(f, amax, cfg->scale_mode);
    *scale = x;
    if (x == 0xFF) { /* the block is NaN whatever the elements say: write a fixed filler */
        memset(codes, blk_nan_code(f), (size_t)n);
        return;
    }
    int s = (int)x - 127;
    for (int64_t i = 0; i < n; i++) {
        wide_parts p = blk_split(src, in, first + i);
        uint8_t c;
        switch (p.cls) {
        case WIDE_FINITE:
            c = blk_encode_finite(f, p.sign, p.e - s, p.sig, cfg->round, cfg->int8_min);
            break;
        case WIDE_ZERO:
            c = (p.sign && f->has_neg_zero) ? f->sign_mask : 0;
            break;
        case WIDE_INF:
            c = encode_inf_elem(f, p.sign, cfg);
            break;
        default: /* NaN: canonical positive NaN (CUDA/TE); no-NaN formats +max (CUDA satfinite) */
            c = f->nan_kind == MXCTS_NAN_NONE ? f->max_code : f->nan_code;
            break;
        }
        codes[i] = c;
    }
}

static mxcts_status check_common(mxcts_format elem, mxcts_wide src, const mxcts_block_config *cfg,
                                 const mxcts_format_info **f)
{
    if (!cfg)
        return MXCTS_ERR_NULL;
    mxcts_status st = mxcts_block_config_validate(cfg);
    if (st)
        return st;
    if (!mxcts_mx_elem_ok(elem))
        return MXCTS_ERR_FORMAT;
    if ((unsigned)src >= MXCTS_WIDE_COUNT)
        return MXCTS_ERR_MODE;
    if (src == MXCTS_WIDE_F64)
        return MXCTS_ERR_UNSUPPORTED; /* amax-based scale modes are defined on f32 */
    *f = mxcts_format_get(elem);
    return MXCTS_OK;
}

mxcts_status mxcts_mx_scale_from_amax(mxcts_format elem, uint32_t amax_bits,
                                      const mxcts_block_config *cfg, uint8_t *scale)
{
    const mxcts_format_info *f = NULL;
    if (!scale)
        return MXCTS_ERR_NULL;
    mxcts_status st = check_common(elem, MXCTS_WIDE_F32, cfg, &f);
    if (st)
        return st;
    uint32_t a = amax_bits & 0x7FFFFFFFu;
    uint8_t x;
    if (a > 0x7F800000u)
        x = cfg->nan_policy == MXCTS_BLOCK_NAN_SPEC ? 0xFF : 0x00;
    else if (a == 0x7F800000u)
        x = cfg->inf_policy == MXCTS_BLOCK_INF_SPEC ? 0xFF
            : cfg->inf_policy == MXCTS_BLOCK_INF_MAX_SCALE ? 0xFE : 0x00;
    else
        x = mxblock_scale_finite(f, a, cfg->scale_mode);
    *scale = x;
    return MXCTS_OK;
}

mxcts_status mxcts_mx_quantize_block(mxcts_format elem, mxcts_wide src, const void *in, int64_t n,
                                     const mxcts_block_config *cfg, uint8_t *scale, uint8_t *codes)
{
    const mxcts_format_info *f = NULL;
    if (!in || !scale || !codes)
        return MXCTS_ERR_NULL;
    mxcts_status st = check_common(elem, src, cfg, &f);
    if (st)
        return st;
    if (n < 1 || (uint64_t)n > (uint64_t)PTRDIFF_MAX / 4)
        return MXCTS_ERR_SIZE;
    mxblock_quantize_one(f, src, in, 0, n, cfg, scale, codes);
    return MXCTS_OK;
}

mxcts_status mxcts_mx_quantize(mxcts_format elem, mxcts_wide src, const void *in, int64_t rows,
                               int64_t k, int64_t ld_in, const mxcts_block_config *cfg,
                               uint8_t *codes, int64_t ld_codes, uint8_t *scales, int64_t ld_scales)
{
    const mxcts_format_info *f = NULL;
    if (!in || !codes || !scales)
        return MXCTS_ERR_NULL;
    mxcts_status st = check_common(elem, src, cfg, &f);
    if (st)
        return st;
    int64_t bs = cfg->block_size;
    if (rows < 1 || k < 1 || k % bs)
        return MXCTS_ERR_SIZE;
    int64_t nb = k / bs;
    if (ld_in < k || ld_codes < k || ld_scales < nb)
        return MXCTS_ERR_SIZE;
    int64_t ext_in, ext_codes, ext_scales, nblocks;
    size_t esize = src == MXCTS_WIDE_F32 ? 4 : 2;
    if (!blk_extent(rows, ld_in, k, &ext_in) || !blk_extent(rows, ld_codes, k, &ext_codes) ||
        !blk_extent(rows, ld_scales, nb, &ext_scales) || __builtin_mul_overflow(rows, nb, &nblocks) ||
        (uint64_t)ext_in > (uint64_t)PTRDIFF_MAX / esize)
        return MXCTS_ERR_SIZE;
    const mxcts_block_config c = *cfg;
#pragma omp parallel for schedule(static)
    for (int64_t t = 0; t < nblocks; t++) {
        int64_t r = t / nb, b = t % nb;
        mxblock_quantize_one(f, src, in, r * ld_in + b * bs, bs, &c, &scales[r * ld_scales + b],
                             &codes[r * ld_codes + b * bs]);
    }
    return MXCTS_OK;
}
