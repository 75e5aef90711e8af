/* Decode every code of every format (256 / 64 / 16 codes) with
 * mxcts_decode_f64, mxcts_decode_f32 and mxcts_decode_bulk: the special codes
 * against values TYPED from OFP8 Tables 1-2 and mx-semantics.md 1.1/1.3,
 * every code against the oracle's own decoding (ldexp from the fields).
 * Codes wider than the format must give MXCTS_ERR_CODE_RANGE, untouched output. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "mxcts/convert.h"
#include "oracle.h"
#include "test_util.h"

enum { NUM = 0, PNAN = 1, NNAN = 2 }; /* NaN with + / - sign */

typedef struct typed {
    mxcts_format fmt;
    unsigned code;
    int kind;
    uint32_t f32; /* expected f32 bit pattern (numbers and Inf) */
    double f64;   /* the same value, typed as a decimal / hex literal */
} typed;

static const typed TYPED[] = {
    /* E4M3 (OFP8 Table 2) */
    {MXCTS_E4M3, 0x00, NUM, 0x00000000, 0.0},
    {MXCTS_E4M3, 0x80, NUM, 0x80000000, -0.0},
    {MXCTS_E4M3, 0x01, NUM, 0x3B000000, 0x1p-9},
    {MXCTS_E4M3, 0x07, NUM, 0x3C600000, 0.875 * 0x1p-6},
    {MXCTS_E4M3, 0x08, NUM, 0x3C800000, 0x1p-6},
    {MXCTS_E4M3, 0x38, NUM, 0x3F800000, 1.0},
    {MXCTS_E4M3, 0x70, NUM, 0x43000000, 128.0},
    {MXCTS_E4M3, 0x78, NUM, 0x43800000, 256.0},
    {MXCTS_E4M3, 0x7D, NUM, 0x43D00000, 416.0},
    {MXCTS_E4M3, 0x7E, NUM, 0x43E00000, 448.0},
    {MXCTS_E4M3, 0xFE, NUM, 0xC3E00000, -448.0},
    {MXCTS_E4M3, 0x7F, PNAN, 0, 0},
    {MXCTS_E4M3, 0xFF, NNAN, 0, 0},
    /* E5M2 (OFP8 Table 2) */
    {MXCTS_E5M2, 0x00, NUM, 0x00000000, 0.0},
    {MXCTS_E5M2, 0x80, NUM, 0x80000000, -0.0},
    {MXCTS_E5M2, 0x01, NUM, 0x37800000, 0x1p-16},
    {MXCTS_E5M2, 0x03, NUM, 0x38400000, 0.75 * 0x1p-14},
    {MXCTS_E5M2, 0x04, NUM, 0x38800000, 0x1p-14},
    {MXCTS_E5M2, 0x3C, NUM, 0x3F800000, 1.0},
    {MXCTS_E5M2, 0x7B, NUM, 0x47600000, 57344.0},
    {MXCTS_E5M2, 0xFB, NUM, 0xC7600000, -57344.0},
    {MXCTS_E5M2, 0x7C, NUM, 0x7F800000, INFINITY},
    {MXCTS_E5M2, 0xFC, NUM, 0xFF800000, -INFINITY},
    {MXCTS_E5M2, 0x7D, PNAN, 0, 0},
    {MXCTS_E5M2, 0x7E, PNAN, 0, 0},
    {MXCTS_E5M2, 0x7F, PNAN, 0, 0},
    {MXCTS_E5M2, 0xFD, NNAN, 0, 0},
    {MXCTS_E5M2, 0xFE, NNAN, 0, 0},
    {MXCTS_E5M2, 0xFF, NNAN, 0, 0},
    /* E4M3FNUZ (mx-semantics 1.1, 2.5) */
    {MXCTS_E4M3FNUZ, 0x00, NUM, 0x00000000, 0.0},
    {MXCTS_E4M3FNUZ, 0x01, NUM, 0x3A800000, 0x1p-10},
    {MXCTS_E4M3FNUZ, 0x08, NUM, 0x3C000000, 0x1p-7},
    {MXCTS_E4M3FNUZ, 0x40, NUM, 0x3F800000, 1.0},
    {MXCTS_E4M3FNUZ, 0x7F, NUM, 0x43700000, 240.0},
    {MXCTS_E4M3FNUZ, 0xFF, NUM, 0xC3700000, -240.0},
    {MXCTS_E4M3FNUZ, 0x80, PNAN, 0, 0},
    /* E5M2FNUZ */
    {MXCTS_E5M2FNUZ, 0x00, NUM, 0x00000000, 0.0},
    {MXCTS_E5M2FNUZ, 0x01, NUM, 0x37000000, 0x1p-17},
    {MXCTS_E5M2FNUZ, 0x04, NUM, 0x38000000, 0x1p-15},
    {MXCTS_E5M2FNUZ, 0x40, NUM, 0x3F800000, 1.0},
    {MXCTS_E5M2FNUZ, 0x7F, NUM, 0x47600000, 57344.0},
    {MXCTS_E5M2FNUZ, 0xFF, NUM, 0xC7600000, -57344.0},
    {MXCTS_E5M2FNUZ, 0x80, PNAN, 0, 0},
    /* E2M3 */
    {MXCTS_E2M3, 0x00, NUM, 0x00000000, 0.0},
    {MXCTS_E2M3, 0x20, NUM, 0x80000000, -0.0},
    {MXCTS_E2M3, 0x01, NUM, 0x3E000000, 0.125},
    {MXCTS_E2M3, 0x07, NUM, 0x3F600000, 0.875},
    {MXCTS_E2M3, 0x08, NUM, 0x3F800000, 1.0},
    {MXCTS_E2M3, 0x1F, NUM, 0x40F00000, 7.5},
    {MXCTS_E2M3, 0x3F, NUM, 0xC0F00000, -7.5},
    /* E3M2 */
    {MXCTS_E3M2, 0x00, NUM, 0x00000000, 0.0},
    {MXCTS_E3M2, 0x20, NUM, 0x80000000, -0.0},
    {MXCTS_E3M2, 0x01, NUM, 0x3D800000, 0.0625},
    {MXCTS_E3M2, 0x03, NUM, 0x3E400000, 0.1875},
    {MXCTS_E3M2, 0x04, NUM, 0x3E800000, 0.25},
    {MXCTS_E3M2, 0x0C, NUM, 0x3F800000, 1.0},
    {MXCTS_E3M2, 0x1F, NUM, 0x41E00000, 28.0},
    {MXCTS_E3M2, 0x3F, NUM, 0xC1E00000, -28.0},
    /* E2M1: {0, 0.5, 1, 1.5, 2, 3, 4, 6} */
    {MXCTS_E2M1, 0x0, NUM, 0x00000000, 0.0},
    {MXCTS_E2M1, 0x1, NUM, 0x3F000000, 0.5},
    {MXCTS_E2M1, 0x2, NUM, 0x3F800000, 1.0},
    {MXCTS_E2M1, 0x3, NUM, 0x3FC00000, 1.5},
    {MXCTS_E2M1, 0x4, NUM, 0x40000000, 2.0},
    {MXCTS_E2M1, 0x5, NUM, 0x40400000, 3.0},
    {MXCTS_E2M1, 0x6, NUM, 0x40800000, 4.0},
    {MXCTS_E2M1, 0x7, NUM, 0x40C00000, 6.0},
    {MXCTS_E2M1, 0x8, NUM, 0x80000000, -0.0},
    {MXCTS_E2M1, 0xF, NUM, 0xC0C00000, -6.0},
    /* MX INT8: q * 2^-6 */
    {MXCTS_INT8, 0x00, NUM, 0x00000000, 0.0},
    {MXCTS_INT8, 0x01, NUM, 0x3C800000, 0.015625},
    {MXCTS_INT8, 0x40, NUM, 0x3F800000, 1.0},
    {MXCTS_INT8, 0x7F, NUM, 0x3FFE0000, 1.984375},
    {MXCTS_INT8, 0x80, NUM, 0xC0000000, -2.0},
    {MXCTS_INT8, 0x81, NUM, 0xBFFE0000, -1.984375},
    {MXCTS_INT8, 0xFF, NUM, 0xBC800000, -0.015625},
    /* E8M0: 2^(E-127) */
    {MXCTS_E8M0, 0x00, NUM, 0x00400000, 0x1p-127},
    {MXCTS_E8M0, 0x01, NUM, 0x00800000, 0x1p-126},
    {MXCTS_E8M0, 0x7F, NUM, 0x3F800000, 1.0},
    {MXCTS_E8M0, 0x80, NUM, 0x40000000, 2.0},
    {MXCTS_E8M0, 0xFE, NUM, 0x7F000000, 0x1p127},
    {MXCTS_E8M0, 0xFF, PNAN, 0, 0},
};

static uint32_t f32_bits(float f)
{
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}

static long check_typed(const typed *t)
{
    double v = 0;
    float g = 0;
    mxcts_status s1 = mxcts_decode_f64(t->fmt, t->code, &v);
    mxcts_status s2 = mxcts_decode_f32(t->fmt, t->code, &g);
    const char *name = oracle_format_name(t->fmt);
    TU_CHECK(s1 == MXCTS_OK && s2 == MXCTS_OK, "%s 0x%02X: status %d / %d", name, t->code, (int)s1,
             (int)s2);
    if (t->kind == NUM) {
        TU_CHECK(tu_f64_bits(v) == tu_f64_bits(t->f64), "%s 0x%02X: f64 want %a got %a", name, t->code,
                 t->f64, v);
        TU_CHECK(f32_bits(g) == t->f32, "%s 0x%02X: f32 want 0x%08X got 0x%08X", name, t->code, t->f32,
                 f32_bits(g));
        TU_CHECK(tu_f32_value(t->f32) == t->f64 && !mxcts_code_is_nan(t->fmt, t->code),
                 "%s 0x%02X: typed table inconsistent or code_is_nan wrong", name, t->code);
    } else {
        int neg = t->kind == NNAN;
        TU_CHECK(isnan(v) && !!signbit(v) == neg, "%s 0x%02X: f64 want %cNaN got %a", name, t->code,
                 neg ? '-' : '+', v);
        uint32_t gb = f32_bits(g);
        TU_CHECK(isnan(g) && (gb >> 31) == (unsigned)neg && (gb & 0x00400000u),
                 "%s 0x%02X: f32 want quiet %cNaN got 0x%08X", name, t->code, neg ? '-' : '+', gb);
        TU_CHECK(mxcts_code_is_nan(t->fmt, t->code) == 1, "%s 0x%02X: code_is_nan != 1", name, t->code);
    }
    return 3;
}

/* Every code against the oracle's decoding, scalar and bulk. */
static long check_all_codes(mxcts_format f)
{
    const char *name = oracle_format_name(f);
    unsigned n = 1u << oracle_code_bits(f);
    uint8_t codes[256];
    double bulk64[256];
    float bulk32[256];
    for (unsigned c = 0; c < n; c++)
        codes[c] = (uint8_t)c;
    TU_CHECK(mxcts_decode_bulk(f, codes, n, MXCTS_WIDE_F64, bulk64) == MXCTS_OK, "%s bulk f64", name);
    TU_CHECK(mxcts_decode_bulk(f, codes, n, MXCTS_WIDE_F32, bulk32) == MXCTS_OK, "%s bulk f32", name);
    for (unsigned c = 0; c < n; c++) {
        double o, v = 0;
        float g = 0;
        int cls = oracle_decode(f, c, &o);
        mxcts_decode_f64(f, c, &v);
        mxcts_decode_f32(f, c, &g);
        if (cls == ORACLE_NAN) {
            TU_CHECK(isnan(v) && isnan(g) && isnan(bulk64[c]) && isnan(bulk32[c]) &&
                         !!signbit(v) == !!signbit(o) && !!signbit(g) == !!signbit(o),
                     "%s 0x%02X: want %cNaN, got f64 %a f32 %a", name, c, signbit(o) ? '-' : '+', v,
                     (double)g);
        } else {
            TU_CHECK(tu_f64_bits(v) == tu_f64_bits(o) && tu_f64_bits(bulk64[c]) == tu_f64_bits(o),
                     "%s 0x%02X: f64 want %a got %a (bulk %a)", name, c, o, v, bulk64[c]);
            TU_CHECK(tu_f64_bits((double)g) == tu_f64_bits(o) &&
                         f32_bits(bulk32[c]) == f32_bits(g),
                     "%s 0x%02X: f32 want %a got %a (bulk %a)", name, c, o, (double)g,
                     (double)bulk32[c]);
        }
        TU_CHECK(mxcts_code_is_nan(f, c) == (cls == ORACLE_NAN), "%s 0x%02X: code_is_nan", name, c);
    }
    /* codes wider than the format */
    static const unsigned wide[] = {0x100, 0x101, 0x1FF, 0x40000000u, 0xFFFFFFFFu};
    unsigned extra[8], ne = 0;
    extra[ne++] = n, extra[ne++] = n + 1, extra[ne++] = 2 * n - 1;
    for (unsigned i = 0; i < sizeof wide / sizeof wide[0]; i++)
        extra[ne++] = wide[i];
    for (unsigned i = 0; i < ne; i++) {
        double v = 12345.0;
        float g = 12345.0f;
        mxcts_status s1 = mxcts_decode_f64(f, extra[i], &v);
        mxcts_status s2 = mxcts_decode_f32(f, extra[i], &g);
        TU_CHECK(s1 == MXCTS_ERR_CODE_RANGE && s2 == MXCTS_ERR_CODE_RANGE && v == 12345.0 &&
                     g == 12345.0f,
                 "%s code 0x%X: want MXCTS_ERR_CODE_RANGE and untouched output, got %d/%d", name,
                 extra[i], (int)s1, (int)s2);
        TU_CHECK(mxcts_code_is_nan(f, extra[i]) == 0, "%s code 0x%X: code_is_nan", name, extra[i]);
    }
    if (n < 256) { /* a bulk array with one too-wide code: error, nothing written */
        uint8_t bad[3] = {0, (uint8_t)n, 1};
        double out[3] = {7, 7, 7};
        TU_CHECK(mxcts_decode_bulk(f, bad, 3, MXCTS_WIDE_F64, out) == MXCTS_ERR_CODE_RANGE &&
                     out[0] == 7 && out[1] == 7 && out[2] == 7,
                 "%s bulk decode of a too-wide code", name);
    }
    return 4L * n + 2L * ne + 3;
}

int main(void)
{
    oracle_init();
    long checks = 0;
    for (size_t i = 0; i < sizeof TYPED / sizeof TYPED[0]; i++)
        checks += check_typed(&TYPED[i]);
    for (int f = 0; f < MXCTS_FORMAT_COUNT; f++)
        checks += check_all_codes((mxcts_format)f);
    return tu_finish("ref_decode", checks);
}
