/* Branch-free bulk f32 -> element encoding over a plan (encode_plan.h).
 * Every finite input takes the same arithmetic: shift the f32 significand to
 * the result's ulp, round by the plan's mode, then select the zero, overflow
 * and NaN/Inf results the plan took from the core. No data-dependent
 * branches, so the loop vectorises (AVX2 clone where the CPU has it) and
 * random data costs what sorted data costs. Checked bit for bit against the
 * core and the independent oracle by the exhaustive tests. */
#include "encode_plan.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VEC_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VEC_CLONES
#endif

VEC_CLONES
unsigned plan_encode_f32_block(const enc_plan *p, const uint32_t *in, uint8_t *out, size_t n)
{
    const enc_plan q = *p; /* locals: `out` stores may alias anything */
    unsigned flags = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t x = in[i], s = x >> 31, a = x & 0x7FFFFFFFu;
        uint32_t E = a >> 23, Ep = E ? E : 1;
        uint32_t sig = (a & 0x7FFFFFu) | (E ? 0x800000u : 0);
        uint32_t te = (Ep & q.te_keep) > q.te_min ? (Ep & q.te_keep) : q.te_min;
        int32_t sh = (int32_t)(te - Ep) + q.shift;
        sh = sh < 0 ? 0 : sh > 25 ? 25 : sh;
        uint32_t nq = sig >> sh, rem = sig & ((1u << sh) - 1), half = (1u << sh) >> 1;
        uint32_t up = q.rne ? (rem > half) | ((rem == half) & nq & 1u & (half != 0))
                            : (rem != 0) & q.away[s];
        uint32_t mag = ((te - q.te_min) << q.man_bits) + nq + up;
        uint32_t code = s ? (((mag ^ q.neg_xor) + q.neg_add) | q.neg_or) : mag;
        unsigned f = rem ? MXCTS_FLAG_INEXACT | (Ep < q.te_min ? MXCTS_FLAG_UNDERFLOW : 0) : 0;
        code = mag == 0 ? q.zero_code[s] : code;
        int ovf = a >= q.ovf_from[s], special = a >= 0x7F800000u, nan = a > 0x7F800000u;
        code = ovf ? q.ovf_code[s] : code;
        f = ovf ? q.ovf_flags[s] : f;
        code = special ? (nan ? q.nan_code[s] : q.inf_code[s]) : code;
        f = special ? (nan ? q.nan_flags[s] : q.inf_flags[s]) : f;
        out[i] = (uint8_t)code;
        flags |= f;
    }
    return flags;
}
