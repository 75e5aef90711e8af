/* Internal: a per-call plan that makes bulk f32 encoding cheap. The plan is
 * derived from the one core algorithm (encode_core.h) once per call: the
 * magnitude thresholds where results become zero or overflow are found by
 * binary search over the core (encoding is monotone in |x|), and the
 * special results are the core's own answers. Per element, a normal result
 * is then one add and one shift on the f32 bits; everything else (subnormal
 * results, MX INT8) goes through the core. Exhaustive tests compare it with
 * an independent oracle bit for bit. */
#ifndef MXCTS_ENCODE_PLAN_H
#define MXCTS_ENCODE_PLAN_H

#include "encode_core.h"

typedef struct enc_plan {
    mxcts_format_info f;
    mxcts_convert cv;
    uint32_t zero_below[2]; /* |x| bits below this -> zero_code (by sign) */
    uint32_t normal_from;   /* |x| bits from here (to ovf_from) -> fast path */
    uint32_t ovf_from[2];   /* finite |x| bits from here -> overflow result */
    uint32_t add[2];        /* rounding addend on the dropped bits, by sign */
    uint32_t rne;           /* 1 when ties go to even */
    uint32_t rebias;        /* (127 - bias) << man_bits */
    uint32_t low_mask;      /* dropped f32 mantissa bits */
    int shift;              /* 23 - man_bits */
    uint32_t zero_code[2], ovf_code[2], inf_code[2], nan_code[2];
    uint32_t ovf_flags[2], inf_flags[2], nan_flags[2];
    /* branch-free form (encode_f32_block.c): the result's ulp exponent is
     * max(E & te_keep, te_min) - man_bits in f32 terms (INT8: te_keep = 0) */
    uint32_t te_min, te_keep, man_bits, away[2];
    uint32_t neg_xor, neg_add, neg_or; /* negative code = ((mag ^ xor) + add) | or */
} enc_plan;

/* Encode n f32 bit patterns with the plan, no data-dependent branches;
 * returns the OR of the element flags. */
unsigned plan_encode_f32_block(const enc_plan *p, const uint32_t *in, uint8_t *out, size_t n);

static inline uint8_t core_f32(const enc_plan *p, uint32_t x, unsigned *fl)
{
    return encode_parts(&p->f, split_f32(x), &p->cv, fl);
}

/* Smallest magnitude in [lo, hi) whose encoding satisfies `pred`, else hi. */
static inline uint32_t plan_search(const enc_plan *p, unsigned sign, uint32_t lo, uint32_t hi,
                                   int want_overflow)
{
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        unsigned fl = 0;
        uint8_t c = core_f32(p, mid | sign << 31, &fl);
        int hit = want_overflow ? (fl & MXCTS_FLAG_OVERFLOW) != 0 : c != p->zero_code[sign];
        if (hit)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static inline void plan_init(enc_plan *p, const mxcts_format_info *f, const mxcts_convert *cv)
{
    p->f = *f;
    p->cv = *cv;
    p->shift = 23 - (f->kind == MXCTS_KIND_INT ? 0 : f->man_bits);
    p->low_mask = (1u << p->shift) - 1;
    p->rebias = (uint32_t)(127 - f->bias) << f->man_bits;
    p->rne = cv->round == MXCTS_ROUND_RNE;
    for (unsigned s = 0; s < 2; s++) {
        unsigned fl;
        p->add[s] = cv->round == MXCTS_ROUND_RNE ? (p->low_mask >> 1)
                    : (cv->round == MXCTS_ROUND_RUP && !s) || (cv->round == MXCTS_ROUND_RDN && s)
                        ? p->low_mask
                        : 0;
        unsigned f2 = 0;
        fl = 0, p->zero_code[s] = core_f32(p, s << 31, &f2);
        fl = 0, p->inf_code[s] = core_f32(p, 0x7F800000u | s << 31, &fl), p->inf_flags[s] = fl;
        fl = 0, p->nan_code[s] = core_f32(p, 0x7FC00000u | s << 31, &fl), p->nan_flags[s] = fl;
        p->ovf_from[s] = plan_search(p, s, 0, 0x7F800000u, 1);
        fl = 0, p->ovf_code[s] = core_f32(p, 0x7F7FFFFFu | s << 31, &fl), p->ovf_flags[s] = fl;
        p->zero_below[s] = plan_search(p, s, 0, p->ovf_from[s], 0);
    }
    int is_int = f->kind == MXCTS_KIND_INT;
    p->man_bits = is_int ? 0 : (uint32_t)f->man_bits;
    p->te_min = (uint32_t)(f->emin + 127); /* INT8: ulp 2^-6 with no mantissa field */
    p->te_keep = is_int ? 0 : 0xFFu;
    p->away[0] = cv->round == MXCTS_ROUND_RUP;
    p->away[1] = cv->round == MXCTS_ROUND_RDN;
    p->neg_xor = is_int ? 0xFFu : 0;
    p->neg_add = is_int ? 1u : 0;
    p->neg_or = is_int ? 0 : f->sign_mask;
    /* The fast path needs a float format whose normal range f32 covers. */
    p->normal_from = f->kind == MXCTS_KIND_FLOAT ? (uint32_t)(f->emin + 127) << 23 : 0xFFFFFFFFu;
}

static inline uint8_t plan_encode_f32(const enc_plan *p, uint32_t x, unsigned *fl)
{
    unsigned s = x >> 31;
    uint32_t a = x & 0x7FFFFFFFu;
    if (a >= p->normal_from && a < p->ovf_from[s]) { /* normal result: add, shift */
        uint32_t r = a + p->add[s] + (p->rne & (a >> p->shift));
        *fl |= (a & p->low_mask) ? MXCTS_FLAG_INEXACT : 0;
        return (uint8_t)((s ? p->f.sign_mask : 0) | ((r >> p->shift) - p->rebias));
    }
    if (a >= 0x7F800000u) {
        int nan = a > 0x7F800000u;
        *fl |= nan ? p->nan_flags[s] : p->inf_flags[s];
        return nan ? p->nan_code[s] : p->inf_code[s];
    }
    if (a >= p->ovf_from[s]) {
        *fl |= p->ovf_flags[s];
        return p->ovf_code[s];
    }
    if (a < p->zero_below[s]) {
        *fl |= a ? MXCTS_FLAG_INEXACT | MXCTS_FLAG_UNDERFLOW : 0;
        return p->zero_code[s];
    }
    return core_f32(p, x, fl); /* subnormal results, MX INT8 */
}

/* Exact f16 -> f32 bit pattern (every f16 is an f32). */
static inline uint32_t f16_to_f32_bits(uint16_t h)
{
    uint32_t s = (uint32_t)(h >> 15) << 31, E = (h >> 10) & 0x1F, M = h & 0x3FFu;
    if (E == 0x1F)
        return s | 0x7F800000u | M << 13;
    if (E)
        return s | (E + 112) << 23 | M << 13;
    if (!M)
        return s;
    int lz = __builtin_clz(M) - 21; /* shifts to put the leading 1 at bit 10 */
    /* M * 2^-24 = 1.f * 2^(-14 - lz): biased exponent 113 - lz, f = the bits below the leading 1 */
    return s | (uint32_t)(113 - lz) << 23 | ((M << lz) & 0x3FFu) << 13;
}

#endif
