/* Small helpers shared by the reference tests: bit-pattern <-> double
 * (written here, not taken from reference/), a seeded PRNG, the list of
 * conversion configurations to sweep, and mismatch reporting that prints
 * only the first few failures. */
#ifndef MXCTS_TEST_UTIL_H
#define MXCTS_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include "mxcts/convert.h"

#define TU_ELEM_COUNT 8
extern const mxcts_format tu_elem_formats[TU_ELEM_COUNT];

/* Exact values of bit patterns (a double holds every one exactly). */
double tu_f32_value(uint32_t bits);
double tu_f64_value(uint64_t bits);
double tu_f16_value(uint16_t bits);
double tu_bf16_value(uint16_t bits);
uint64_t tu_f64_bits(double d);
/* Smallest f32 magnitude pattern m in [0, 0x7F800000] whose value is >= t (t >= 0). */
uint32_t tu_f32_first_at_or_above(double t);

/* splitmix64 (Steele, Lea, Flood 2014). */
uint64_t tu_splitmix64(uint64_t *state);

/* A configuration with every knob set by hand (OCP defaults, then the given
 * round / overflow / NaN sign). */
mxcts_convert tu_config(mxcts_round r, mxcts_overflow o, mxcts_nan_sign ns);

/* The configurations to sweep for `fmt`: the 16 of round x overflow x NaN
 * sign; with `extended`, also the compat knobs (overflow test before
 * rounding, Inf never saturates, int8_min -127 for INT8, E5M2 NaN codes
 * 0x7D/0x7E, E4M3 SAT gives NaN, the NaN -> FP6/FP4/INT8 choices, NaN
 * inputs taken as positive). Returns
 * the count (at most TU_MAX_CONFIGS). */
#define TU_MAX_CONFIGS 192
int tu_configs(mxcts_format fmt, int extended, mxcts_convert *out);

/* "e4m3 rne sat nan=keep ..." */
void tu_describe(mxcts_format fmt, const mxcts_convert *cv, char *buf, size_t n);

/* Record a failure; the first TU_PRINT_LIMIT are printed (thread-safe). */
#define TU_PRINT_LIMIT 12
void tu_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A code/flag mismatch of an encode: prints input, expected and actual. */
void tu_fail_encode(const char *entry, mxcts_format fmt, const mxcts_convert *cv,
                    const char *input, unsigned want, unsigned got, unsigned want_flags,
                    unsigned got_flags);
long tu_failures(void);
/* Print the summary line and return the process exit status. */
int tu_finish(const char *test, long checks);

#define TU_CHECK(cond, ...)                                                          \
    do {                                                                             \
        if (!(cond))                                                                 \
            tu_fail(__VA_ARGS__);                                                    \
    } while (0)

/* TU_CHECK that also counts the check in `counter` (single-threaded tests that
 * report "N checks, M failures" through tu_finish). */
#define TU_COUNT_CHECK(counter, cond, ...)                                           \
    do {                                                                             \
        (counter)++;                                                                 \
        TU_CHECK(cond, __VA_ARGS__);                                                 \
    } while (0)

#endif
