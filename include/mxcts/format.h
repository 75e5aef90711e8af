/* The table of element and scale formats: one row of facts per format.
 * Sources: OFP8 rev 1.0 Tables 1-2, OCP MX v1.0 section 5, see spec/formats.md. */
#ifndef MXCTS_FORMAT_H
#define MXCTS_FORMAT_H

#include <stdint.h>
#include "mxcts/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mxcts_format {
    MXCTS_E4M3 = 0,   /* OCP FP8 E4M3 ("fn"): no Inf, NaN S.1111.111 */
    MXCTS_E5M2,       /* OCP FP8 E5M2: IEEE-like */
    MXCTS_E4M3FNUZ,   /* AMD gfx942 fp8: bias 8, NaN 0x80, no -0 */
    MXCTS_E5M2FNUZ,   /* AMD gfx942 bf8: bias 16, NaN 0x80, no -0 */
    MXCTS_E2M3,       /* MX FP6 */
    MXCTS_E3M2,       /* MX FP6 */
    MXCTS_E2M1,       /* MX FP4 */
    MXCTS_INT8,       /* MX INT8 element: two's complement q, value q * 2^-6 */
    MXCTS_E8M0,       /* MX scale: unsigned 2^(E-127), 0xFF NaN, no zero */
    MXCTS_FORMAT_COUNT
} mxcts_format;

/* How a format encodes its values. */
typedef enum mxcts_format_kind {
    MXCTS_KIND_FLOAT = 0,  /* sign | exponent | mantissa, subnormals at E = 0 */
    MXCTS_KIND_INT = 1,    /* two's complement integer times 2^scale_exp */
    MXCTS_KIND_SCALE = 2   /* unsigned power of two (E8M0) */
} mxcts_format_kind;

/* Where NaN lives in a format. */
typedef enum mxcts_nan_kind {
    MXCTS_NAN_NONE = 0,       /* FP6, FP4, INT8 */
    MXCTS_NAN_MAX_PATTERN,    /* E4M3: S.1111.111 only */
    MXCTS_NAN_IEEE,           /* E5M2: exponent all ones, mantissa != 0 */
    MXCTS_NAN_NEG_ZERO,       /* FNUZ: 0x80 only (the -0 pattern) */
    MXCTS_NAN_ALL_ONES        /* E8M0: 0xFF */
} mxcts_nan_kind;

typedef struct mxcts_format_info {
    const char *name;          /* lower-case name used on the command line */
    mxcts_format_kind kind;
    int bits;                  /* storage width: 8, 6 or 4 (codes in the low bits) */
    int exp_bits, man_bits;    /* field widths (INT8: 0 / 7; E8M0: 8 / 0) */
    int bias;                  /* exponent bias (INT8: 0) */
    int emin;                  /* unbiased exponent of the smallest normal (INT8: scale exponent -6) */
    int emax;                  /* unbiased exponent of the largest finite */
    int emax_elem;             /* MX scale selection: exponent of the largest power of two; -1 when not an MX element */
    int is_signed;             /* has a sign bit / negative values */
    int has_neg_zero;          /* -0 is a distinct finite code */
    int has_inf;
    mxcts_nan_kind nan_kind;
    uint8_t max_code;          /* code of the largest positive finite value */
    uint8_t inf_code;          /* code of +Inf (valid only if has_inf) */
    uint8_t nan_code;          /* canonical positive NaN code (valid unless NAN_NONE) */
    uint8_t sign_mask;         /* the sign bit within the code (0 if unsigned; INT8: 0x80) */
    double max_finite;         /* largest finite value */
    double min_normal;         /* smallest positive normal (INT8: 2^-6; E8M0: 2^-127) */
    double min_subnormal;      /* smallest positive non-zero value (E8M0: 2^-127) */
    const char *description;
} mxcts_format_info;

/* The row for `fmt`, or NULL if `fmt` is out of range. */
const mxcts_format_info *mxcts_format_get(mxcts_format fmt);

/* Look a format up by name (case-insensitive; aliases such as "fp4", "float8_e4m3fn" accepted). */
mxcts_status mxcts_format_from_name(const char *name, mxcts_format *fmt);

/* Number of distinct codes: 2^bits. */
unsigned mxcts_format_code_count(mxcts_format fmt);

#ifdef __cplusplus
}
#endif
#endif
