/* Internal: the E8M0 encoding rule on a value taken apart by encode_core.h's
 * split_*: |x| = sig * 2^(e-63), sig normalised (bit 63 set), so
 * e = floor(log2 |x|) and m = |x| / 2^e = sig / 2^63. */
#ifndef MXCTS_E8M0_CORE_H
#define MXCTS_E8M0_CORE_H

#include "mxcts/e8m0.h"
#include "encode_core.h"

#define E8M0_NAN 0xFFu
#define E8M0_MAX 0xFEu

static inline uint8_t e8m0_overflowed(const mxcts_e8m0_convert *cv, unsigned *flags)
{
    *flags |= MXCTS_FLAG_OVERFLOW | MXCTS_FLAG_INEXACT;
    if (cv->round == MXCTS_E8M0_RTZ || cv->overflow == MXCTS_E8M0_SAT)
        return E8M0_MAX;
    *flags |= MXCTS_FLAG_INVALID;
    return E8M0_NAN;
}

static inline uint8_t e8m0_encode_parts(wide_parts p, const mxcts_e8m0_convert *cv, unsigned *flags)
{
    if (p.cls == WIDE_NAN)
        return E8M0_NAN;
    if (p.cls == WIDE_ZERO) {
        if (cv->zero == MXCTS_E8M0_ZERO_NAN) {
            *flags |= MXCTS_FLAG_INVALID;
            return E8M0_NAN;
        }
        *flags |= MXCTS_FLAG_INEXACT;
        return 0x00;
    }
    if (p.sign && cv->negative == MXCTS_E8M0_NEG_NAN) {
        *flags |= MXCTS_FLAG_INVALID;
        return E8M0_NAN;
    }
    if (p.cls == WIDE_INF) {
        *flags |= MXCTS_FLAG_INVALID;
        return cv->overflow == MXCTS_E8M0_SAT ? E8M0_MAX : E8M0_NAN;
    }
    const uint64_t one = 1ull << 63, one_half = 3ull << 62;
    int k = p.e;
    int exact = p.sig == one;
    switch (cv->round) {
    case MXCTS_E8M0_RUP: k += !exact; break;
    case MXCTS_E8M0_NEAREST_UP:
        if (p.e == -127)
            k += !exact; /* (2^-127, 2^-126) -> 2^-126: byte 0 stands for "zero" */
        else
            k += p.sig >= one_half;
        break;
    case MXCTS_E8M0_NEAREST: k += p.sig >= one_half; break;
    default: break;
    }
    if (p.e < -127) { /* below the smallest scale: 2^-127 in every mode */
        *flags |= MXCTS_FLAG_INEXACT | MXCTS_FLAG_UNDERFLOW;
        return 0x00;
    }
    if (k > 127)
        return e8m0_overflowed(cv, flags);
    if (!exact)
        *flags |= MXCTS_FLAG_INEXACT;
    return (uint8_t)(k + 127);
}

#endif
