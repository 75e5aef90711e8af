/* Branch-free bulk f32 -> element encoding over a plan (encode_plan.h).
 * Every finite input takes the same arithmetic: shift the f32 significand to
 * the result's ulp, round by the plan's mode, then select the zero, overflow
 * and NaN/Inf results the plan took from the core. No data-dependent
 * branches or table lookups, so the loop vectorises (AVX2 clone where the
 * CPU has it). Checked bit for bit against the core and the independent
 * oracle by the exhaustive tests. */
#include "encode_plan.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VEC_CLONES __attribute__((target_clones("avx2", "default"), optimize("O3")))
#else
#define VEC_CLONES
#endif

/* A plan value for each sign, as two scalars (selects, not lookups). */
#define BY_SIGN(field) const uint32_t field##0 = p->field[0], field##1 = p->field[1]
#define SEL(c, a, b) (((a) & (0u - (c))) | ((b) & ((c) - 1u))) /* c is 0 or 1 */
#define PICK(field) SEL(s, field##1, field##0)

VEC_CLONES
unsigned plan_encode_f32_block(const enc_plan *p, const uint32_t *in, uint8_t *out, size_t n)
{
    BY_SIGN(zero_code);
    BY_SIGN(ovf_code);
    BY_SIGN(inf_code);
    BY_SIGN(nan_code);
    BY_SIGN(ovf_flags);
    BY_SIGN(inf_flags);
    BY_SIGN(nan_flags);
    BY_SIGN(ovf_from);
    BY_SIGN(away);
    const uint32_t te_min = p->te_min, te_keep = p->te_keep, man_bits = p->man_bits, rne = p->rne;
    const uint32_t neg_xor = p->neg_xor, neg_add = p->neg_add, neg_or = p->neg_or;
    const int32_t shift = p->shift;
    uint32_t flags = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t x = in[i], s = x >> 31, a = x & 0x7FFFFFFFu;
        uint32_t E = a >> 23, normal = E != 0, Ep = E | !normal;
        uint32_t sig = (a & 0x7FFFFFu) | (normal << 23);
        uint32_t ek = Ep & te_keep, te = ek > te_min ? ek : te_min;
        int32_t sh = (int32_t)(te - Ep) + shift;
        sh = sh < 25 ? sh : 25;
        sh = sh > 0 ? sh : 0;
        uint32_t nq = sig >> sh, rem = sig & ((1u << sh) - 1), half = (1u << sh) >> 1;
        uint32_t tie_up = (rem == half) & nq & (half != 0);
        uint32_t up = SEL(rne, (rem > half) | tie_up, (rem != 0) & PICK(away));
        uint32_t mag = ((te - te_min) << man_bits) + nq + up;
        uint32_t code = SEL(s, ((mag ^ neg_xor) + neg_add) | neg_or, mag);
        uint32_t f = SEL(rem != 0, MXCTS_FLAG_INEXACT | SEL(Ep < te_min, MXCTS_FLAG_UNDERFLOW, 0u), 0u);
        code = SEL(mag == 0, PICK(zero_code), code);
        uint32_t ovf = a >= PICK(ovf_from), nan = a > 0x7F800000u, inf = a == 0x7F800000u;
        code = SEL(ovf, PICK(ovf_code), code);
        f = SEL(ovf, PICK(ovf_flags), f);
        code = SEL(inf, PICK(inf_code), SEL(nan, PICK(nan_code), code));
        f = SEL(inf, PICK(inf_flags), SEL(nan, PICK(nan_flags), f));
        out[i] = (uint8_t)code;
        flags |= f;
    }
    return flags;
}
