/* Every f32 within +-5 ulps of each representable value, each midpoint
 * between neighbours, the virtual value one step above max and its midpoint
 * with max, for every element format (both signs, both INT8 ranges), plus
 * f32 specials; every format is run on the union of all formats' points,
 * all modes and compat knobs, bulk and scalar, codes and flags. */
#include <stdlib.h>
#include "oracle.h"
#include "sweep.h"
#include "test_util.h"

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    oracle_init();
    size_t cap = 1u << 20, n = 0;
    uint32_t *in = malloc(cap * sizeof *in);
    if (!in)
        return 1;
    double bp[ORACLE_MAX_BREAKPOINTS];
    for (int k = 0; k < TU_ELEM_COUNT; k++) {
        for (int v = 0; v < 2; v++) {
            size_t nb = oracle_breakpoints(tu_elem_formats[k], v ? -127 : -128, bp);
            for (size_t j = 0; j < nb; j++) {
                int64_t p = tu_f32_first_at_or_above(bp[j]);
                for (int64_t d = -5; d <= 5; d++) {
                    int64_t m = p + d;
                    if (m < 0 || m > 0x7F800000 || n + 2 > cap)
                        continue;
                    in[n++] = (uint32_t)m;
                    in[n++] = (uint32_t)m | 0x80000000u;
                }
            }
        }
    }
    static const uint32_t special[] = {
        0x00000000, 0x00000001, 0x00000002, 0x007FFFFF, 0x00800000, 0x3F800000, 0x7F7FFFFF,
        0x7F800000, 0x7F800001, 0x7FA00000, 0x7FC00000, 0x7FFFFFFF, 0x5F000000, 0x4F000000,
    };
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        in[n++] = special[i];
        in[n++] = special[i] | 0x80000000u;
    }
    qsort(in, n, sizeof *in, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || in[i] != in[u - 1])
            in[u++] = in[i];
    long checks = sweep_check(MXCTS_WIDE_F32, in, u, 1, MXCTS_FORMAT_COUNT);
    free(in);
    return tu_finish("ref_quick_boundaries", checks);
}
