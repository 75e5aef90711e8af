/* Public one-value encoders: validate, split the wide type, run the core. */
#include "encode_core.h"

static mxcts_status check_args(mxcts_format fmt, const mxcts_convert *cv, const uint8_t *code,
                               const mxcts_format_info **f)
{
    if (!cv || !code)
        return MXCTS_ERR_NULL;
    *f = mxcts_format_get(fmt);
    if (!*f || (*f)->kind == MXCTS_KIND_SCALE)
        return MXCTS_ERR_FORMAT;
    return mxcts_convert_validate(cv);
}

static mxcts_status finish(const mxcts_format_info *f, wide_parts p, const mxcts_convert *cv,
                           uint8_t *code, unsigned *flags)
{
    unsigned fl = 0;
    *code = encode_parts(f, p, cv, &fl);
    if (flags)
        *flags |= fl;
    return MXCTS_OK;
}

mxcts_status mxcts_encode_f64(mxcts_format fmt, uint64_t bits, const mxcts_convert *cv,
                              uint8_t *code, unsigned *flags)
{
    const mxcts_format_info *f;
    mxcts_status st = check_args(fmt, cv, code, &f);
    return st ? st : finish(f, split_f64(bits), cv, code, flags);
}

mxcts_status mxcts_encode_f32(mxcts_format fmt, uint32_t bits, const mxcts_convert *cv,
                              uint8_t *code, unsigned *flags)
{
    const mxcts_format_info *f;
    mxcts_status st = check_args(fmt, cv, code, &f);
    return st ? st : finish(f, split_f32(bits), cv, code, flags);
}

mxcts_status mxcts_encode_f16(mxcts_format fmt, uint16_t bits, const mxcts_convert *cv,
                              uint8_t *code, unsigned *flags)
{
    const mxcts_format_info *f;
    mxcts_status st = check_args(fmt, cv, code, &f);
    return st ? st : finish(f, split_f16(bits), cv, code, flags);
}

mxcts_status mxcts_encode_bf16(mxcts_format fmt, uint16_t bits, const mxcts_convert *cv,
                               uint8_t *code, unsigned *flags)
{
    const mxcts_format_info *f;
    mxcts_status st = check_args(fmt, cv, code, &f);
    return st ? st : finish(f, split_f32((uint32_t)bits << 16), cv, code, flags);
}
