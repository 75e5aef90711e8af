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

#ifdef __cplusplus
}
#endif
#endif
