/* Exact reciprocals of E8M0 scales: 1 / 2^(E-127) = 2^(127-E). */
#include <string.h>
#include "mxcts/e8m0.h"

uint8_t mxcts_e8m0_reciprocal(uint8_t code)
{
    return code == 0xFF ? 0xFF : (uint8_t)(254 - code);
}

mxcts_status mxcts_e8m0_reciprocal_f64(uint8_t code, double *value)
{
    if (!value)
        return MXCTS_ERR_NULL;
    uint64_t b = code == 0xFF ? 0x7FF8000000000000ull
                              : (uint64_t)(1023 + 127 - (int)code) << 52; /* 2^(127-E), normal in f64 */
    memcpy(value, &b, sizeof b);
    return MXCTS_OK;
}

mxcts_status mxcts_e8m0_reciprocal_f32(uint8_t code, float *value)
{
    if (!value)
        return MXCTS_ERR_NULL;
    uint32_t b;
    if (code == 0xFF)
        b = 0x7FC00000u;
    else if (code == 0xFE)
        b = 0x00400000u; /* 2^-127: f32 subnormal */
    else
        b = (uint32_t)(254 - code) << 23; /* 2^(127-E), biased exponent 254-E in 1..254 */
    memcpy(value, &b, sizeof b);
    return MXCTS_OK;
}
