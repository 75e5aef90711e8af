/* f64 inputs: 2^18 seeded random f64 (uniform bit patterns and values in the
 * formats' ranges, some with short mantissas), and f64 values around every
 * breakpoint t (representable value, midpoint, max + step and its midpoint):
 * t itself, t +- 1..3 f64 ulps, t * (1 +- 2^-40), and the points strictly
 * between t and its f32 neighbours (which only f64 can express). Plus f64
 * specials (DBL_MAX, denormals, NaN payloads). Random values in the 16
 * modes, the other points in every mode and compat knob. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include "oracle.h"
#include "sweep.h"
#include "test_util.h"

#define SEED 0x66363472616E646Full /* "f64rando" */

static uint64_t random_f64(uint64_t *st)
{
    uint64_t r = tu_splitmix64(st), m = tu_splitmix64(st);
    if ((r & 3) == 0)
        return m; /* any bit pattern */
    int e = (int)((r >> 8) % 45) - 24;
    uint64_t man = m & 0xFFFFFFFFFFFFFull;
    if ((r >> 20) & 1) /* short mantissa: exact values and ties */
        man &= ~((1ull << (52 - (int)((r >> 21) % 8))) - 1);
    return (r >> 63) << 63 | (uint64_t)(e + 1023) << 52 | man;
}

static void push(uint64_t *in, size_t *n, size_t cap, double x)
{
    if (*n + 2 <= cap && !isnan(x)) {
        in[(*n)++] = tu_f64_bits(x);
        in[(*n)++] = tu_f64_bits(-x);
    }
}

int main(void)
{
    oracle_init();
    size_t cap = 1u << 20, n = 0;
    uint64_t *in = malloc(cap * sizeof *in);
    if (!in)
        return 1;
    uint64_t st = SEED;
    for (size_t i = 0; i < (1u << 18); i++)
        in[n++] = random_f64(&st);
    /* random values: the 16 base modes; the points below: every compat knob too */
    long checks = sweep_check(MXCTS_WIDE_F64, in, n, 0, MXCTS_FORMAT_COUNT);
    n = 0;
    double bp[ORACLE_MAX_BREAKPOINTS];
    for (int k = 0; k < TU_ELEM_COUNT; k++) {
        size_t nb = oracle_breakpoints(tu_elem_formats[k], -128, bp);
        for (size_t j = 0; j < nb; j++) {
            double t = bp[j];
            push(in, &n, cap, t);
            double up = t, dn = t;
            for (int d = 0; d < 3; d++) {
                up = nextafter(up, INFINITY);
                dn = nextafter(dn, -INFINITY);
                push(in, &n, cap, up);
                push(in, &n, cap, dn);
            }
            push(in, &n, cap, t * (1 + 0x1p-40));
            push(in, &n, cap, t * (1 - 0x1p-40));
            /* f32 neighbours of t, and the points halfway between them and t */
            uint32_t p = tu_f32_first_at_or_above(t);
            double fa = tu_f32_value(p), fb = p ? tu_f32_value(p - 1) : 0;
            push(in, &n, cap, fa);
            push(in, &n, cap, fb);
            push(in, &n, cap, (fa + t) / 2);
            push(in, &n, cap, (fb + t) / 2);
        }
    }
    static const uint64_t special[] = {
        0x0000000000000000ull, 0x0000000000000001ull, 0x000FFFFFFFFFFFFFull, 0x0010000000000000ull,
        0x7FEFFFFFFFFFFFFFull, 0x7FF0000000000000ull, 0x7FF0000000000001ull, 0x7FF8000000000000ull,
        0x7FFFFFFFFFFFFFFFull, 0x47EFFFFFE0000000ull, /* FLT_MAX */ 0x47EFFFFFF0000000ull,
        0x3690000000000000ull, /* 2^-150 */ 0x43E0000000000000ull, /* 2^63 */
    };
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        in[n++] = special[i];
        in[n++] = special[i] | 0x8000000000000000ull;
    }
    checks += sweep_check(MXCTS_WIDE_F64, in, n, 1, MXCTS_FORMAT_COUNT);
    free(in);
    return tu_finish("ref_quick_f64", checks);
}
