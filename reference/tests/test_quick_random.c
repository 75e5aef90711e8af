/* 2^20 seeded random f32 (splitmix64, fixed seed): a quarter uniform bit
 * patterns, the rest with exponents in [-22, 18] (the element formats'
 * ranges and a little beyond) and sometimes a shortened mantissa so that
 * exact values and ties occur. All formats, all 4 rounding modes x {sat,
 * nonsat} x NaN sign, bulk and scalar, codes and flags. */
#include <stdlib.h>
#include "oracle.h"
#include "sweep.h"
#include "test_util.h"

#define SEED 0x6D78637473524E47ull /* "mxctsRNG" */

static uint32_t random_f32(uint64_t *st)
{
    uint64_t r = tu_splitmix64(st);
    uint32_t lo = (uint32_t)r;
    switch ((r >> 32) & 3) {
    case 0:
        return lo; /* any bit pattern */
    default: {
        int e = (int)((r >> 34) % 41) - 22;
        uint32_t man = lo & 0x7FFFFFu;
        if ((r >> 40) & 1) /* keep only the top k mantissa bits: exact values and ties */
            man &= ~((1u << (23 - (int)((r >> 41) % 6))) - 1);
        return (uint32_t)((r >> 63) << 31) | (uint32_t)(e + 127) << 23 | man;
    }
    }
}

int main(void)
{
    oracle_init();
    size_t n = 1u << 20;
    uint32_t *in = malloc(n * sizeof *in);
    if (!in)
        return 1;
    uint64_t st = SEED;
    for (size_t i = 0; i < n; i++)
        in[i] = random_f32(&st);
    long checks = sweep_check(MXCTS_WIDE_F32, in, n, 0, MXCTS_FORMAT_COUNT);
    free(in);
    return tu_finish("ref_quick_random", checks);
}
