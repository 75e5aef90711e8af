/* Exhaustive scale x element tables: every E8M0 scale code (0x00..0xFF) times
 * every element code of every MX element format, dequantised to f64, f32,
 * bf16 and f16 by mxcts_mx_dequantize (one matrix per format) and
 * mxcts_mx_dequantize_one, against exact values computed here:
 *   element values: typed-in lists (FP4, FP6) or the OFP8 formula with
 *   typed-in parameters (FP8, spot-checked against OFP8 Table 2 values) and
 *   q/64 (INT8); the product by ldexp; f32 by the hardware (float) cast;
 *   bf16/f16 by a nearest-even search in the sorted list of their values.
 * Then a round trip: blocks of exactly representable X * element values
 * quantise (FLOOR, every rounding mode) back to the same scale and codes. */
#include <math.h>
#include <stdlib.h>
#include "test_block_util.h"

static const double e2m1_pos[8] = {0, 0.5, 1, 1.5, 2, 3, 4, 6};
static const double e2m3_pos[32] = {0, .125, .25, .375, .5, .625, .75, .875,
                                    1, 1.125, 1.25, 1.375, 1.5, 1.625, 1.75, 1.875,
                                    2, 2.25, 2.5, 2.75, 3, 3.25, 3.5, 3.75,
                                    4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5};
static const double e3m2_pos[32] = {0, .0625, .125, .1875, .25, .3125, .375, .4375,
                                    .5, .625, .75, .875, 1, 1.25, 1.5, 1.75,
                                    2, 2.5, 3, 3.5, 4, 5, 6, 7,
                                    8, 10, 12, 14, 16, 20, 24, 28};

/* OFP8 decode with typed parameters; NaN/Inf codes typed per OFP8 Table 1. */
static double fp8_value(unsigned c, int ebits, int mbits, int bias, int is_e4m3)
{
    unsigned mag = c & 0x7F;
    double sgn = (c & 0x80) ? -1.0 : 1.0;
    if (is_e4m3 && mag == 0x7F)
        return (c & 0x80) ? -NAN : NAN;
    if (!is_e4m3 && mag >= 0x7C)
        return mag == 0x7C ? sgn * INFINITY : ((c & 0x80) ? -NAN : NAN);
    unsigned E = mag >> mbits, M = mag & ((1u << mbits) - 1);
    (void)ebits;
    if (E == 0)
        return sgn * ldexp(M, 1 - bias - mbits);
    return sgn * ldexp((1u << mbits) + M, (int)E - bias - mbits);
}

static double elem_value(mxcts_format f, unsigned c)
{
    switch (f) {
    case MXCTS_E2M1: return (c & 0x8 ? -1 : 1) * e2m1_pos[c & 0x7];
    case MXCTS_E2M3: return (c & 0x20 ? -1 : 1) * e2m3_pos[c & 0x1F];
    case MXCTS_E3M2: return (c & 0x20 ? -1 : 1) * e3m2_pos[c & 0x1F];
    case MXCTS_E4M3: return fp8_value(c, 4, 3, 7, 1);
    case MXCTS_E5M2: return fp8_value(c, 5, 2, 15, 0);
    default: return (int8_t)c / 64.0;
    }
}

static void spot_checks(void)
{
    TB_CHECK(elem_value(MXCTS_E4M3, 0x7E) == 448.0, "E4M3 0x7E = 448");
    TB_CHECK(elem_value(MXCTS_E4M3, 0x01) == 0x1p-9, "E4M3 0x01 = 2^-9");
    TB_CHECK(elem_value(MXCTS_E4M3, 0x08) == 0x1p-6, "E4M3 0x08 = 2^-6");
    TB_CHECK(elem_value(MXCTS_E4M3, 0x07) == 0.875 * 0x1p-6, "E4M3 0x07");
    TB_CHECK(elem_value(MXCTS_E4M3, 0xFE) == -448.0, "E4M3 0xFE");
    TB_CHECK(elem_value(MXCTS_E5M2, 0x7B) == 57344.0, "E5M2 0x7B = 57344");
    TB_CHECK(elem_value(MXCTS_E5M2, 0x04) == 0x1p-14, "E5M2 0x04 = 2^-14");
    TB_CHECK(elem_value(MXCTS_E5M2, 0x01) == 0x1p-16, "E5M2 0x01 = 2^-16");
    TB_CHECK(elem_value(MXCTS_E5M2, 0x03) == 0.75 * 0x1p-14, "E5M2 0x03");
    TB_CHECK(elem_value(MXCTS_INT8, 0x80) == -2.0, "INT8 0x80 = -2");
    TB_CHECK(elem_value(MXCTS_INT8, 0x7F) == 1.984375, "INT8 0x7F");
}

/* Sorted values of the non-negative 16-bit patterns 0 .. inf_bits, where the
 * Inf pattern stands for the first value past max (2^(emax+1)), so a search
 * rounds overflow the IEEE way. */
typedef struct { int n; double v[0x7F81]; } small_table;
static small_table bf16_tab, f16_tab;

static void build_tables(void)
{
    for (unsigned b = 0; b <= 0x7F80; b++) {
        uint32_t w = b << 16;
        float f;
        memcpy(&f, &w, 4);
        bf16_tab.v[b] = b == 0x7F80 ? 0x1p128 : (double)f;
    }
    bf16_tab.n = 0x7F81;
    for (unsigned b = 0; b <= 0x7C00; b++) {
        unsigned E = b >> 10, M = b & 0x3FF;
        f16_tab.v[b] = b == 0x7C00 ? 65536.0 : E ? ldexp(1024 + M, (int)E - 25) : ldexp(M, -24);
    }
    f16_tab.n = 0x7C01;
}

/* RNE of a finite or infinite double into the small format; result bits. */
static uint16_t small_round(const small_table *t, double v, uint16_t sign_bit)
{
    uint16_t s = signbit(v) ? sign_bit : 0;
    double a = fabs(v);
    int last = t->n - 1;
    if (a >= t->v[last])
        return s | (uint16_t)last;
    int lo = 0, hi = last; /* t->v[lo] <= a < t->v[hi] */
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (t->v[mid] <= a) lo = mid; else hi = mid;
    }
    double dl = a - t->v[lo], dh = t->v[hi] - a;
    int pick = dl < dh ? lo : dh < dl ? hi : (lo % 2 == 0 ? lo : hi);
    return s | (uint16_t)pick;
}

static double expect_f64(mxcts_format f, unsigned scale, unsigned c)
{
    if (scale == 0xFF)
        return NAN;
    double v = elem_value(f, c);
    return ldexp(v, (int)scale - 127); /* exact: products stay inside binary64 */
}

static uint32_t f32_bits_of(double d)
{
    float f = (float)d;
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}

static void check_format(mxcts_format f)
{
    unsigned ncodes = mxcts_format_code_count(f);
    int64_t k = ncodes < 32 ? 32 : ncodes, nb = k / 32, rows = 256;
    uint8_t *codes = malloc((size_t)(rows * k)), *scales = malloc((size_t)(rows * nb));
    double *o64 = malloc(sizeof(double) * (size_t)(rows * k));
    uint32_t *o32 = malloc(4 * (size_t)(rows * k));
    uint16_t *obf = malloc(2 * (size_t)(rows * k)), *oh = malloc(2 * (size_t)(rows * k));
    for (int64_t r = 0; r < rows; r++) {
        for (int64_t j = 0; j < nb; j++)
            scales[r * nb + j] = (uint8_t)r;
        for (int64_t j = 0; j < k; j++)
            codes[r * k + j] = (uint8_t)(j % ncodes);
    }
    TB_EQ(mxcts_mx_dequantize(f, codes, k, scales, nb, rows, k, 32, MXCTS_WIDE_F64, o64, k), MXCTS_OK, "dq f64");
    TB_EQ(mxcts_mx_dequantize(f, codes, k, scales, nb, rows, k, 32, MXCTS_WIDE_F32, o32, k), MXCTS_OK, "dq f32");
    TB_EQ(mxcts_mx_dequantize(f, codes, k, scales, nb, rows, k, 32, MXCTS_WIDE_BF16, obf, k), MXCTS_OK, "dq bf16");
    TB_EQ(mxcts_mx_dequantize(f, codes, k, scales, nb, rows, k, 32, MXCTS_WIDE_F16, oh, k), MXCTS_OK, "dq f16");
    char what[96];
    for (int64_t r = 0; r < rows; r++) {
        for (int64_t j = 0; j < (int64_t)ncodes; j++) {
            unsigned c = (unsigned)j;
            double e = expect_f64(f, (unsigned)r, c);
            size_t o = (size_t)(r * k + j);
            snprintf(what, sizeof what, "%s scale 0x%02x code 0x%02x", mxcts_format_get(f)->name, (unsigned)r, c);
            double one;
            uint64_t one_bits;
            TB_EQ(mxcts_mx_dequantize_one(f, (uint8_t)r, c, MXCTS_WIDE_F32, &one, &one_bits), MXCTS_OK, what);
            if (isnan(e)) {
                uint32_t want = (r == 0xFF || !signbit(e)) ? 0x7FC00000u : 0xFFC00000u;
                TB_CHECK(isnan(o64[o]) && isnan(one), "%s f64 NaN", what);
                TB_EQ(o32[o], want, what);
                TB_EQ(one_bits, want, what);
                TB_EQ(obf[o], want >> 16, what);
                TB_EQ(oh[o], (want >> 16 & 0x8000) | 0x7E00, what);
                continue;
            }
            uint64_t gb, wb;
            memcpy(&gb, &o64[o], 8);
            memcpy(&wb, &e, 8);
            TB_EQ(gb, wb, what);
            TB_CHECK(one == e && signbit(one) == signbit(e), "%s exact value", what);
            TB_EQ(o32[o], f32_bits_of(e), what);
            TB_EQ(one_bits, f32_bits_of(e), what);
            TB_EQ(obf[o], small_round(&bf16_tab, e, 0x8000), what);
            TB_EQ(oh[o], small_round(&f16_tab, e, 0x8000), what);
        }
    }
    free(codes), free(scales), free(o64), free(o32), free(obf), free(oh);
}

/* Round trip: scale code x and a block holding X * 2^emax (fixes the FLOOR
 * scale at x) and X * v(c) for codes c whose product is an exact f32. */
static void round_trip(mxcts_format f)
{
    static const int emax_of[] = {[MXCTS_E4M3] = 8, [MXCTS_E5M2] = 15, [MXCTS_E2M3] = 2,
                                  [MXCTS_E3M2] = 4, [MXCTS_E2M1] = 2, [MXCTS_INT8] = 0};
    unsigned ncodes = mxcts_format_code_count(f);
    long blocks = 0;
    for (int x = 0; x <= 0xFE; x++) {
        double lead = ldexp(1.0, emax_of[f] + x - 127);
        if (lead > 0x1.fffffep127 || lead < 0x1p-126)
            continue;
        for (int rm = 0; rm < MXCTS_ELEM_ROUND_COUNT; rm++) {
            mxcts_block_config c = tb_cfg(MXCTS_SCALE_FLOOR);
            c.round = (mxcts_elem_round)rm;
            uint32_t in[32];
            unsigned want[32];
            int n = 0;
            unsigned code = 0;
            while (code < ncodes) {
                n = 0;
                in[n] = f32_bits_of(lead), want[n++] = 0x1000; /* checked separately */
                for (; code < ncodes && n < 32; code++) {
                    double v = ldexp(elem_value(f, code), x - 127);
                    if (isnan(v) || isinf(v) || (double)(float)v != v)
                        continue;
                    if (v == 0 && code != 0)
                        continue; /* -0: checked in test_block_catalogue */
                    if (f == MXCTS_INT8 && code == 0x80)
                        continue; /* |-2| = 2^(emax+1) would raise the FLOOR scale */
                    in[n] = f32_bits_of(v), want[n++] = code;
                }
                while (n < 32)
                    in[n] = 0, want[n++] = 0;
                uint8_t sx, p[32];
                mxcts_mx_quantize_block(f, MXCTS_WIDE_F32, in, 32, &c, &sx, p);
                TB_EQ(sx, x, "round trip scale");
                for (int j = 1; j < 32; j++)
                    TB_CHECK(p[j] == want[j], "%s x=0x%02x round %d: code 0x%02x came back 0x%02x",
                             mxcts_format_get(f)->name, x, rm, want[j], p[j]);
                blocks++;
            }
        }
    }
    TB_CHECK(blocks > 200, "round trip ran %ld blocks", blocks);
}

int main(void)
{
    static const mxcts_format fs[] = {MXCTS_E4M3, MXCTS_E5M2, MXCTS_E2M3, MXCTS_E3M2, MXCTS_E2M1, MXCTS_INT8};
    spot_checks();
    build_tables();
    for (int i = 0; i < 6; i++) {
        check_format(fs[i]);
        round_trip(fs[i]);
    }
    return tb_finish("test_block_exhaustive");
}
