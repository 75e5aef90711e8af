/* The independent test oracle: a slow, obviously-correct model of the MX /
 * FP8 element conversions, written without any code from reference/.
 *
 * How it works: every code of a format is decoded to its exact value with
 * ldexp() from its fields (the spec formula, OFP8 5.1), the finite values of
 * each sign are sorted into a table, and an input (a double: every f64, f32,
 * f16 and bf16 value is one, exactly) is placed between its two neighbours by
 * comparison. A virtual value one step above the largest finite value stands
 * for "rounded past max"; choosing it means overflow. Ties go to the
 * neighbour with the even mantissa LSB (INT8: the even integer).
 *
 * It only shares the public *types* and constants of include/mxcts (to name
 * formats, modes and flags); it calls no mxcts_* function, so it links
 * without the reference library (see ref_oracle_selftest). */
#ifndef MXCTS_TEST_ORACLE_H
#define MXCTS_TEST_ORACLE_H

#include <stddef.h>
#include <stdint.h>
#include "mxcts/convert.h"

/* Class of a decoded code. */
enum { ORACLE_NUM = 0, ORACLE_INF = 1, ORACLE_NAN = 2 };

/* Build the tables (call once, before any parallel region). Aborts on an
 * internal inconsistency (unsorted table, wrong code count). */
void oracle_init(void);

/* Storage width of a format's codes (8, 6, 4), or 0 for an unknown format. */
int oracle_code_bits(mxcts_format fmt);

/* Lower-case name, e.g. "e4m3" (NULL for an unknown format). */
const char *oracle_format_name(mxcts_format fmt);

/* Decode `code` exactly: returns ORACLE_NUM/INF/NAN and stores the signed
 * value (+-inf for Inf; for NaN a NaN whose sign is the code's sign bit, +
 * for FNUZ 0x80 and E8M0 0xFF). -1 if the code or format is out of range. */
int oracle_decode(mxcts_format fmt, unsigned code, double *value);

/* Encode x to an element format (not E8M0) under the knobs of cv; the
 * conversion's flags (MXCTS_FLAG_*) are stored in *flags (not OR-ed). */
uint8_t oracle_encode(mxcts_format fmt, double x, const mxcts_convert *cv, unsigned *flags);

/* Every magnitude at which oracle_encode's result (or flags) can change for
 * either sign: 0, each finite magnitude, each midpoint, max + one step (the
 * virtual value) and its midpoint with max. Sorted, unique. Returns the count
 * (at most ORACLE_MAX_BREAKPOINTS). int8_min selects the INT8 negative range. */
#define ORACLE_MAX_BREAKPOINTS 1200
size_t oracle_breakpoints(mxcts_format fmt, int int8_min, double *out);

/* Largest finite magnitude of the positive side, typed (448, 57344, ...). */
double oracle_max_finite(mxcts_format fmt);

#endif
