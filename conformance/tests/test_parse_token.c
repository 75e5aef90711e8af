/* Token parser: decimal text is rounded once to the source type. Expected bit
 * patterns are typed (IEEE binary16 / bfloat16 / binary32 encodings). */
#include <stdio.h>
#include <string.h>
#include "parse_token.h"

static int fails;

static void expect(const char *tok, mxcts_wide t, uint64_t want, int want_ok)
{
    uint64_t got = 0;
    const char *why = "";
    int ok = parse_value_token(tok, t, &got, &why) == MXCTS_OK;
    if (ok != want_ok || (ok && got != want)) {
        printf("FAIL %s as %s: expected %s0x%llx got %s0x%llx (%s)\n", tok, wide_name(t),
               want_ok ? "" : "error ", (unsigned long long)want, ok ? "" : "error ",
               (unsigned long long)got, why);
        fails++;
    }
}

int main(void)
{
    /* bf16: 1.00390625 is the midpoint of 1.0 (0x3f80) and 1.0078125 (0x3f81): tie to even */
    expect("1.00390625", MXCTS_WIDE_BF16, 0x3f80, 1);
    /* a hair above the midpoint: strtod alone would round to the midpoint double */
    expect("1.003906250000000000000000000001", MXCTS_WIDE_BF16, 0x3f81, 1);
    expect("1.003906249999999999999999999999", MXCTS_WIDE_BF16, 0x3f80, 1);
    /* f16: 1 + 2^-11 = 1.00048828125 is the midpoint of 0x3c00 and 0x3c01 */
    expect("1.00048828125", MXCTS_WIDE_F16, 0x3c00, 1);
    expect("1.000488281250000000000000000001", MXCTS_WIDE_F16, 0x3c01, 1);
    expect("1.00146484375", MXCTS_WIDE_F16, 0x3c02, 1); /* midpoint 0x3c01/0x3c02: to even */
    expect("65520", MXCTS_WIDE_F16, 0x7c00, 1);          /* f16 overflow threshold -> Inf */
    expect("65519.99", MXCTS_WIDE_F16, 0x7bff, 1);
    expect("5.9604644775390625e-08", MXCTS_WIDE_F16, 0x0001, 1); /* 2^-24 */
    expect("2.98023223876953125e-08", MXCTS_WIDE_F16, 0x0000, 1); /* 2^-25 tie -> 0 */
    expect("-inf", MXCTS_WIDE_F16, 0xfc00, 1);
    expect("-0", MXCTS_WIDE_BF16, 0x8000, 1);
    expect("nan", MXCTS_WIDE_BF16, 0x7fc0, 1);
    expect("3.4e38", MXCTS_WIDE_BF16, 0x7f80, 1);  /* above bf16 max 0x7f7f (3.39e38) rounds to Inf */
    expect("448", MXCTS_WIDE_F32, 0x43e00000, 1);
    expect("0x1.8p3", MXCTS_WIDE_F32, 0x41400000, 1); /* C hex float: 12 */
    expect("16777217", MXCTS_WIDE_F32, 0x4b800000, 1); /* 2^24 + 1 ties to even 2^24 */
    expect("1e-46", MXCTS_WIDE_F32, 0x00000000, 1);
    expect("0x7fc00000", MXCTS_WIDE_F32, 0x7fc00000, 1);
    expect("0x000000000003f80", MXCTS_WIDE_BF16, 0x3f80, 1); /* leading zeros do not widen */
    expect("0x10000", MXCTS_WIDE_BF16, 0, 0);
    expect("0x", MXCTS_WIDE_F32, 0, 0);
    expect("", MXCTS_WIDE_F32, 0, 0);
    expect("1.5.2", MXCTS_WIDE_F64, 0, 0);
    expect("0x3ff0000000000000", MXCTS_WIDE_F64, 0x3ff0000000000000ull, 1);
    expect("0x13ff0000000000000", MXCTS_WIDE_F64, 0, 0);
    printf("%d failure(s)\n", fails);
    return fails != 0;
}
