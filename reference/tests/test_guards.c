/* Guards of every public entry point of include/mxcts/{format,convert,status}.h:
 * NULL pointers, out-of-range formats / modes / int8_min / nan_code_e5m2,
 * codes out of range, E8M0 rejected by the element encoders, sizes that
 * overflow; on every error nothing is written (outputs prefilled with a
 * sentinel must be unchanged). mxcts_status_string is never NULL. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "mxcts/convert.h"
#include "mxcts/format.h"
#include "mxcts/status.h"
#include "test_util.h"

static long checks;
#define EXPECT(cond, ...)                                                                          \
    do {                                                                                           \
        checks++;                                                                                  \
        TU_CHECK(cond, __VA_ARGS__);                                                               \
    } while (0)

static const mxcts_format BAD_FMT[] = {(mxcts_format)-1, MXCTS_FORMAT_COUNT, (mxcts_format)100,
                                       (mxcts_format)INT_MAX};
#define NBAD (sizeof BAD_FMT / sizeof BAD_FMT[0])

/* One scalar encoder call of each source type, through one signature. */
static mxcts_status enc(int src, mxcts_format f, const mxcts_convert *cv, uint8_t *code,
                        unsigned *fl)
{
    switch (src) {
    case 0: return mxcts_encode_f64(f, 0x3FF0000000000000ull, cv, code, fl);
    case 1: return mxcts_encode_f32(f, 0x3F800000u, cv, code, fl);
    case 2: return mxcts_encode_f16(f, 0x3C00u, cv, code, fl);
    default: return mxcts_encode_bf16(f, 0x3F80u, cv, code, fl);
    }
}

/* The invalid configurations: each has exactly one bad knob. */
static int bad_configs(mxcts_convert *out)
{
    int n = 0;
    mxcts_convert ok = tu_config(MXCTS_ROUND_RNE, MXCTS_OVERFLOW_SAT, MXCTS_NAN_SIGN_PRESERVE), c;
    c = ok, c.round = MXCTS_ROUND_COUNT, out[n++] = c;
    c = ok, c.round = (mxcts_round)-1, out[n++] = c;
    c = ok, c.overflow = MXCTS_OVERFLOW_COUNT, out[n++] = c;
    c = ok, c.overflow = (mxcts_overflow)-1, out[n++] = c;
    c = ok, c.nan_sign = MXCTS_NAN_SIGN_COUNT, out[n++] = c;
    c = ok, c.overflow_test = MXCTS_OVF_TEST_COUNT, out[n++] = c;
    c = ok, c.inf_policy = MXCTS_INF_POLICY_COUNT, out[n++] = c;
    c = ok, c.int8_min = -126, out[n++] = c;
    c = ok, c.int8_min = -129, out[n++] = c;
    c = ok, c.int8_min = 0, out[n++] = c;
    c = ok, c.int8_min = 128, out[n++] = c;
    c = ok, c.nan_code_e5m2 = 0x7C, out[n++] = c;
    c = ok, c.nan_code_e5m2 = 0x80, out[n++] = c;
    c = ok, c.nan_code_e5m2 = 0xFF, out[n++] = c;
    c = ok, c.nan_code_e5m2 = -1, out[n++] = c;
    c = ok, c.nan_finite = MXCTS_NANF_COUNT, out[n++] = c;
    c = ok, c.nan_finite = (mxcts_nan_finite)-1, out[n++] = c;
    c = ok, c.e4m3_sat_nan = 2, out[n++] = c;
    c = ok, c.e4m3_sat_nan = -1, out[n++] = c;
    c = ok, c.nan_input_positive = 2, out[n++] = c;
    c = ok, c.nan_input_positive = -1, out[n++] = c;
    return n;
}

static void test_format_h(void)
{
    for (size_t i = 0; i < NBAD; i++) {
        EXPECT(mxcts_format_get(BAD_FMT[i]) == NULL, "format_get(%d) not NULL", (int)BAD_FMT[i]);
        EXPECT(mxcts_format_code_count(BAD_FMT[i]) == 0, "code_count(%d) != 0", (int)BAD_FMT[i]);
    }
    mxcts_format f = (mxcts_format)77;
    EXPECT(mxcts_format_from_name(NULL, &f) == MXCTS_ERR_NULL && f == 77, "from_name(NULL)");
    EXPECT(mxcts_format_from_name("e4m3", NULL) == MXCTS_ERR_NULL, "from_name(.., NULL)");
    static const char *bad[] = {"", "e4m4", "e4m3 ", "fp8", "e8m0x", "int16"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        EXPECT(mxcts_format_from_name(bad[i], &f) == MXCTS_ERR_FORMAT && f == 77,
               "from_name(\"%s\") must fail and leave the output alone", bad[i]);
}

static void test_convert_init_validate(void)
{
    EXPECT(mxcts_convert_init(NULL) == MXCTS_ERR_NULL, "convert_init(NULL)");
    EXPECT(mxcts_convert_validate(NULL) == MXCTS_ERR_NULL, "convert_validate(NULL)");
    mxcts_convert cv;
    memset(&cv, 0x5A, sizeof cv);
    EXPECT(mxcts_convert_init(&cv) == MXCTS_OK, "convert_init");
    /* the documented OCP defaults (convert.h) */
    EXPECT(cv.round == MXCTS_ROUND_RNE && cv.overflow == MXCTS_OVERFLOW_SAT &&
               cv.nan_sign == MXCTS_NAN_SIGN_PRESERVE && cv.overflow_test == MXCTS_OVF_AFTER_ROUNDING &&
               cv.inf_policy == MXCTS_INF_FOLLOWS_OVERFLOW && cv.int8_min == -128 &&
               cv.nan_code_e5m2 == 0x7F && cv.nan_finite == MXCTS_NANF_MAX && cv.e4m3_sat_nan == 0 &&
               cv.nan_input_positive == 0,
           "convert_init defaults");
    EXPECT(mxcts_convert_validate(&cv) == MXCTS_OK, "validate(defaults)");
    mxcts_convert good = cv;
    good.int8_min = -127, good.nan_code_e5m2 = 0x7D;
    EXPECT(mxcts_convert_validate(&good) == MXCTS_OK, "validate(int8_min -127, nan 0x7D)");
    good.nan_code_e5m2 = 0x7E;
    EXPECT(mxcts_convert_validate(&good) == MXCTS_OK, "validate(nan 0x7E)");
    good.nan_finite = (mxcts_nan_finite)(MXCTS_NANF_COUNT - 1), good.e4m3_sat_nan = 1;
    good.nan_input_positive = 1;
    EXPECT(mxcts_convert_validate(&good) == MXCTS_OK, "validate(last nan_finite, e4m3_sat_nan 1)");
    mxcts_convert badc[32];
    int nb = bad_configs(badc);
    for (int i = 0; i < nb; i++)
        EXPECT(mxcts_convert_validate(&badc[i]) == MXCTS_ERR_MODE, "validate(bad config #%d)", i);
}

static void test_scalar_encoders(void)
{
    mxcts_convert ok = tu_config(MXCTS_ROUND_RNE, MXCTS_OVERFLOW_SAT, MXCTS_NAN_SIGN_PRESERVE);
    mxcts_convert badc[32];
    int nb = bad_configs(badc);
    for (int s = 0; s < 4; s++) {
        uint8_t code = 0xA5;
        unsigned fl = 0xDEAD;
        EXPECT(enc(s, MXCTS_E4M3, NULL, &code, &fl) == MXCTS_ERR_NULL && code == 0xA5 && fl == 0xDEAD,
               "encode src %d: cv NULL", s);
        EXPECT(enc(s, MXCTS_E4M3, &ok, NULL, &fl) == MXCTS_ERR_NULL && fl == 0xDEAD,
               "encode src %d: code NULL", s);
        for (size_t i = 0; i < NBAD; i++)
            EXPECT(enc(s, BAD_FMT[i], &ok, &code, &fl) == MXCTS_ERR_FORMAT && code == 0xA5 &&
                       fl == 0xDEAD,
                   "encode src %d: format %d", s, (int)BAD_FMT[i]);
        EXPECT(enc(s, MXCTS_E8M0, &ok, &code, &fl) == MXCTS_ERR_FORMAT && code == 0xA5 && fl == 0xDEAD,
               "encode src %d: E8M0 must be rejected by the element encoder", s);
        for (int i = 0; i < nb; i++)
            EXPECT(enc(s, MXCTS_E5M2, &badc[i], &code, &fl) == MXCTS_ERR_MODE && code == 0xA5 &&
                       fl == 0xDEAD,
                   "encode src %d: bad config #%d", s, i);
        /* flags may be NULL; 1.0 is 0x38 in E4M3 */
        EXPECT(enc(s, MXCTS_E4M3, &ok, &code, NULL) == MXCTS_OK && code == 0x38,
               "encode src %d: flags NULL must work (got 0x%02X)", s, code);
        /* flags are OR-ed, not overwritten */
        fl = 0x100;
        EXPECT(enc(s, MXCTS_E4M3, &ok, &code, &fl) == MXCTS_OK && fl == 0x100,
               "encode src %d: exact 1.0 must leave OR-ed flags 0x100, got 0x%X", s, fl);
    }
}

static void test_bulk_encoder(void)
{
    mxcts_convert ok = tu_config(MXCTS_ROUND_RNE, MXCTS_OVERFLOW_SAT, MXCTS_NAN_SIGN_PRESERVE);
    mxcts_convert badc[32];
    int nb = bad_configs(badc);
    uint32_t in[4] = {0x3F800000u, 0x40000000u, 0x7FC00000u, 0};
    uint8_t out[4];
    unsigned fl = 0xBEEF;
#define UNTOUCHED (out[0] == 0xA5 && out[1] == 0xA5 && out[2] == 0xA5 && out[3] == 0xA5 && fl == 0xBEEF)
#define RESET() (memset(out, 0xA5, sizeof out), fl = 0xBEEF)
    RESET();
    EXPECT(mxcts_encode_bulk(MXCTS_E4M3, MXCTS_WIDE_F32, in, 4, out, NULL, &fl) == MXCTS_ERR_NULL &&
               UNTOUCHED, "bulk: cv NULL");
    EXPECT(mxcts_encode_bulk(MXCTS_E4M3, MXCTS_WIDE_F32, NULL, 4, out, &ok, &fl) == MXCTS_ERR_NULL &&
               UNTOUCHED, "bulk: in NULL");
    EXPECT(mxcts_encode_bulk(MXCTS_E4M3, MXCTS_WIDE_F32, in, 4, NULL, &ok, &fl) == MXCTS_ERR_NULL &&
               fl == 0xBEEF, "bulk: out NULL");
    EXPECT(mxcts_encode_bulk(MXCTS_E4M3, MXCTS_WIDE_F32, NULL, 0, NULL, &ok, &fl) == MXCTS_OK &&
               fl == 0xBEEF, "bulk: n = 0 with NULL arrays is allowed and raises no flag");
    for (size_t i = 0; i < NBAD; i++)
        EXPECT(mxcts_encode_bulk(BAD_FMT[i], MXCTS_WIDE_F32, in, 4, out, &ok, &fl) == MXCTS_ERR_FORMAT &&
                   UNTOUCHED, "bulk: format %d", (int)BAD_FMT[i]);
    EXPECT(mxcts_encode_bulk(MXCTS_E8M0, MXCTS_WIDE_F32, in, 4, out, &ok, &fl) == MXCTS_ERR_FORMAT &&
               UNTOUCHED, "bulk: E8M0 must be rejected");
    EXPECT(mxcts_encode_bulk(MXCTS_E4M3, MXCTS_WIDE_COUNT, in, 4, out, &ok, &fl) == MXCTS_ERR_MODE &&
               UNTOUCHED, "bulk: source type out of range");
    EXPECT(mxcts_encode_bulk(MXCTS_E4M3, (mxcts_wide)-1, in, 4, out, &ok, &fl) == MXCTS_ERR_MODE &&
               UNTOUCHED, "bulk: source type -1");
    for (int i = 0; i < nb; i++)
        EXPECT(mxcts_encode_bulk(MXCTS_E4M3, MXCTS_WIDE_F32, in, 4, out, &badc[i], &fl) == MXCTS_ERR_MODE &&
                   UNTOUCHED, "bulk: bad config #%d", i);
    EXPECT(mxcts_encode_bulk(MXCTS_E4M3, MXCTS_WIDE_F32, in, SIZE_MAX, out, &ok, &fl) == MXCTS_ERR_SIZE &&
               UNTOUCHED, "bulk: n = SIZE_MAX must be MXCTS_ERR_SIZE before touching memory");
    EXPECT(mxcts_encode_bulk(MXCTS_E4M3, MXCTS_WIDE_F32, in, 4, out, &ok, NULL) == MXCTS_OK &&
               out[0] == 0x38 && out[1] == 0x40 && out[2] == 0x7F && out[3] == 0x00,
           "bulk: valid call with flags NULL (1, 2, NaN, 0 -> 38 40 7F 00)");
#undef UNTOUCHED
#undef RESET
}

static void test_decoders(void)
{
    double v = 99.0;
    float g = 99.0f;
    for (size_t i = 0; i < NBAD; i++) {
        EXPECT(mxcts_decode_f64(BAD_FMT[i], 0, &v) == MXCTS_ERR_FORMAT && v == 99.0, "decode_f64 fmt %d",
               (int)BAD_FMT[i]);
        EXPECT(mxcts_decode_f32(BAD_FMT[i], 0, &g) == MXCTS_ERR_FORMAT && g == 99.0f, "decode_f32 fmt %d",
               (int)BAD_FMT[i]);
        EXPECT(mxcts_code_is_nan(BAD_FMT[i], 0x7F) == 0 && mxcts_code_is_nan(BAD_FMT[i], 0x80) == 0,
               "code_is_nan with bad format must be 0");
    }
    EXPECT(mxcts_decode_f64(MXCTS_E4M3, 0x38, NULL) == MXCTS_ERR_NULL, "decode_f64 NULL");
    EXPECT(mxcts_decode_f32(MXCTS_E4M3, 0x38, NULL) == MXCTS_ERR_NULL, "decode_f32 NULL");
    EXPECT(mxcts_decode_f64(MXCTS_E2M1, 0x10, &v) == MXCTS_ERR_CODE_RANGE && v == 99.0, "decode_f64 range");
    EXPECT(mxcts_decode_f32(MXCTS_E3M2, 0x40, &g) == MXCTS_ERR_CODE_RANGE && g == 99.0f, "decode_f32 range");
    EXPECT(mxcts_code_is_nan(MXCTS_E4M3, 0x17F) == 0, "code_is_nan code out of range");

    uint8_t codes[3] = {0x38, 0x7E, 0x01};
    double o64[3] = {5, 5, 5};
    float o32[3] = {5, 5, 5};
#define UNTOUCHED64 (o64[0] == 5 && o64[1] == 5 && o64[2] == 5)
    EXPECT(mxcts_decode_bulk(MXCTS_E4M3, NULL, 3, MXCTS_WIDE_F64, o64) == MXCTS_ERR_NULL && UNTOUCHED64,
           "decode_bulk codes NULL");
    EXPECT(mxcts_decode_bulk(MXCTS_E4M3, codes, 3, MXCTS_WIDE_F64, NULL) == MXCTS_ERR_NULL,
           "decode_bulk out NULL");
    EXPECT(mxcts_decode_bulk(MXCTS_E4M3, NULL, 0, MXCTS_WIDE_F64, NULL) == MXCTS_OK,
           "decode_bulk n = 0 with NULL arrays is allowed");
    for (size_t i = 0; i < NBAD; i++)
        EXPECT(mxcts_decode_bulk(BAD_FMT[i], codes, 3, MXCTS_WIDE_F64, o64) == MXCTS_ERR_FORMAT &&
                   UNTOUCHED64, "decode_bulk fmt %d", (int)BAD_FMT[i]);
    static const int bad_dst[] = {MXCTS_WIDE_F16, MXCTS_WIDE_BF16, MXCTS_WIDE_COUNT, -1};
    for (size_t i = 0; i < sizeof bad_dst / sizeof bad_dst[0]; i++)
        EXPECT(mxcts_decode_bulk(MXCTS_E4M3, codes, 3, (mxcts_wide)bad_dst[i], o64) == MXCTS_ERR_MODE &&
                   UNTOUCHED64, "decode_bulk dst %d", bad_dst[i]);
    uint8_t wide[3] = {0x1, 0x3F, 0x40}; /* 0x40 is wider than 6 bits */
    EXPECT(mxcts_decode_bulk(MXCTS_E2M3, wide, 3, MXCTS_WIDE_F64, o64) == MXCTS_ERR_CODE_RANGE && UNTOUCHED64,
           "decode_bulk code range (f64)");
    EXPECT(mxcts_decode_bulk(MXCTS_E2M3, wide, 3, MXCTS_WIDE_F32, o32) == MXCTS_ERR_CODE_RANGE &&
               o32[0] == 5 && o32[1] == 5 && o32[2] == 5,
           "decode_bulk code range (f32)");
    EXPECT(mxcts_decode_bulk(MXCTS_E4M3, codes, 3, MXCTS_WIDE_F64, o64) == MXCTS_OK && o64[0] == 1.0 &&
               o64[1] == 448.0 && o64[2] == 0x1p-9,
           "decode_bulk valid (1, 448, 2^-9)");
#undef UNTOUCHED64
}

static void test_status_string(void)
{
    static const int extra[] = {INT_MIN, INT_MIN + 1, -1000, INT_MAX, INT_MAX - 1, 1000};
    const char *unknown = mxcts_status_string(INT_MAX);
    for (int s = -64; s <= 64; s++) {
        const char *m = mxcts_status_string(s);
        EXPECT(m != NULL && m[0] != 0, "status_string(%d) is NULL or empty", s);
    }
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        const char *m = mxcts_status_string(extra[i]);
        EXPECT(m != NULL && m[0] != 0, "status_string(%d) is NULL or empty", extra[i]);
    }
    for (int s = MXCTS_OK; s <= MXCTS_ERR_PARSE; s++) {
        const char *m = mxcts_status_string(s);
        EXPECT(m && unknown && strcmp(m, unknown) != 0, "status %d has no message of its own", s);
        for (int t = MXCTS_OK; t < s; t++)
            EXPECT(m && strcmp(m, mxcts_status_string(t)) != 0, "statuses %d and %d share a message", t, s);
    }
}

int main(void)
{
    test_format_h();
    test_convert_init_validate();
    test_scalar_encoders();
    test_bulk_encoder();
    test_decoders();
    test_status_string();
    return tu_finish("ref_guards", checks);
}
