/* OCP FP8 <-> AMD FNUZ FP8 re-encoding (E4M3 <-> E4M3FNUZ, E5M2 <-> E5M2FNUZ).
 *
 * The FNUZ formats have a bias one larger, so the same bit pattern means half
 * the value: value_ocp(bits) = 2 * value_fnuz(bits). Feeding OCP data to
 * gfx942 hardware therefore keeps the bits and doubles the scale (add
 * MXCTS_FNUZ_SCALE_LOG2 to the scale's exponent), except for the codes
 * whose meaning differs: OCP -0 (0x80) must become FNUZ +0 (0x00) - never
 * 0x80, which is FNUZ's only NaN - and OCP NaN (and E5M2 +-Inf, which FNUZ
 * lacks) must become 0x80. The reverse keeps the bits too, but FNUZ's top
 * binade has no OCP counterpart (E4M3FNUZ +-240 -> +-480 > 448; E5M2FNUZ
 * exponent 31 -> >= 65536 > 57344) and follows an overflow policy.
 * DESIGN.md section 2; spec/conversion.md "OCP <-> FNUZ". */
#ifndef MXCTS_FNUZ_H
#define MXCTS_FNUZ_H

#include <stddef.h>
#include <stdint.h>
#include "mxcts/convert.h"

#ifdef __cplusplus
extern "C" {
#endif

/* value_ocp(code) == 2^MXCTS_FNUZ_SCALE_LOG2 * value_fnuz(same code). */
#define MXCTS_FNUZ_SCALE_LOG2 1

/* n OCP codes (`ocp` = MXCTS_E4M3 or MXCTS_E5M2) -> n FNUZ codes of the partner
 * format whose values are exactly half: out[i] = in[i] except 0x80 -> 0x00,
 * NaN -> 0x80, E5M2 +-Inf -> 0x80 (MXCTS_FLAG_INVALID). Never inexact.
 * in and out may be the same array. */
mxcts_status mxcts_ocp_to_fnuz(mxcts_format ocp, const uint8_t *in, size_t n, uint8_t *out,
                               unsigned *flags);

/* n FNUZ codes (`fnuz` = MXCTS_E4M3FNUZ or MXCTS_E5M2FNUZ) -> n OCP codes of
 * the partner format whose values are exactly double: out[i] = in[i] except
 * 0x80 -> 0x7F (NaN) and the top binade, which overflows: SAT gives +-max
 * (0x7E/0xFE, 0x7B/0xFB), NONSAT gives E4M3 NaN (0x7F/0xFF, sign kept) or
 * E5M2 +-Inf (0x7C/0xFC); flags OVERFLOW | INEXACT. */
mxcts_status mxcts_fnuz_to_ocp(mxcts_format fnuz, const uint8_t *in, size_t n,
                               mxcts_overflow overflow, uint8_t *out, unsigned *flags);

/* The scale that goes with a re-encoded tensor (reference/fnuz_scale.c).
 * Re-encoding keeps the bits, so value_fnuz(code) = value_ocp(code) / 2:
 * the scale must be multiplied by 2^MXCTS_FNUZ_SCALE_LOG2 going OCP -> FNUZ
 * and divided by it going FNUZ -> OCP, so that value(code) * scale is
 * unchanged for every code the element functions above map without a flag.
 * Flags (MXCTS_FLAG_*) are OR-ed into *flags (may be NULL); the status is
 * only about the arguments, as everywhere in mxcts.
 *
 * E8M0 block scales (n codes; in and out may be the same array):
 * OCP -> FNUZ X -> X + 1 and FNUZ -> OCP X -> X - 1, exact, no flag, except
 *   0xFF (NaN)                  -> 0xFF, no flag (NaN stays NaN);
 *   0xFE (2^127),  OCP -> FNUZ  -> 0xFF, OVERFLOW | INEXACT | INVALID
 *                                  (2^128 is not an E8M0 value);
 *   0x00 (2^-127), FNUZ -> OCP  -> 0xFF, UNDERFLOW | INEXACT | INVALID
 *                                  (2^-128 is not an E8M0 value).
 * Why NaN: the two alternatives are the code unchanged (or clamped, which is
 * the same code), i.e. a block whose every value is off by exactly a factor
 * of 2 - a finite, plausible, wrong result if the flag is ignored. A NaN
 * scale makes the whole block NaN (OCP MX), so an ignored flag cannot go
 * unnoticed. It is also what the `ocp` profile's non-saturating E8M0
 * encoder gives for a result above 2^127, with the same flags
 * (mxcts/e8m0.h). A caller that must keep such a block re-quantises it
 * (e.g. an all-zero FNUZ block with scale 0x00 can take any scale); these
 * functions see only the scale and cannot.
 *
 * f32 per-tensor scales (bit patterns, like mxcts_encode_f32): the result is
 * IEEE 754 binary32 multiplication by 2 (OCP -> FNUZ) or by 0.5 (FNUZ ->
 * OCP) rounded to nearest even, computed on the bits (independent of FTZ/DAZ
 * and of the FP environment). Exact except:
 *   x2:   |x| >= 2^127 finite -> +-Inf, OVERFLOW | INEXACT;
 *   x0.5: |x| < 2^-125 with the significand's last bit set (normals of
 *         exponent -126 and subnormals) -> the nearest subnormal, ties to even
 *         (smallest subnormal -> +-0; just below 2^-125 -> 2^-126),
 *         UNDERFLOW | INEXACT (tininess before rounding, as the encoders).
 * Zeros, Inf and NaN (bit for bit) pass unchanged with no flag; the sign is
 * kept. */
mxcts_status mxcts_ocp_to_fnuz_scale_e8m0(const uint8_t *in, size_t n, uint8_t *out,
                                          unsigned *flags);
mxcts_status mxcts_fnuz_to_ocp_scale_e8m0(const uint8_t *in, size_t n, uint8_t *out,
                                          unsigned *flags);
mxcts_status mxcts_ocp_to_fnuz_scale_f32(uint32_t bits, uint32_t *out, unsigned *flags);
mxcts_status mxcts_fnuz_to_ocp_scale_f32(uint32_t bits, uint32_t *out, unsigned *flags);

#ifdef __cplusplus
}
#endif
#endif
