/* Bulk encoders: one OpenMP loop per source type. Each element is
 * independent, so the bytes do not depend on the thread count; flags are an
 * OR-reduction, which is order-independent. */
#include "encode_plan.h"

#define BULK_LOOP(TYPE, SPLIT)                                                       \
    do {                                                                             \
        const TYPE *src_ = (const TYPE *)in;                                         \
        _Pragma("omp parallel for schedule(static) reduction(|:fl)")                 \
        for (ptrdiff_t i = 0; i < (ptrdiff_t)n; i++) {                               \
            unsigned efl = 0;                                                        \
            out[i] = SPLIT;                                                          \
            fl |= efl;                                                               \
        }                                                                            \
    } while (0)

/* f32 / f16 / bf16: widen tiles to f32 bits, then the branch-free kernel. */
enum { TILE = 4096 };
static unsigned encode_wide32(const enc_plan *plan, mxcts_wide src, const void *in, size_t n,
                              uint8_t *out)
{
    unsigned fl = 0;
    size_t tiles = (n + TILE - 1) / TILE;
#pragma omp parallel for schedule(static) reduction(|:fl)
    for (ptrdiff_t t = 0; t < (ptrdiff_t)tiles; t++) {
        size_t lo = (size_t)t * TILE, len = n - lo < TILE ? n - lo : TILE;
        uint32_t buf[TILE];
        const uint32_t *x = (const uint32_t *)in + lo;
        if (src == MXCTS_WIDE_F16)
            for (size_t i = 0; i < len; i++)
                buf[i] = f16_to_f32_bits(((const uint16_t *)in)[lo + i]);
        else if (src == MXCTS_WIDE_BF16)
            for (size_t i = 0; i < len; i++)
                buf[i] = (uint32_t)((const uint16_t *)in)[lo + i] << 16;
        if (src != MXCTS_WIDE_F32)
            x = buf;
        fl |= plan_encode_f32_block(plan, x, out + lo, len);
    }
    return fl;
}

mxcts_status mxcts_encode_bulk(mxcts_format fmt, mxcts_wide src, const void *in, size_t n,
                               uint8_t *out, const mxcts_convert *cv, unsigned *flags)
{
    if (!cv || ((!in || !out) && n))
        return MXCTS_ERR_NULL;
    const mxcts_format_info *f = mxcts_format_get(fmt);
    if (!f || f->kind == MXCTS_KIND_SCALE)
        return MXCTS_ERR_FORMAT;
    if ((unsigned)src >= MXCTS_WIDE_COUNT)
        return MXCTS_ERR_MODE;
    mxcts_status st = mxcts_convert_validate(cv);
    if (st)
        return st;
    if (n > (size_t)PTRDIFF_MAX)
        return MXCTS_ERR_SIZE;
    /* Local copies: stores to `out` (uint8_t) may alias anything, so the
     * compiler would otherwise reload every knob for every element. */
    const mxcts_convert c = *cv;
    const mxcts_format_info fi = *f;
    enc_plan plan;
    plan_init(&plan, f, cv);
    unsigned fl = 0;
    switch (src) {
    case MXCTS_WIDE_F64: BULK_LOOP(uint64_t, encode_parts(&fi, split_f64(src_[i]), &c, &efl)); break;
    default: fl = encode_wide32(&plan, src, in, n, out); break;
    }
    if (flags)
        *flags |= fl;
    return MXCTS_OK;
}
