/* The exact accumulator (include/mxcts/exact.h): typed closed-form cases for
 * the single rounding (ties, sticky bits far below the rounding point,
 * overflow, subnormals) to f64 / f32 / bf16 / f16, special values, the sum
 * of |terms|, merging, and factor construction. Every expected bit pattern
 * is typed in or computed here with integer arithmetic. */
#include <stdio.h>
#include <string.h>
#include "mxcts/exact.h"
#include "test_gemm_common.h"

static mxcts_factor F(int sign, uint64_t mant, int exp)
{
    mxcts_factor f = {MXCTS_CLASS_FINITE, sign, mant, exp};
    return f;
}

/* Sum of up to 8 terms (sign, mant, exp), rounded RNE to `t`. */
typedef struct { int s; uint64_t m; int e; } term;

static uint64_t sum_round(const term *ts, int n, mxcts_wide t, mxcts_round mode)
{
    mxcts_acc acc;
    mxcts_acc_init(&acc);
    for (int i = 0; i < n; i++) {
        mxcts_factor f = F(ts[i].s, ts[i].m, ts[i].e);
        if (mxcts_acc_add(&acc, &f) != MXCTS_OK)
            tg_fail("add term %d failed", i);
    }
    uint64_t b = 0;
    if (mxcts_acc_round(&acc, t, mode, &b, NULL) != MXCTS_OK)
        tg_fail("round failed");
    return b;
}

#define ROUND_CASE(name, t, mode, want, ...)                                                   \
    do {                                                                                       \
        term ts_[] = {__VA_ARGS__};                                                            \
        uint64_t got_ = sum_round(ts_, (int)(sizeof ts_ / sizeof ts_[0]), t, mode);            \
        TG_CHECK(got_ == (uint64_t)(want), "%s: got 0x%llx want 0x%llx", name,                 \
                 (unsigned long long)got_, (unsigned long long)(want));                        \
    } while (0)

static void test_ties_and_sticky(void)
{
    const mxcts_round R = MXCTS_ROUND_RNE;
    /* bf16 (p = 8): ulp at 1 is 2^-7 */
    ROUND_CASE("bf16 1+2^-8 tie to even", MXCTS_WIDE_BF16, R, 0x3F80, {0, 1, 0}, {0, 1, -8});
    ROUND_CASE("bf16 1+2^-8+2^-300 sticky", MXCTS_WIDE_BF16, R, 0x3F81, {0, 1, 0}, {0, 1, -8},
               {0, 1, -300});
    ROUND_CASE("bf16 1+3*2^-8 tie up to even", MXCTS_WIDE_BF16, R, 0x3F82, {0, 1, 0},
               {0, 3, -8});
    ROUND_CASE("bf16 -(1+2^-8)", MXCTS_WIDE_BF16, R, 0xBF80, {1, 1, 0}, {1, 1, -8});
    ROUND_CASE("bf16 1+2^-8-2^-300 below tie", MXCTS_WIDE_BF16, R, 0x3F80, {0, 1, 0},
               {0, 1, -8}, {1, 1, -300});
    /* bf16 largest finite 0x7F7F = 255 * 2^120; tie at 255.5 * 2^120 -> Inf */
    ROUND_CASE("bf16 overflow tie", MXCTS_WIDE_BF16, R, 0x7F80, {0, 511, 119});
    ROUND_CASE("bf16 below overflow tie", MXCTS_WIDE_BF16, R, 0x7F7F, {0, 511, 119},
               {1, 1, -200});
    /* bf16 min subnormal 2^-133 */
    ROUND_CASE("bf16 2^-134 tie to 0", MXCTS_WIDE_BF16, R, 0x0000, {0, 1, -134});
    ROUND_CASE("bf16 3*2^-134 tie to 2", MXCTS_WIDE_BF16, R, 0x0002, {0, 3, -134});
    ROUND_CASE("bf16 -2^-134 -> -0", MXCTS_WIDE_BF16, R, 0x8000, {1, 1, -134});
    ROUND_CASE("bf16 2^-127 exact subnormal", MXCTS_WIDE_BF16, R, 0x0040, {0, 1, -127});
    /* f16 (p = 11, emin -14, max 65504) */
    ROUND_CASE("f16 1+2^-11 tie", MXCTS_WIDE_F16, R, 0x3C00, {0, 1, 0}, {0, 1, -11});
    ROUND_CASE("f16 1+2^-11+2^-140", MXCTS_WIDE_F16, R, 0x3C01, {0, 1, 0}, {0, 1, -11},
               {0, 1, -140});
    ROUND_CASE("f16 65520 tie -> Inf", MXCTS_WIDE_F16, R, 0x7C00, {0, 65520, 0});
    ROUND_CASE("f16 65520-2^-300 -> max", MXCTS_WIDE_F16, R, 0x7BFF, {0, 65520, 0},
               {1, 1, -300});
    ROUND_CASE("f16 -65536 -> -Inf", MXCTS_WIDE_F16, R, 0xFC00, {1, 1, 16});
    ROUND_CASE("f16 2^-25 tie to 0", MXCTS_WIDE_F16, R, 0x0000, {0, 1, -25});
    ROUND_CASE("f16 3*2^-25 tie to 2", MXCTS_WIDE_F16, R, 0x0002, {0, 3, -25});
    ROUND_CASE("f16 2^-25+2^-60", MXCTS_WIDE_F16, R, 0x0001, {0, 1, -25}, {0, 1, -60});
    ROUND_CASE("f16 2^-127 underflows", MXCTS_WIDE_F16, R, 0x0000, {0, 1, -127});
    ROUND_CASE("f16 1023*2^-24 max subnormal", MXCTS_WIDE_F16, R, 0x03FF, {0, 1023, -24});
    ROUND_CASE("f16 2047*2^-25 rounds to min normal", MXCTS_WIDE_F16, R, 0x0400,
               {0, 2047, -25});
    /* f32 */
    ROUND_CASE("f32 FLT_MAX+2^103 tie -> Inf", MXCTS_WIDE_F32, R, 0x7F800000,
               {0, 0xFFFFFF, 104}, {0, 1, 103});
    ROUND_CASE("f32 FLT_MAX+2^103-2^50", MXCTS_WIDE_F32, R, 0x7F7FFFFF, {0, 0xFFFFFF, 104},
               {0, 1, 103}, {1, 1, 50});
    ROUND_CASE("f32 2^-150 tie to 0", MXCTS_WIDE_F32, R, 0x00000000, {0, 1, -150});
    ROUND_CASE("f32 2^-150+2^-300", MXCTS_WIDE_F32, R, 0x00000001, {0, 1, -150},
               {0, 1, -300});
    ROUND_CASE("f32 -2^-150 -> -0", MXCTS_WIDE_F32, R, 0x80000000, {1, 1, -150});
    ROUND_CASE("f32 3*2^-150 tie to 2", MXCTS_WIDE_F32, R, 0x00000002, {0, 3, -150});
    ROUND_CASE("f32 2^-127", MXCTS_WIDE_F32, R, 0x00400000, {0, 1, -127});
    ROUND_CASE("f32 2^127*3 -> Inf", MXCTS_WIDE_F32, R, 0x7F800000, {0, 3, 127});
    ROUND_CASE("f32 cancellation 2^200-2^200+1", MXCTS_WIDE_F32, R, 0x3F800000,
               {0, 1, 200}, {1, 1, 200}, {0, 1, 0});
    ROUND_CASE("f32 exact zero is +0", MXCTS_WIDE_F32, R, 0x00000000, {0, 5, -3},
               {1, 5, -3});
    ROUND_CASE("f32 exact zero RDN is -0", MXCTS_WIDE_F32, MXCTS_ROUND_RDN, 0x80000000,
               {0, 5, -3}, {1, 5, -3});
    /* f64 */
    ROUND_CASE("f64 1+2^-53 tie", MXCTS_WIDE_F64, R, 0x3FF0000000000000ull, {0, 1, 0},
               {0, 1, -53});
    ROUND_CASE("f64 1+2^-53+2^-384 sticky at the register's last bit", MXCTS_WIDE_F64, R,
               0x3FF0000000000001ull, {0, 1, 0}, {0, 1, -53}, {0, 1, -384});
    ROUND_CASE("f64 2^319 - 2^-384 rounds up", MXCTS_WIDE_F64, R, 0x53E0000000000000ull,
               {0, 1, 319}, {1, 1, -384});
    ROUND_CASE("f64 2^288 * 57344^2-ish", MXCTS_WIDE_F64, R,
               0x5210000000000000ull /* 2^290 */, {0, 1, 290});
    /* directed modes */
    ROUND_CASE("f32 RTZ 1+2^-30", MXCTS_WIDE_F32, MXCTS_ROUND_RTZ, 0x3F800000, {0, 1, 0},
               {0, 1, -30});
    ROUND_CASE("f32 RUP 1+2^-300", MXCTS_WIDE_F32, MXCTS_ROUND_RUP, 0x3F800001, {0, 1, 0},
               {0, 1, -300});
    ROUND_CASE("f32 RDN -(1+2^-300)", MXCTS_WIDE_F32, MXCTS_ROUND_RDN, 0xBF800001, {1, 1, 0},
               {1, 1, -300});
    ROUND_CASE("f32 RUP -(1+2^-300)", MXCTS_WIDE_F32, MXCTS_ROUND_RUP, 0xBF800000, {1, 1, 0},
               {1, 1, -300});
    ROUND_CASE("f32 RTZ overflow -> max", MXCTS_WIDE_F32, MXCTS_ROUND_RTZ, 0x7F7FFFFF,
               {0, 1, 200});
    ROUND_CASE("f32 RDN +overflow -> max", MXCTS_WIDE_F32, MXCTS_ROUND_RDN, 0x7F7FFFFF,
               {0, 1, 200});
    ROUND_CASE("f32 RDN -overflow -> -Inf", MXCTS_WIDE_F32, MXCTS_ROUND_RDN, 0xFF800000,
               {1, 1, 200});
    ROUND_CASE("f32 RUP tiny -> min subnormal", MXCTS_WIDE_F32, MXCTS_ROUND_RUP, 0x00000001,
               {0, 1, -380});
}

static void test_specials(void)
{
    mxcts_acc acc;
    mxcts_factor one = F(0, 1, 0), zero = F(0, 0, 0);
    mxcts_factor inf = {MXCTS_CLASS_INF, 0, 0, 0}, ninf = {MXCTS_CLASS_INF, 1, 0, 0};
    mxcts_factor nan = {MXCTS_CLASS_NAN, 0, 0, 0};
    uint64_t b;

    mxcts_acc_init(&acc);
    mxcts_acc_add_product(&acc, &inf, &zero);
    mxcts_acc_round(&acc, MXCTS_WIDE_F32, MXCTS_ROUND_RNE, &b, NULL);
    TG_CHECK(b == 0x7FC00000, "Inf*0 -> NaN, got 0x%llx", (unsigned long long)b);

    mxcts_acc_init(&acc);
    mxcts_acc_add_product(&acc, &inf, &one);
    mxcts_acc_add_product(&acc, &one, &one);
    mxcts_acc_round(&acc, MXCTS_WIDE_BF16, MXCTS_ROUND_RNE, &b, NULL);
    TG_CHECK(b == 0x7F80, "Inf*1 + 1 -> +Inf, got 0x%llx", (unsigned long long)b);

    mxcts_acc_init(&acc);
    mxcts_acc_add_product(&acc, &inf, &one);
    mxcts_acc_add_product(&acc, &ninf, &one);
    mxcts_acc_round(&acc, MXCTS_WIDE_F16, MXCTS_ROUND_RNE, &b, NULL);
    TG_CHECK(b == 0x7E00, "+Inf + -Inf -> NaN, got 0x%llx", (unsigned long long)b);

    mxcts_acc_init(&acc);
    mxcts_acc_add_product(&acc, &inf, &ninf);
    mxcts_acc_round(&acc, MXCTS_WIDE_F64, MXCTS_ROUND_RNE, &b, NULL);
    TG_CHECK(b == 0xFFF0000000000000ull, "Inf*-Inf -> -Inf, got 0x%llx", (unsigned long long)b);

    mxcts_acc_init(&acc);
    mxcts_acc_add_product(&acc, &nan, &zero);
    mxcts_acc_round(&acc, MXCTS_WIDE_F64, MXCTS_ROUND_RNE, &b, NULL);
    TG_CHECK(b == 0x7FF8000000000000ull, "NaN*0 -> NaN, got 0x%llx", (unsigned long long)b);

    /* factor_mul follows the same rules */
    mxcts_factor r;
    mxcts_factor_mul(&zero, &ninf, &r);
    TG_CHECK(r.cls == MXCTS_CLASS_NAN, "factor 0*-Inf is NaN");
    mxcts_factor_mul(&one, &ninf, &r);
    TG_CHECK(r.cls == MXCTS_CLASS_INF && r.sign == 1, "factor 1*-Inf is -Inf");
    mxcts_factor big = F(0, (1ull << 40) - 1, 0);
    TG_CHECK(mxcts_factor_mul(&big, &big, &r) == MXCTS_ERR_UNSUPPORTED,
             "80-bit factor product is refused");
    mxcts_factor a3 = F(1, 3, -2), a5 = F(0, 5, 7);
    TG_CHECK(mxcts_factor_mul(&a3, &a5, &r) == MXCTS_OK && r.cls == 0 && r.sign == 1 &&
                 r.mant == 15 && r.exp == 5,
             "(-3/4)*(5*128) = -15*32");

    /* range of the register */
    mxcts_acc_init(&acc);
    mxcts_factor tiny = F(0, 1, -385), huge = F(0, 1, 320), ok_hi = F(0, 1, 319);
    TG_CHECK(mxcts_acc_add(&acc, &tiny) == MXCTS_ERR_UNSUPPORTED, "2^-385 refused");
    TG_CHECK(mxcts_acc_add(&acc, &huge) == MXCTS_ERR_UNSUPPORTED, "2^320 refused");
    TG_CHECK(mxcts_acc_add(&acc, &ok_hi) == MXCTS_OK, "2^319 accepted");
    TG_CHECK(acc.terms == 1, "refused terms are not counted");
}

/* Sums of products with a huge carry chain, the |sum|, merge, classes. */
static void test_sums(void)
{
    mxcts_acc a, b2;
    mxcts_acc_init(&a);
    /* 2^20 terms of (2^64 - 1) * 2^-64 * ... : all-ones words carrying */
    mxcts_factor m = F(0, ~0ull, -64), one = F(0, 1, 0);
    for (int i = 0; i < (1 << 20); i++)
        mxcts_acc_add_product(&a, &m, &one);
    /* exact value: 2^20 * (1 - 2^-64) = 2^20 - 2^-44 -> f64 rounds to 2^20 */
    double d;
    mxcts_acc_to_f64(&a, &d);
    TG_CHECK(tg_f64_bits(d) == 0x4130000000000000ull, "2^20(1-2^-64) -> 2^20");
    uint64_t rb;
    mxcts_acc_round(&a, MXCTS_WIDE_F64, MXCTS_ROUND_RTZ, &rb, NULL);
    /* RTZ: largest double below 2^20 = 0x412FFFFFFFFFFFFF */
    TG_CHECK(rb == 0x412FFFFFFFFFFFFFull, "RTZ 2^20 - 2^-44, got 0x%llx",
             (unsigned long long)rb);

    /* |sum|: +3, -5, +7*2^-10 -> value -2 + 7/1024, abs sum 8 + 7/1024 */
    mxcts_acc_init(&a);
    mxcts_factor t1 = F(0, 3, 0), t2 = F(1, 5, 0), t3 = F(0, 7, -10);
    mxcts_acc_add(&a, &t1);
    mxcts_acc_add(&a, &t2);
    mxcts_acc_add(&a, &t3);
    double s, v;
    mxcts_acc_abs_sum(&a, MXCTS_ROUND_RUP, &s);
    mxcts_acc_to_f64(&a, &v);
    TG_CHECK(s == 8.0 + 7.0 / 1024, "abs sum %.17g", s);
    TG_CHECK(v == -2.0 + 7.0 / 1024, "value %.17g", v);
    int cls, sign;
    mxcts_acc_class(&a, &cls, &sign);
    TG_CHECK(cls == MXCTS_CLASS_FINITE && sign == 1, "negative finite class");

    /* merge: a + (-a) = 0 exactly, abs sum doubles */
    mxcts_acc_init(&b2);
    mxcts_factor n1 = F(1, 3, 0), n2 = F(0, 5, 0), n3 = F(1, 7, -10);
    mxcts_acc_add(&b2, &n1);
    mxcts_acc_add(&b2, &n2);
    mxcts_acc_add(&b2, &n3);
    mxcts_acc_merge(&a, &b2);
    TG_CHECK(mxcts_acc_is_zero(&a), "a + (-a) is zero");
    mxcts_acc_abs_sum(&a, MXCTS_ROUND_RUP, &s);
    TG_CHECK(s == 16.0 + 14.0 / 1024, "merged abs sum %.17g", s);
    TG_CHECK(a.terms == 6, "merged term count");

    /* abs sum rounding up: 1 + 2^-300 -> next double above 1 */
    mxcts_acc_init(&a);
    mxcts_factor u1 = F(0, 1, 0), u2 = F(1, 1, -300);
    mxcts_acc_add(&a, &u1);
    mxcts_acc_add(&a, &u2);
    mxcts_acc_abs_sum(&a, MXCTS_ROUND_RUP, &s);
    TG_CHECK(tg_f64_bits(s) == 0x3FF0000000000001ull, "abs sum rounded up");
}

static void test_factors(void)
{
    mxcts_factor f;
    /* E8M0 0x00 = 2^-127, 0xFE = 2^127, 0xFF NaN */
    TG_CHECK(mxcts_factor_from_code(MXCTS_E8M0, 0x00, &f) == 0 && f.cls == 0 && f.mant == 1 &&
                 f.exp == -127,
             "E8M0 0x00 = 2^-127");
    TG_CHECK(mxcts_factor_from_code(MXCTS_E8M0, 0xFE, &f) == 0 && f.mant == 1 && f.exp == 127,
             "E8M0 0xFE = 2^127");
    TG_CHECK(mxcts_factor_from_code(MXCTS_E8M0, 0xFF, &f) == 0 && f.cls == MXCTS_CLASS_NAN,
             "E8M0 0xFF NaN");
    TG_CHECK(mxcts_factor_from_code(MXCTS_E4M3, 0x7E, &f) == 0 && f.mant == 7 && f.exp == 6,
             "E4M3 448 = 7*2^6");
    TG_CHECK(mxcts_factor_from_code(MXCTS_E5M2FNUZ, 0x01, &f) == 0 && f.mant == 1 &&
                 f.exp == -17,
             "E5M2FNUZ min subnormal 2^-17");
    TG_CHECK(mxcts_factor_from_code(MXCTS_E5M2, 0xFC, &f) == 0 && f.cls == MXCTS_CLASS_INF &&
                 f.sign == 1,
             "E5M2 0xFC = -Inf");
    TG_CHECK(mxcts_factor_from_code(MXCTS_INT8, 0x80, &f) == 0 && f.sign == 1 && f.mant == 1 &&
                 f.exp == 1,
             "INT8 0x80 = -2");
    TG_CHECK(mxcts_factor_from_code(MXCTS_E2M1, 0x10, &f) == MXCTS_ERR_CODE_RANGE,
             "E2M1 code 0x10 out of range");
    TG_CHECK(mxcts_factor_from_bits(MXCTS_WIDE_F32, 0x00000001, &f) == 0 && f.mant == 1 &&
                 f.exp == -149,
             "f32 min subnormal");
    TG_CHECK(mxcts_factor_from_bits(MXCTS_WIDE_BF16, 0x1FFFF, &f) == MXCTS_ERR_CODE_RANGE,
             "bf16 bits above 16");
    TG_CHECK(mxcts_factor_from_bits(MXCTS_WIDE_F16, 0x8000, &f) == 0 && f.sign == 1 &&
                 f.mant == 0,
             "f16 -0");
    TG_CHECK(mxcts_factor_from_bits((mxcts_wide)9, 0, &f) == MXCTS_ERR_FORMAT, "bad wide type");
    /* factor_round: any exponent */
    uint64_t b;
    mxcts_factor g = F(0, 1, 1000);
    TG_CHECK(mxcts_factor_round(&g, MXCTS_WIDE_F64, MXCTS_ROUND_RNE, &b, NULL) == 0 &&
                 b == 0x7E70000000000000ull,
             "factor 2^1000 to f64");
    mxcts_factor z = F(1, 0, 0);
    TG_CHECK(mxcts_factor_round(&z, MXCTS_WIDE_BF16, MXCTS_ROUND_RNE, &b, NULL) == 0 &&
                 b == 0x8000,
             "factor -0 keeps its sign");
    int p, emin, emax;
    TG_CHECK(mxcts_wide_params(MXCTS_WIDE_BF16, &p, &emin, &emax) == 0 && p == 8 &&
                 emin == -126 && emax == 127,
             "bf16 params");
}

static void test_guards(void)
{
    mxcts_acc acc;
    mxcts_factor f = F(0, 1, 0);
    uint64_t b = 0x1234;
    double d = 5.0;
    TG_CHECK(mxcts_acc_init(NULL) == MXCTS_ERR_NULL, "init NULL");
    mxcts_acc_init(&acc);
    TG_CHECK(mxcts_acc_add(NULL, &f) == MXCTS_ERR_NULL, "add NULL acc");
    TG_CHECK(mxcts_acc_add(&acc, NULL) == MXCTS_ERR_NULL, "add NULL term");
    mxcts_factor bad = {7, 0, 1, 0};
    TG_CHECK(mxcts_acc_add(&acc, &bad) == MXCTS_ERR_MODE, "add bad class");
    TG_CHECK(mxcts_acc_add_product(&acc, &f, &bad) == MXCTS_ERR_MODE, "product bad class");
    TG_CHECK(mxcts_acc_add_product(&acc, NULL, &f) == MXCTS_ERR_NULL, "product NULL");
    TG_CHECK(mxcts_acc_merge(&acc, NULL) == MXCTS_ERR_NULL, "merge NULL");
    TG_CHECK(mxcts_acc_round(&acc, (mxcts_wide)17, MXCTS_ROUND_RNE, &b, NULL) ==
                     MXCTS_ERR_FORMAT &&
                 b == 0x1234,
             "round bad type, nothing written");
    TG_CHECK(mxcts_acc_round(&acc, MXCTS_WIDE_F32, (mxcts_round)9, &b, NULL) == MXCTS_ERR_MODE &&
                 b == 0x1234,
             "round bad mode, nothing written");
    TG_CHECK(mxcts_acc_round(NULL, MXCTS_WIDE_F32, MXCTS_ROUND_RNE, &b, NULL) == MXCTS_ERR_NULL,
             "round NULL acc");
    TG_CHECK(mxcts_acc_round(&acc, MXCTS_WIDE_F32, MXCTS_ROUND_RNE, NULL, NULL) ==
                 MXCTS_ERR_NULL,
             "round NULL out");
    TG_CHECK(mxcts_acc_to_f64(&acc, NULL) == MXCTS_ERR_NULL, "to_f64 NULL");
    TG_CHECK(mxcts_acc_abs_sum(&acc, (mxcts_round)-1, &d) == MXCTS_ERR_MODE && d == 5.0,
             "abs_sum bad mode");
    TG_CHECK(mxcts_acc_class(NULL, NULL, NULL) == MXCTS_ERR_NULL, "class NULL");
    TG_CHECK(mxcts_factor_from_code((mxcts_format)99, 0, &f) == MXCTS_ERR_FORMAT, "bad fmt");
    TG_CHECK(mxcts_factor_from_code(MXCTS_E4M3, 0, NULL) == MXCTS_ERR_NULL, "NULL factor");
    TG_CHECK(mxcts_factor_mul(NULL, &f, &f) == MXCTS_ERR_NULL, "mul NULL");
    TG_CHECK(mxcts_factor_round(&bad, MXCTS_WIDE_F32, MXCTS_ROUND_RNE, &b, NULL) ==
                 MXCTS_ERR_MODE,
             "factor_round bad class");
    TG_CHECK(mxcts_wide_params((mxcts_wide)-1, NULL, NULL, NULL) == MXCTS_ERR_FORMAT,
             "wide_params bad");
}

int main(void)
{
    test_ties_and_sticky();
    test_specials();
    test_sums();
    test_factors();
    test_guards();
    return tg_finish("test_dot_exact");
}
