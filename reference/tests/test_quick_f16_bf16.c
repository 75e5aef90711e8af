/* Every f16 and every bf16 bit pattern (65536 each), every element format,
 * all 4 rounding modes x {sat, nonsat} x NaN sign {preserve, clear}, plus the
 * compat knobs (overflow test before rounding, Inf never saturates, INT8 min
 * -127, E5M2 NaN codes): bulk and scalar encoders against the oracle, codes
 * and flags. */
#include <stdlib.h>
#include "oracle.h"
#include "sweep.h"
#include "test_util.h"

int main(void)
{
    oracle_init();
    static uint16_t all[65536];
    for (unsigned i = 0; i < 65536; i++)
        all[i] = (uint16_t)i;
    long checks = sweep_check(MXCTS_WIDE_F16, all, 65536, 1, MXCTS_FORMAT_COUNT);
    checks += sweep_check(MXCTS_WIDE_BF16, all, 65536, 1, MXCTS_FORMAT_COUNT);
    return tu_finish("ref_quick_f16_bf16", checks);
}
