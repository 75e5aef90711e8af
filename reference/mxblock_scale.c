/* Scale selection: the E8M0 code of a block from its amax, for every scale
 * mode of mx-semantics 3.2 (formulas and sources in spec/mx-blocks.md).
 * The f32 arithmetic that RCEIL and the triton_kernels modes specify
 * (fl32(1/MAX), fl32(a * r), fl32(a / MAX)) is done as one binary64 operation
 * followed by blk_round_f64 to f32: the product of two f32 is exact in
 * binary64, and for a quotient binary64 (53 >= 2*24 + 2 bits) makes the double
 * rounding innocuous, so the result is the correctly rounded f32 whatever the
 * FPU's flush-to-zero or x87 settings. */
#include "mxblock_internal.h"

static int clamp_s(int s)
{
    return s < -127 ? -127 : s > 127 ? 127 : s;
}

/* floor(log2 a) for a finite f32 a > 0. */
static int ilog2_f32(uint32_t a)
{
    unsigned E = a >> 23;
    if (E)
        return (int)E - 127;
    return -149 + (31 - __builtin_clz(a & 0x7FFFFFu));
}

static uint32_t to_f32(double d)
{
    return (uint32_t)blk_round_f64(d, 8, 23);
}

/* E8M0 rounding toward +Inf of a finite f32 p >= 0 (CUDA cudaRoundPosInf):
 * the smallest 2^(c-127) >= p, with 0 <= c; 255 when p > 2^127. */
static int e8m0_round_up(uint32_t p)
{
    unsigned E = p >> 23, M = p & 0x7FFFFFu;
    if (E == 0)
        return M > 0x400000u ? 1 : 0; /* p <= 2^-127 -> 2^-127 */
    return (int)E + (M != 0);
}

static uint8_t code_from_biased(int c)
{
    return (uint8_t)(c > 254 ? 254 : c < 0 ? 0 : c);
}

uint8_t mxblock_scale_finite(const mxcts_format_info *f, uint32_t a, mxcts_scale_mode mode)
{
    if (a == 0)
        return 0x00;
    int emax = f->emax_elem;
    unsigned E = a >> 23, M = a & 0x7FFFFFu;
    int s;
    switch (mode) {
    case MXCTS_SCALE_CEIL: {
        int fl = ilog2_f32(a);
        unsigned sig = E ? M : (M ^ (1u << (fl + 149))); /* bits below the leading one */
        s = fl + (sig != 0) - emax;
        break;
    }
    case MXCTS_SCALE_EVEN: {
        /* bits(a') = (bits(a) + 2^(22 - mbits)) & 0xFF800000; a carry into the
         * Inf exponent (a within half an element ulp of 2^128) is read as
         * 2^128, see spec/mx-blocks.md (torchao gives 0xFF there). */
        uint64_t t = ((uint64_t)a + (1u << (22 - blk_elem_mbits(f)))) & 0xFF800000u;
        s = (int)(t >> 23) - 127 - emax;
        break;
    }
    case MXCTS_SCALE_RCEIL: {
        uint32_t r = to_f32(1.0 / f->max_finite);
        uint32_t p = to_f32(blk_f32_value(a) * blk_f32_value(r));
        return code_from_biased(e8m0_round_up(p));
    }
    case MXCTS_SCALE_TK_ROUND_UP: {
        uint32_t q = to_f32(blk_f32_value(a) / f->max_finite);
        return code_from_biased((int)(((q + 0x7FFFFFu) & 0x7F800000u) >> 23));
    }
    case MXCTS_SCALE_TK_ROUND_DOWN: {
        uint32_t q = to_f32(blk_f32_value(a) / f->max_finite);
        return code_from_biased((int)(q >> 23));
    }
    case MXCTS_SCALE_TOSA: {
        /* smallest s with a / 2^s <= out_max (E4M3) or < out_max (others),
         * out_max = MAX + ulp_top / 2: exact binary64 comparisons. */
        double ulp_top = f->kind == MXCTS_KIND_INT ? 1.0 / 64 : blk_pow2(emax - f->man_bits);
        double om = f->max_finite + 0.5 * ulp_top;
        double av = blk_f32_value(a);
        int ilog_om = emax; /* MAX and out_max lie in [2^emax, 2^(emax+1)) */
        s = ilog2_f32(a) - ilog_om - 1;
        for (;;) {
            double lim = om * blk_pow2(s);
            /* E4M3: the midpoint 464 rounds to the even 448; elsewhere it overflows */
            int ok = f == mxcts_format_get(MXCTS_E4M3) ? av <= lim : av < lim;
            if (ok)
                break;
            s++;
        }
        break;
    }
    default: /* FLOOR */
        s = (int)E - 127 - emax;
        break;
    }
    return (uint8_t)(clamp_s(s) + 127);
}
