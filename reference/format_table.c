/* The format table: every fact about every format in one place.
 * Evidence: OFP8 rev 1.0 Tables 1-2 (E4M3, E5M2); ml_dtypes float8.h and
 * LLVM APFloat semantics (FNUZ, FP6, FP4); OCP MX v1.0 5.4.1 via torchao
 * (E8M0); gfloat/TOSA (MX INT8). Collected in spec/formats.md. */
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include "mxcts/format.h"

/* powers of two as hex literals (constant initialisers for gcc and clang) */

static const mxcts_format_info format_table[MXCTS_FORMAT_COUNT] = {
    [MXCTS_E4M3] = {"e4m3", MXCTS_KIND_FLOAT, 8, 4, 3, 7, -6, 8, 8, 1, 1, 0,
                    MXCTS_NAN_MAX_PATTERN, 0x7E, 0x00, 0x7F, 0x80,
                    448.0, 0x1p-6, 0x1p-9, "OCP FP8 E4M3 (fn): no Inf, NaN S.1111.111"},
    [MXCTS_E5M2] = {"e5m2", MXCTS_KIND_FLOAT, 8, 5, 2, 15, -14, 15, 15, 1, 1, 1,
                    MXCTS_NAN_IEEE, 0x7B, 0x7C, 0x7F, 0x80,
                    57344.0, 0x1p-14, 0x1p-16, "OCP FP8 E5M2: Inf S.11111.00, NaN S.11111.{01,10,11}"},
    [MXCTS_E4M3FNUZ] = {"e4m3fnuz", MXCTS_KIND_FLOAT, 8, 4, 3, 8, -7, 7, -1, 1, 0, 0,
                        MXCTS_NAN_NEG_ZERO, 0x7F, 0x00, 0x80, 0x80,
                        240.0, 0x1p-7, 0x1p-10, "AMD gfx942 fp8: bias 8, NaN 0x80 only, no -0, no Inf"},
    [MXCTS_E5M2FNUZ] = {"e5m2fnuz", MXCTS_KIND_FLOAT, 8, 5, 2, 16, -15, 15, -1, 1, 0, 0,
                        MXCTS_NAN_NEG_ZERO, 0x7F, 0x00, 0x80, 0x80,
                        57344.0, 0x1p-15, 0x1p-17, "AMD gfx942 bf8: bias 16, NaN 0x80 only, no -0, no Inf"},
    [MXCTS_E2M3] = {"e2m3", MXCTS_KIND_FLOAT, 6, 2, 3, 1, 0, 2, 2, 1, 1, 0,
                    MXCTS_NAN_NONE, 0x1F, 0x00, 0x00, 0x20,
                    7.5, 1.0, 0.125, "MX FP6 E2M3: finite only"},
    [MXCTS_E3M2] = {"e3m2", MXCTS_KIND_FLOAT, 6, 3, 2, 3, -2, 4, 4, 1, 1, 0,
                    MXCTS_NAN_NONE, 0x1F, 0x00, 0x00, 0x20,
                    28.0, 0.25, 0.0625, "MX FP6 E3M2: finite only"},
    [MXCTS_E2M1] = {"e2m1", MXCTS_KIND_FLOAT, 4, 2, 1, 1, 0, 2, 2, 1, 1, 0,
                    MXCTS_NAN_NONE, 0x07, 0x00, 0x00, 0x08,
                    6.0, 1.0, 0.5, "MX FP4 E2M1: finite only"},
    [MXCTS_INT8] = {"int8", MXCTS_KIND_INT, 8, 0, 7, 0, -6, 0, 0, 1, 0, 0,
                    MXCTS_NAN_NONE, 0x7F, 0x00, 0x00, 0x80,
                    127.0 / 64.0, 0x1p-6, 0x1p-6, "MX INT8: two's complement q, value q * 2^-6; 0x80 = -2"},
    [MXCTS_E8M0] = {"e8m0", MXCTS_KIND_SCALE, 8, 8, 0, 127, -127, 127, -1, 0, 0, 0,
                    MXCTS_NAN_ALL_ONES, 0xFE, 0x00, 0xFF, 0x00,
                    0x1p127, 0x1p-127, 0x1p-127, "MX scale E8M0: 2^(E-127), 0x00 = 2^-127, 0xFF = NaN, no zero, no sign"},
};

const mxcts_format_info *mxcts_format_get(mxcts_format fmt)
{
    if ((int)fmt < 0 || fmt >= MXCTS_FORMAT_COUNT)
        return NULL;
    return &format_table[fmt];
}

unsigned mxcts_format_code_count(mxcts_format fmt)
{
    const mxcts_format_info *f = mxcts_format_get(fmt);
    return f ? 1u << f->bits : 0u;
}

static const struct {
    const char *alias;
    mxcts_format fmt;
} format_aliases[] = {
    {"fp8_e4m3", MXCTS_E4M3}, {"float8_e4m3fn", MXCTS_E4M3}, {"e4m3fn", MXCTS_E4M3},
    {"fp8_e5m2", MXCTS_E5M2}, {"float8_e5m2", MXCTS_E5M2},
    {"float8_e4m3fnuz", MXCTS_E4M3FNUZ}, {"float8_e5m2fnuz", MXCTS_E5M2FNUZ},
    {"fp6_e2m3", MXCTS_E2M3}, {"float6_e2m3fn", MXCTS_E2M3},
    {"fp6_e3m2", MXCTS_E3M2}, {"float6_e3m2fn", MXCTS_E3M2},
    {"fp4", MXCTS_E2M1}, {"fp4_e2m1", MXCTS_E2M1}, {"float4_e2m1fn", MXCTS_E2M1},
    {"mxint8", MXCTS_INT8}, {"float8_e8m0fnu", MXCTS_E8M0}, {"ue8m0", MXCTS_E8M0},
};

mxcts_status mxcts_format_from_name(const char *name, mxcts_format *fmt)
{
    if (!name || !fmt)
        return MXCTS_ERR_NULL;
    for (int i = 0; i < MXCTS_FORMAT_COUNT; i++) {
        if (strcasecmp(name, format_table[i].name) == 0) {
            *fmt = (mxcts_format)i;
            return MXCTS_OK;
        }
    }
    for (size_t i = 0; i < sizeof format_aliases / sizeof format_aliases[0]; i++) {
        if (strcasecmp(name, format_aliases[i].alias) == 0) {
            *fmt = format_aliases[i].fmt;
            return MXCTS_OK;
        }
    }
    return MXCTS_ERR_FORMAT;
}
