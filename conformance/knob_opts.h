/* The conversion options shared by encode, table and (later) quantize:
 * --profile NAME, then --round / --overflow / --nan-sign / --zero / --negative
 * overriding single knobs of that profile. Values are collected first and
 * resolved once the FORMAT is known, because E8M0 has its own rounding names. */
#ifndef MXCTS_KNOB_OPTS_H
#define MXCTS_KNOB_OPTS_H

#include "mxcts/convert.h"
#include "mxcts/e8m0.h"
#include "mxcts/format.h"

typedef struct knob_args {
    const char *profile, *round, *overflow, *nan_sign, *zero, *negative;
} knob_args;

/* Usage text for the options, for --help. */
#define KNOB_OPTS_USAGE                                                                          \
    "  --profile NAME          knob bundle (mxcts profiles lists them; default ocp)\n"          \
    "  --round M               elements: rne|rtz|rup|rdn; e8m0: rtz|rup|nearest-up|nearest\n"   \
    "  --overflow sat|nonsat   saturation (e8m0: overflow/Inf -> 0xFE or 0xFF)\n"               \
    "  --nan-sign preserve|clear   sign of a NaN result (elements)\n"                          \
    "  --zero min|nan          e8m0: what 0 becomes (0x00 or 0xFF)\n"                           \
    "  --negative abs|nan      e8m0: what a negative input becomes\n"

/* If `opt` is one of the options above, store `val` and return 1 (0 otherwise). */
int knob_args_take(knob_args *a, const char *opt, const char *val);

/* Apply the profile then the overrides for format `fmt` into cv / e8 (either may
 * be NULL when not needed). Prints the error and returns 2 on a bad value. */
int knob_args_resolve(const char *cmd, const knob_args *a, mxcts_format fmt, mxcts_convert *cv,
                      mxcts_e8m0_convert *e8);

#endif
