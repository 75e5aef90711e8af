/* E8M0 encoder: (1) the observed rows of mx-semantics 2.7 typed in, per
 * library mode; (2) every f16 and bf16 input, a strided f32 sweep plus every
 * power-of-two boundary and its neighbours, and f64 samples, in all 32 knob
 * combinations, against a slow model written here from the value (frexp,
 * no bit manipulation); (3) bulk == scalar; (4) exact reciprocals. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "mxcts/e8m0.h"
#include "test_util.h"

static long checks;
#define CHECK(c, ...) TU_COUNT_CHECK(checks, c, __VA_ARGS__)

static double f32v(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static double f64v(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static double f16v(uint16_t h)
{
    int E = (h >> 10) & 31, M = h & 1023;
    double v = E == 31 ? (M ? NAN : INFINITY) : E ? ldexp(1024 + M, E - 25) : ldexp(M, -24);
    return (h & 0x8000) ? -v : v;
}

/* The model: mx-semantics 2.7 stated on the value. */
static unsigned model(double v, const mxcts_e8m0_convert *c)
{
    if (isnan(v))
        return 0xFF;
    if (v == 0)
        return c->zero == MXCTS_E8M0_ZERO_NAN ? 0xFF : 0x00;
    if (v < 0) {
        if (c->negative == MXCTS_E8M0_NEG_NAN)
            return 0xFF;
        v = -v;
    }
    if (isinf(v))
        return c->overflow == MXCTS_E8M0_SAT ? 0xFE : 0xFF;
    int e;
    double m = frexp(v, &e) * 2; /* v = m * 2^(e-1), m in [1, 2) */
    int k = e - 1;                /* floor(log2 v) */
    if (k < -127)
        return 0x00;
    switch (c->round) {
    case MXCTS_E8M0_RUP: k += m != 1.0; break;
    case MXCTS_E8M0_NEAREST: k += m >= 1.5; break;
    case MXCTS_E8M0_NEAREST_UP: k += k == -127 ? m != 1.0 : m >= 1.5; break;
    default: break;
    }
    if (k > 127)
        return c->round == MXCTS_E8M0_RTZ || c->overflow == MXCTS_E8M0_SAT ? 0xFE : 0xFF;
    return (unsigned)(k + 127);
}

static int n_configs(mxcts_e8m0_convert *out)
{
    int n = 0;
    for (int r = 0; r < MXCTS_E8M0_ROUND_COUNT; r++)
        for (int o = 0; o < MXCTS_E8M0_OVERFLOW_COUNT; o++)
            for (int z = 0; z < MXCTS_E8M0_ZERO_COUNT; z++)
                for (int s = 0; s < MXCTS_E8M0_NEGATIVE_COUNT; s++)
                    out[n++] = (mxcts_e8m0_convert){(mxcts_e8m0_round)r, (mxcts_e8m0_overflow)o,
                                                    (mxcts_e8m0_zero)z, (mxcts_e8m0_negative)s};
    return n;
}

/* mx-semantics 2.7 "E8M0 results observed on CUDA 13.0 / torch 2.11 / ml_dtypes 0.6.0"
 * (plus the 2.7 policy rows: 0x7F3FFFFF, 1.5*2^127, -1e-10), expected bytes typed in.
 * Columns: RZ S, RZ N, RP S, RP N, torch, ml_dtypes; -1 = not observed. */
static const struct { uint32_t x; int want[6]; } observed[] = {
    {0x00000000, {0x00, 0x00, 0x00, 0x00, 0x00, 0xFF}},
    {0x80000000, {0x00, 0x00, 0x00, 0x00, 0x00, 0xFF}},
    {0x3F800001, {0x7F, 0x7F, 0x80, 0x80, 0x7F, 0x7F}},
    {0x3FBFFFFF, {0x7F, 0x7F, 0x80, 0x80, 0x7F, 0x7F}},
    {0x3FC00000, {0x7F, 0x7F, 0x80, 0x80, 0x80, 0x80}},
    {0x3E400000, {0x7C, 0x7C, 0x7D, 0x7D, -1, -1}},
    {0x00400000, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00}},
    {0x00400001, {0x00, 0x00, 0x01, 0x01, 0x01, 0x01}},
    {0x00600000, {0x00, 0x00, 0x01, 0x01, 0x01, 0x01}},
    {0x00200000, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00}},
    {0x00000001, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00}},
    {0x7F000000, {0xFE, 0xFE, 0xFE, 0xFE, 0xFE, 0xFE}},
    {0x7F3FFFFF, {-1, -1, -1, -1, 0xFE, 0xFE}},
    {0x7F400000, {-1, -1, -1, -1, 0xFF, 0xFF}},
    {0x7F7FFFFF, {0xFE, 0xFE, 0xFE, 0xFF, 0xFF, 0xFF}},
    {0x7F800000, {0xFE, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF}},
    {0xFF800000, {0xFE, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF}},
    {0x7FC00000, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}},
    {0xFFC00000, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}},
    {0xBF800000, {0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0xFF}},
    {0xAEDBE6FF, {-1, -1, -1, -1, 0x5E, 0xFF}}, /* -1e-10 */
};
static const mxcts_e8m0_convert columns[6] = {
    {MXCTS_E8M0_RTZ, MXCTS_E8M0_SAT, MXCTS_E8M0_ZERO_MIN, MXCTS_E8M0_NEG_ABS},
    {MXCTS_E8M0_RTZ, MXCTS_E8M0_NONSAT, MXCTS_E8M0_ZERO_MIN, MXCTS_E8M0_NEG_ABS},
    {MXCTS_E8M0_RUP, MXCTS_E8M0_SAT, MXCTS_E8M0_ZERO_MIN, MXCTS_E8M0_NEG_ABS},
    {MXCTS_E8M0_RUP, MXCTS_E8M0_NONSAT, MXCTS_E8M0_ZERO_MIN, MXCTS_E8M0_NEG_ABS},
    {MXCTS_E8M0_NEAREST_UP, MXCTS_E8M0_NONSAT, MXCTS_E8M0_ZERO_MIN, MXCTS_E8M0_NEG_ABS},
    {MXCTS_E8M0_NEAREST_UP, MXCTS_E8M0_NONSAT, MXCTS_E8M0_ZERO_NAN, MXCTS_E8M0_NEG_NAN},
};

static void check_one(const char *what, uint64_t bits, double v, unsigned got,
                      const mxcts_e8m0_convert *c)
{
    unsigned want = model(v, c);
    CHECK(got == want, "%s 0x%llx (%a) r=%d o=%d z=%d n=%d: got 0x%02x want 0x%02x", what,
          (unsigned long long)bits, v, c->round, c->overflow, c->zero, c->negative, got, want);
}

int main(void)
{
    mxcts_e8m0_convert cfg[64];
    int nc = n_configs(cfg);
    uint8_t code;

    for (size_t i = 0; i < sizeof observed / sizeof observed[0]; i++)
        for (int c = 0; c < 6; c++) {
            if (observed[i].want[c] < 0)
                continue;
            mxcts_e8m0_encode_f32(observed[i].x, &columns[c], &code, NULL);
            CHECK(code == observed[i].want[c], "2.7 row 0x%08x column %d: got 0x%02x want 0x%02x",
                  observed[i].x, c, code, observed[i].want[c]);
        }
    /* True nearest differs from nearest-up only in (2^-127, 1.5 * 2^-127). */
    mxcts_e8m0_convert tn = columns[4];
    tn.round = MXCTS_E8M0_NEAREST;
    mxcts_e8m0_encode_f32(0x00400001, &tn, &code, NULL);
    CHECK(code == 0x00, "true nearest 0x00400001 -> 0x%02x", code);
    mxcts_e8m0_encode_f32(0x005FFFFF, &tn, &code, NULL);
    CHECK(code == 0x00, "true nearest 0x005FFFFF -> 0x%02x", code);
    mxcts_e8m0_encode_f32(0x00600000, &tn, &code, NULL);
    CHECK(code == 0x01, "true nearest 1.5*2^-127 (tie, up) -> 0x%02x", code);

    static uint16_t h[65536];
    static uint8_t out[65536];
    for (int i = 0; i < 65536; i++)
        h[i] = (uint16_t)i;
    for (int c = 0; c < nc; c++) {
        mxcts_e8m0_encode_bulk(MXCTS_WIDE_F16, h, 65536, out, &cfg[c], NULL);
        for (int i = 0; i < 65536; i++)
            check_one("f16", (uint64_t)i, f16v((uint16_t)i), out[i], &cfg[c]);
        mxcts_e8m0_encode_bulk(MXCTS_WIDE_BF16, h, 65536, out, &cfg[c], NULL);
        for (int i = 0; i < 65536; i++) {
            check_one("bf16", (uint64_t)i, f32v((uint32_t)i << 16), out[i], &cfg[c]);
            mxcts_e8m0_encode_bf16((uint16_t)i, &cfg[c], &code, NULL);
            CHECK(code == out[i], "bf16 bulk/scalar 0x%04x", i);
        }
        /* f32: a stride coprime to everything interesting, both signs. */
        for (uint64_t x = 0; x < (1ull << 32); x += 65521) {
            mxcts_e8m0_encode_f32((uint32_t)x, &cfg[c], &code, NULL);
            check_one("f32", x, f32v((uint32_t)x), code, &cfg[c]);
        }
        /* every power of two 2^k and 1.5 * 2^k in f32, +-2 ulps, both signs */
        for (int k = -150; k <= 128; k++)
            for (int m = 0; m < 2; m++) {
                double t = ldexp(m ? 1.5 : 1.0, k);
                float tf = (float)t;
                if (!isfinite(tf) || tf == 0)
                    continue;
                uint32_t b;
                memcpy(&b, &tf, 4);
                for (int d = -2; d <= 2; d++)
                    for (uint32_t s = 0; s < 2; s++) {
                        uint32_t x = ((b + (uint32_t)d) & 0x7FFFFFFF) | s << 31;
                        mxcts_e8m0_encode_f32(x, &cfg[c], &code, NULL);
                        check_one("f32 boundary", x, f32v(x), code, &cfg[c]);
                    }
            }
        /* f64 beyond the f32 range, and between f32 values */
        const double f64s[] = {ldexp(1, 128), ldexp(1.75, 200), ldexp(1, -140), ldexp(1.25, -127),
                               ldexp(1.5, -127), ldexp(1, -1074), -ldexp(1.5, 127), 1e300,
                               ldexp(1.5, 127) * (1 - 0x1p-52)};
        for (size_t i = 0; i < sizeof f64s / sizeof f64s[0]; i++) {
            uint64_t b;
            memcpy(&b, &f64s[i], 8);
            mxcts_e8m0_encode_f64(b, &cfg[c], &code, NULL);
            check_one("f64", b, f64v(b), code, &cfg[c]);
        }
    }

    /* flags */
    unsigned fl = 0;
    mxcts_e8m0_encode_f32(0x3F800000, &columns[0], &code, &fl);
    CHECK(fl == 0, "1.0 exact: flags 0x%x", fl);
    fl = 0, mxcts_e8m0_encode_f32(0x7F7FFFFF, &columns[3], &code, &fl);
    CHECK(fl & MXCTS_FLAG_OVERFLOW, "FLT_MAX RP: overflow flag");
    fl = 0, mxcts_e8m0_encode_f32(0x00000001, &columns[0], &code, &fl);
    CHECK(fl & MXCTS_FLAG_UNDERFLOW, "2^-149: underflow flag");
    fl = 0, mxcts_e8m0_encode_f32(0x00000000, &columns[5], &code, &fl);
    CHECK(fl & MXCTS_FLAG_INVALID, "0 -> NaN: invalid flag");

    /* arguments */
    mxcts_e8m0_convert bad = columns[0];
    bad.round = MXCTS_E8M0_ROUND_COUNT;
    CHECK(mxcts_e8m0_encode_f32(0, &bad, &code, NULL) == MXCTS_ERR_MODE, "bad round accepted");
    CHECK(mxcts_e8m0_encode_f32(0, NULL, &code, NULL) == MXCTS_ERR_NULL, "NULL cv accepted");
    CHECK(mxcts_e8m0_encode_bulk(MXCTS_WIDE_F32, NULL, 0, NULL, &columns[0], NULL) == MXCTS_OK, "n=0");
    mxcts_e8m0_convert d;
    mxcts_e8m0_init(&d);
    CHECK(d.round == MXCTS_E8M0_RTZ && d.overflow == MXCTS_E8M0_NONSAT && d.zero == MXCTS_E8M0_ZERO_MIN &&
              d.negative == MXCTS_E8M0_NEG_NAN, "init defaults");

    /* exact reciprocals: 0x00 <-> 0xFE; value * reciprocal == 1 exactly */
    for (unsigned c = 0; c < 256; c++) {
        double v, r;
        float rf;
        mxcts_decode_f64(MXCTS_E8M0, c, &v);
        mxcts_e8m0_reciprocal_f64((uint8_t)c, &r);
        mxcts_e8m0_reciprocal_f32((uint8_t)c, &rf);
        uint8_t rc = mxcts_e8m0_reciprocal((uint8_t)c);
        if (c == 0xFF) {
            CHECK(isnan(r) && isnan(rf) && rc == 0xFF, "reciprocal of NaN scale");
            continue;
        }
        double rv;
        mxcts_decode_f64(MXCTS_E8M0, rc, &rv);
        CHECK(v * r == 1.0 && r == ldexp(1, 127 - (int)c), "reciprocal_f64 0x%02x", c);
        CHECK((double)rf == r, "reciprocal_f32 0x%02x: %a vs %a", c, (double)rf, r);
        CHECK(rv == r && mxcts_e8m0_reciprocal(rc) == c, "reciprocal code 0x%02x -> 0x%02x", c, rc);
    }
    float r0, rfe;
    uint32_t b0, bfe;
    mxcts_e8m0_reciprocal_f32(0x00, &r0);
    mxcts_e8m0_reciprocal_f32(0xFE, &rfe);
    memcpy(&b0, &r0, 4), memcpy(&bfe, &rfe, 4);
    CHECK(b0 == 0x7F000000 && bfe == 0x00400000, "0x00 -> 2^127 (0x%08x), 0xFE -> 2^-127 (0x%08x)", b0, bfe);

    return tu_finish("test_e8m0_encode", checks);
}
