/* Self-test of the oracle, linked WITHOUT the reference library (so the
 * oracle provably calls no mxcts_* code). Checks internal consistency: every
 * finite code encodes back to itself in every mode, results are monotone in
 * the input and are always one of the two neighbours, and a few typed values.
 * The typed spec table (ref_spec_cases) also runs every case through it. */
#include <math.h>
#include <stdio.h>
#include "oracle.h"
#include "test_util.h"

static double decoded(mxcts_format f, unsigned code)
{
    double v;
    int cls = oracle_decode(f, code, &v);
    return cls == ORACLE_NAN ? NAN : v;
}

int main(void)
{
    oracle_init();
    long checks = 0;
    mxcts_convert cfg[TU_MAX_CONFIGS];
    for (int k = 0; k < TU_ELEM_COUNT; k++) {
        mxcts_format f = tu_elem_formats[k];
        int nc = tu_configs(f, 1, cfg);
        unsigned ncodes = 1u << oracle_code_bits(f);
        for (int c = 0; c < nc; c++) {
            const mxcts_convert *cv = &cfg[c];
            /* 1. exact values round-trip (Inf only where it is not saturated) */
            for (unsigned code = 0; code < ncodes; code++) {
                double v;
                int cls = oracle_decode(f, code, &v);
                if (cls == ORACLE_NAN || (cls == ORACLE_INF && cv->overflow == MXCTS_OVERFLOW_SAT &&
                                          cv->inf_policy == MXCTS_INF_FOLLOWS_OVERFLOW))
                    continue;
                if (f == MXCTS_INT8 && cv->int8_min == -127 && code == 0x80)
                    continue;
                unsigned fl;
                unsigned got = oracle_encode(f, v, cv, &fl);
                checks++;
                TU_CHECK(got == code && fl == 0, "%s code 0x%02X (%a) re-encodes to 0x%02X flags %u",
                         oracle_format_name(f), code, v, got, fl);
            }
            /* 2. monotone, and a neighbour, over every finite f16 ascending */
            double prev = -INFINITY;
            for (int s = -1; s <= 1; s += 2) {
                for (unsigned m = 0; m < 0x7C00; m++) {
                    unsigned idx = s < 0 ? 0x7BFF - m : m;
                    double x = s * tu_f16_value((uint16_t)idx);
                    unsigned fl;
                    double y = decoded(f, oracle_encode(f, x, cv, &fl));
                    checks++;
                    if (isnan(y) || isinf(y) || (fl & MXCTS_FLAG_OVERFLOW))
                        continue; /* overflow results follow their own rules */
                    TU_CHECK(y >= prev, "%s mode %d: not monotone at f16 %a -> %a (prev %a)",
                             oracle_format_name(f), c, x, y, prev);
                    TU_CHECK((y == x) == !(fl & MXCTS_FLAG_INEXACT),
                             "%s: inexact flag wrong at %a", oracle_format_name(f), x);
                    if (cv->round == MXCTS_ROUND_RTZ)
                        TU_CHECK(fabs(y) <= fabs(x), "%s: RTZ grew %a -> %a", oracle_format_name(f), x, y);
                    if (cv->round == MXCTS_ROUND_RUP)
                        TU_CHECK(y >= x, "%s: RUP went down %a -> %a", oracle_format_name(f), x, y);
                    if (cv->round == MXCTS_ROUND_RDN)
                        TU_CHECK(y <= x, "%s: RDN went up %a -> %a", oracle_format_name(f), x, y);
                    prev = y;
                }
                prev = -0.0; /* the positive half starts again from zero */
            }
        }
        /* 3. breakpoints sorted, unique, contain max */
        double bp[ORACLE_MAX_BREAKPOINTS];
        size_t n = oracle_breakpoints(f, -128, bp);
        checks++;
        TU_CHECK(n > 4, "%s: %zu breakpoints", oracle_format_name(f), n);
        int has_max = 0;
        for (size_t i = 0; i < n; i++) {
            has_max |= bp[i] == oracle_max_finite(f);
            if (i)
                TU_CHECK(bp[i - 1] < bp[i], "%s: breakpoints not increasing", oracle_format_name(f));
        }
        TU_CHECK(has_max, "%s: max finite is not a breakpoint", oracle_format_name(f));
    }
    /* 4. a few typed values (OFP8 Table 2, mx-semantics 2.2) */
    mxcts_convert ocp = tu_config(MXCTS_ROUND_RNE, MXCTS_OVERFLOW_NONSAT, MXCTS_NAN_SIGN_PRESERVE);
    unsigned fl;
    TU_CHECK(oracle_encode(MXCTS_E4M3, 464.0, &ocp, &fl) == 0x7E, "oracle: E4M3 464");
    TU_CHECK(oracle_encode(MXCTS_E4M3, 465.0, &ocp, &fl) == 0x7F, "oracle: E4M3 465");
    TU_CHECK(oracle_encode(MXCTS_E5M2, 61440.0, &ocp, &fl) == 0x7C, "oracle: E5M2 61440");
    TU_CHECK(oracle_encode(MXCTS_E5M2, 61439.0, &ocp, &fl) == 0x7B, "oracle: E5M2 61439");
    TU_CHECK(oracle_encode(MXCTS_E4M3FNUZ, 248.0, &ocp, &fl) == 0x80, "oracle: FNUZ 248");
    TU_CHECK(oracle_encode(MXCTS_E2M1, 5.0, &ocp, &fl) == 0x6, "oracle: E2M1 5.0");
    TU_CHECK(oracle_encode(MXCTS_INT8, -2.0, &ocp, &fl) == 0x80, "oracle: INT8 -2.0");
    checks += 7;
    return tu_finish("ref_oracle_selftest", checks);
}
