/* E8M0 encoders: knobs, one-value entry points and the OpenMP bulk loop. */
#include "e8m0_core.h"

mxcts_status mxcts_e8m0_init(mxcts_e8m0_convert *cv)
{
    if (!cv)
        return MXCTS_ERR_NULL;
    cv->round = MXCTS_E8M0_RTZ;
    cv->overflow = MXCTS_E8M0_NONSAT;
    cv->zero = MXCTS_E8M0_ZERO_MIN;
    cv->negative = MXCTS_E8M0_NEG_NAN;
    return MXCTS_OK;
}

mxcts_status mxcts_e8m0_validate(const mxcts_e8m0_convert *cv)
{
    if (!cv)
        return MXCTS_ERR_NULL;
    if ((unsigned)cv->round >= MXCTS_E8M0_ROUND_COUNT ||
        (unsigned)cv->overflow >= MXCTS_E8M0_OVERFLOW_COUNT ||
        (unsigned)cv->zero >= MXCTS_E8M0_ZERO_COUNT ||
        (unsigned)cv->negative >= MXCTS_E8M0_NEGATIVE_COUNT)
        return MXCTS_ERR_MODE;
    return MXCTS_OK;
}

static mxcts_status one(wide_parts p, const mxcts_e8m0_convert *cv, uint8_t *code, unsigned *flags)
{
    if (!code)
        return MXCTS_ERR_NULL;
    mxcts_status st = mxcts_e8m0_validate(cv);
    if (st)
        return st;
    unsigned fl = 0;
    *code = e8m0_encode_parts(p, cv, &fl);
    if (flags)
        *flags |= fl;
    return MXCTS_OK;
}

mxcts_status mxcts_e8m0_encode_f64(uint64_t bits, const mxcts_e8m0_convert *cv, uint8_t *code,
                                   unsigned *flags)
{
    return one(split_f64(bits), cv, code, flags);
}

mxcts_status mxcts_e8m0_encode_f32(uint32_t bits, const mxcts_e8m0_convert *cv, uint8_t *code,
                                   unsigned *flags)
{
    return one(split_f32(bits), cv, code, flags);
}

mxcts_status mxcts_e8m0_encode_f16(uint16_t bits, const mxcts_e8m0_convert *cv, uint8_t *code,
                                   unsigned *flags)
{
    return one(split_f16(bits), cv, code, flags);
}

mxcts_status mxcts_e8m0_encode_bf16(uint16_t bits, const mxcts_e8m0_convert *cv, uint8_t *code,
                                    unsigned *flags)
{
    return one(split_f32((uint32_t)bits << 16), cv, code, flags);
}

#define E8M0_BULK_LOOP(TYPE, SPLIT)                                                  \
    do {                                                                             \
        const TYPE *src_ = (const TYPE *)in;                                         \
        _Pragma("omp parallel for schedule(static) reduction(|:fl)")                 \
        for (ptrdiff_t i = 0; i < (ptrdiff_t)n; i++)                                 \
            out[i] = e8m0_encode_parts(SPLIT, &c, &fl);                              \
    } while (0)

mxcts_status mxcts_e8m0_encode_bulk(mxcts_wide src, const void *in, size_t n, uint8_t *out,
                                    const mxcts_e8m0_convert *cv, unsigned *flags)
{
    if (!cv || ((!in || !out) && n))
        return MXCTS_ERR_NULL;
    if ((unsigned)src >= MXCTS_WIDE_COUNT)
        return MXCTS_ERR_MODE;
    mxcts_status st = mxcts_e8m0_validate(cv);
    if (st)
        return st;
    if (n > (size_t)PTRDIFF_MAX)
        return MXCTS_ERR_SIZE;
    const mxcts_e8m0_convert c = *cv;
    unsigned fl = 0;
    switch (src) {
    case MXCTS_WIDE_F64: E8M0_BULK_LOOP(uint64_t, split_f64(src_[i])); break;
    case MXCTS_WIDE_F32: E8M0_BULK_LOOP(uint32_t, split_f32(src_[i])); break;
    case MXCTS_WIDE_F16: E8M0_BULK_LOOP(uint16_t, split_f16(src_[i])); break;
    default: E8M0_BULK_LOOP(uint16_t, split_f32((uint32_t)src_[i] << 16)); break;
    }
    if (flags)
        *flags |= fl;
    return MXCTS_OK;
}
