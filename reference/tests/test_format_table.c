/* mxcts_format_get / mxcts_format_code_count / mxcts_format_from_name
 * against facts TYPED from OFP8 Tables 1-2, mx-semantics.md 1.1 (bias,
 * emin/emax, max normal, min normal, min subnormal, NaN/Inf codes, -0) and
 * 1.2 (emax_elem; -1 where the format is not an MX element). */
#include <stdio.h>
#include <string.h>
#include "mxcts/format.h"
#include "test_util.h"

typedef struct facts {
    mxcts_format fmt;
    const char *name;
    int bits, exp_bits, man_bits, bias, emin, emax, emax_elem;
    int has_neg_zero, has_inf, is_signed;
    mxcts_nan_kind nan_kind;
    unsigned max_code, nan_code, inf_code;
    double max_finite, min_normal, min_subnormal;
} facts;

static const facts FACTS[] = {
    {MXCTS_E4M3, "e4m3", 8, 4, 3, 7, -6, 8, 8, 1, 0, 1, MXCTS_NAN_MAX_PATTERN, 0x7E, 0x7F, 0,
     448.0, 0x1p-6, 0x1p-9},
    {MXCTS_E5M2, "e5m2", 8, 5, 2, 15, -14, 15, 15, 1, 1, 1, MXCTS_NAN_IEEE, 0x7B, 0x7F, 0x7C,
     57344.0, 0x1p-14, 0x1p-16},
    {MXCTS_E4M3FNUZ, "e4m3fnuz", 8, 4, 3, 8, -7, 7, -1, 0, 0, 1, MXCTS_NAN_NEG_ZERO, 0x7F, 0x80, 0,
     240.0, 0x1p-7, 0x1p-10},
    {MXCTS_E5M2FNUZ, "e5m2fnuz", 8, 5, 2, 16, -15, 15, -1, 0, 0, 1, MXCTS_NAN_NEG_ZERO, 0x7F, 0x80, 0,
     57344.0, 0x1p-15, 0x1p-17},
    {MXCTS_E2M3, "e2m3", 6, 2, 3, 1, 0, 2, 2, 1, 0, 1, MXCTS_NAN_NONE, 0x1F, 0, 0, 7.5, 1.0, 0.125},
    {MXCTS_E3M2, "e3m2", 6, 3, 2, 3, -2, 4, 4, 1, 0, 1, MXCTS_NAN_NONE, 0x1F, 0, 0, 28.0, 0.25,
     0.0625},
    {MXCTS_E2M1, "e2m1", 4, 2, 1, 1, 0, 2, 2, 1, 0, 1, MXCTS_NAN_NONE, 0x7, 0, 0, 6.0, 1.0, 0.5},
    {MXCTS_INT8, "int8", 8, 0, 7, 0, -6, 0, 0, 0, 0, 1, MXCTS_NAN_NONE, 0x7F, 0, 0, 1.984375,
     0.015625, 0.015625},
    {MXCTS_E8M0, "e8m0", 8, 8, 0, 127, -127, 127, -1, 0, 0, 0, MXCTS_NAN_ALL_ONES, 0xFE, 0xFF, 0,
     0x1p127, 0x1p-127, 0x1p-127},
};

#define EQ(field, want)                                                                          \
    TU_CHECK((got->field) == (want), "%s: " #field " = %g, want %g", t->name, (double)(got->field), \
             (double)(want))

int main(void)
{
    long checks = 0;
    for (size_t i = 0; i < sizeof FACTS / sizeof FACTS[0]; i++) {
        const facts *t = &FACTS[i];
        const mxcts_format_info *got = mxcts_format_get(t->fmt);
        checks++;
        if (!got) {
            tu_fail("%s: mxcts_format_get returned NULL", t->name);
            continue;
        }
        TU_CHECK(got->name && strcmp(got->name, t->name) == 0, "%s: name %s", t->name,
                 got->name ? got->name : "(null)");
        EQ(bits, t->bits);
        EQ(exp_bits, t->exp_bits);
        EQ(man_bits, t->man_bits);
        EQ(bias, t->bias);
        EQ(emin, t->emin);
        EQ(emax, t->emax);
        EQ(emax_elem, t->emax_elem);
        EQ(has_neg_zero, t->has_neg_zero);
        EQ(has_inf, t->has_inf);
        EQ(is_signed, t->is_signed);
        EQ(nan_kind, t->nan_kind);
        EQ(max_code, t->max_code);
        if (t->nan_kind != MXCTS_NAN_NONE)
            EQ(nan_code, t->nan_code);
        if (t->has_inf)
            EQ(inf_code, t->inf_code);
        EQ(max_finite, t->max_finite);
        EQ(min_normal, t->min_normal);
        EQ(min_subnormal, t->min_subnormal);
        TU_CHECK(mxcts_format_code_count(t->fmt) == (1u << t->bits), "%s: code count %u", t->name,
                 mxcts_format_code_count(t->fmt));
        /* name lookup, case-insensitive */
        mxcts_format f = MXCTS_FORMAT_COUNT;
        TU_CHECK(mxcts_format_from_name(t->name, &f) == MXCTS_OK && f == t->fmt, "%s: from_name",
                 t->name);
        char upper[32];
        size_t k = 0;
        for (; t->name[k] && k + 1 < sizeof upper; k++)
            upper[k] = (char)(t->name[k] >= 'a' && t->name[k] <= 'z' ? t->name[k] - 32 : t->name[k]);
        upper[k] = 0;
        f = MXCTS_FORMAT_COUNT;
        TU_CHECK(mxcts_format_from_name(upper, &f) == MXCTS_OK && f == t->fmt, "%s: from_name(%s)",
                 t->name, upper);
        checks += 21;
    }
    /* a few documented aliases */
    static const struct { const char *alias; mxcts_format fmt; } AL[] = {
        {"float8_e4m3fn", MXCTS_E4M3}, {"float8_e5m2", MXCTS_E5M2},
        {"float8_e4m3fnuz", MXCTS_E4M3FNUZ}, {"float8_e5m2fnuz", MXCTS_E5M2FNUZ},
        {"fp4", MXCTS_E2M1}, {"float8_e8m0fnu", MXCTS_E8M0},
    };
    for (size_t i = 0; i < sizeof AL / sizeof AL[0]; i++) {
        mxcts_format f = MXCTS_FORMAT_COUNT;
        TU_CHECK(mxcts_format_from_name(AL[i].alias, &f) == MXCTS_OK && f == AL[i].fmt,
                 "alias %s", AL[i].alias);
        checks++;
    }
    TU_CHECK(MXCTS_FORMAT_COUNT == 9, "MXCTS_FORMAT_COUNT = %d", (int)MXCTS_FORMAT_COUNT);
    return tu_finish("ref_format_table", checks + 1);
}
