/* MX block dequantisation: X * element is exact in binary64 (element
 * significands have at most 7 bits, exponents stay within [-143, 143]), so the
 * only rounding is the final one to the output type (RNE, overflow -> Inf). */
#include "mxblock_internal.h"

static double quiet_nan(unsigned sign)
{
    uint64_t b = 0x7FF8000000000000ull | ((uint64_t)sign << 63);
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

/* Exact value of (scale, code); code already range-checked. */
static double dq_exact(mxcts_format elem, uint8_t scale, unsigned code)
{
    if (scale == 0xFF)
        return quiet_nan(0);
    double v = 0;
    mxcts_decode_f64(elem, code, &v);
    if (v != v) {
        const mxcts_format_info *f = mxcts_format_get(elem);
        return quiet_nan((code & f->sign_mask) != 0);
    }
    return v * blk_pow2((int)scale - 127); /* exact, or +-Inf * 2^s = +-Inf */
}

static uint64_t dq_bits(double v, mxcts_wide dst)
{
    switch (dst) {
    case MXCTS_WIDE_F32: return blk_round_f64(v, 8, 23);
    case MXCTS_WIDE_F16: return blk_round_f64(v, 5, 10);
    case MXCTS_WIDE_BF16: return blk_round_f64(v, 8, 7);
    default: {
        uint64_t b;
        memcpy(&b, &v, sizeof b);
        return b;
    }
    }
}

mxcts_status mxcts_mx_dequantize_one(mxcts_format elem, uint8_t scale, unsigned code, mxcts_wide dst,
                                     double *exact, uint64_t *bits)
{
    if (!exact)
        return MXCTS_ERR_NULL;
    if (!mxcts_mx_elem_ok(elem))
        return MXCTS_ERR_FORMAT;
    if ((unsigned)dst >= MXCTS_WIDE_COUNT)
        return MXCTS_ERR_MODE;
    if (code >= mxcts_format_code_count(elem))
        return MXCTS_ERR_CODE_RANGE;
    double v = dq_exact(elem, scale, code);
    *exact = v;
    if (bits)
        *bits = dq_bits(v, dst);
    return MXCTS_OK;
}

mxcts_status mxcts_mx_dequantize(mxcts_format elem, const uint8_t *codes, int64_t ld_codes,
                                 const uint8_t *scales, int64_t ld_scales, int64_t rows, int64_t k,
                                 int block_size, mxcts_wide dst, void *out, int64_t ld_out)
{
    if (!codes || !scales || !out)
        return MXCTS_ERR_NULL;
    if (!mxcts_mx_elem_ok(elem))
        return MXCTS_ERR_FORMAT;
    if ((unsigned)dst >= MXCTS_WIDE_COUNT)
        return MXCTS_ERR_MODE;
    if (block_size < 1 || rows < 1 || k < 1 || k % block_size)
        return MXCTS_ERR_SIZE;
    int64_t nb = k / block_size;
    if (ld_codes < k || ld_out < k || ld_scales < nb)
        return MXCTS_ERR_SIZE;
    size_t osize = dst == MXCTS_WIDE_F64 ? 8 : dst == MXCTS_WIDE_F32 ? 4 : 2;
    int64_t ext_c, ext_s, ext_o;
    if (!blk_extent(rows, ld_codes, k, &ext_c) || !blk_extent(rows, ld_scales, nb, &ext_s) ||
        !blk_extent(rows, ld_out, k, &ext_o) || (uint64_t)ext_o > (uint64_t)PTRDIFF_MAX / osize)
        return MXCTS_ERR_SIZE;
    unsigned ncodes = mxcts_format_code_count(elem);
    int bad = 0;
#pragma omp parallel for schedule(static) reduction(|:bad)
    for (int64_t r = 0; r < rows; r++)
        for (int64_t j = 0; j < k; j++)
            bad |= codes[r * ld_codes + j] >= ncodes;
    if (bad)
        return MXCTS_ERR_CODE_RANGE;
#pragma omp parallel for schedule(static)
    for (int64_t r = 0; r < rows; r++) {
        for (int64_t j = 0; j < k; j++) {
            double v = dq_exact(elem, scales[r * ld_scales + j / block_size], codes[r * ld_codes + j]);
            int64_t o = r * ld_out + j;
            switch (dst) {
            case MXCTS_WIDE_F64: ((double *)out)[o] = v; break;
            case MXCTS_WIDE_F32: ((uint32_t *)out)[o] = (uint32_t)dq_bits(v, dst); break;
            default: ((uint16_t *)out)[o] = (uint16_t)dq_bits(v, dst); break;
            }
        }
    }
    return MXCTS_OK;
}
