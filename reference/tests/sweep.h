/* Compare the reference with the oracle on an array of wide inputs: for each
 * element format and configuration, bulk encode (codes, OR of flags) and the
 * scalar encoder of the same source type (code and flags of every element). */
#ifndef MXCTS_TEST_SWEEP_H
#define MXCTS_TEST_SWEEP_H

#include <stddef.h>
#include "mxcts/convert.h"

/* Value of element i of an array of `src` bit patterns. */
double sweep_value(mxcts_wide src, const void *in, size_t i);

/* Runs every element format (or only `fmt` if fmt < MXCTS_FORMAT_COUNT) over
 * the configurations of tu_configs(fmt, extended). Returns the number of
 * element checks; failures are recorded with tu_fail. */
long sweep_check(mxcts_wide src, const void *in, size_t n, int extended, mxcts_format fmt);

#endif
