/* The scale adjustment that goes with OCP <-> FNUZ re-encoding
 * (mxcts_{ocp_to_fnuz,fnuz_to_ocp}_scale_{e8m0,f32}): typed cases for every
 * edge (E8M0 0xFE / 0x00 / 0xFF, f32 overflow to Inf, subnormal halving with
 * ties to even), an f32 sweep against exact double arithmetic, and the
 * property the functions exist for, checked on every pair of the 256 E8M0
 * codes x 256 FP8 codes (both FP8 pairs, both directions) and on all FP8
 * codes x a sample of f32 scales: decode(re-encoded code) * new scale ==
 * decode(code) * old scale exactly (in double) whenever no flag is raised. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "mxcts/fnuz.h"
#include "test_util.h"

static long checks;
#define CHECK(c, ...) TU_COUNT_CHECK(checks, c, __VA_ARGS__)

enum { OVF = MXCTS_FLAG_OVERFLOW, UNF = MXCTS_FLAG_UNDERFLOW, INX = MXCTS_FLAG_INEXACT,
       INV = MXCTS_FLAG_INVALID };

typedef mxcts_status (*e8m0_fn)(const uint8_t *, size_t, uint8_t *, unsigned *);
typedef mxcts_status (*f32_fn)(uint32_t, uint32_t *, unsigned *);

static void e8m0_case(e8m0_fn fn, const char *name, uint8_t in, uint8_t want, unsigned want_fl)
{
    uint8_t out = 0x5A;
    unsigned fl = 0;
    mxcts_status st = fn(&in, 1, &out, &fl);
    CHECK(st == MXCTS_OK && out == want && fl == want_fl,
          "%s 0x%02x -> 0x%02x flags 0x%x (want 0x%02x flags 0x%x, status %d)", name, in, out, fl,
          want, want_fl, (int)st);
}

static void f32_case(f32_fn fn, const char *name, uint32_t in, uint32_t want, unsigned want_fl)
{
    uint32_t out = 0x12345678u;
    unsigned fl = 0;
    mxcts_status st = fn(in, &out, &fl);
    CHECK(st == MXCTS_OK && out == want && fl == want_fl,
          "%s 0x%08x -> 0x%08x flags 0x%x (want 0x%08x flags 0x%x, status %d)", name, in, out, fl,
          want, want_fl, (int)st);
}

static double f32_val(uint32_t b)
{
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

static int same(double a, double b) /* exact equality, NaN == NaN */
{
    return (isnan(a) && isnan(b)) || a == b;
}

static double dec(mxcts_format f, unsigned code)
{
    double v = 0;
    CHECK(mxcts_decode_f64(f, code, &v) == MXCTS_OK, "decode fmt %d code 0x%02x", (int)f, code);
    return v;
}

/* One element code re-encoded in the given direction; flags of this code only. */
static uint8_t reencode(int to_fnuz, mxcts_format from, uint8_t c, unsigned *fl)
{
    uint8_t o = 0;
    if (to_fnuz)
        mxcts_ocp_to_fnuz(from, &c, 1, &o, fl);
    else
        mxcts_fnuz_to_ocp(from, &c, 1, MXCTS_OVERFLOW_SAT, &o, fl);
    return o;
}

/* The f32 sweep: the result against exact double arithmetic (x2 and x0.5 are
 * exact in double for every f32), flags derived from that comparison. */
static void f32_check(uint32_t b)
{
    double x = f32_val(b);
    for (int up = 0; up < 2; up++) {
        uint32_t r = 0;
        unsigned fl = 0;
        (up ? mxcts_ocp_to_fnuz_scale_f32 : mxcts_fnuz_to_ocp_scale_f32)(b, &r, &fl);
        double y = f32_val(r), exact = up ? x * 2 : x * 0.5;
        if (isnan(x)) {
            CHECK(r == b && fl == 0, "f32 NaN 0x%08x kept (got 0x%08x, 0x%x)", b, r, fl);
            continue;
        }
        CHECK((r >> 31) == (b >> 31), "f32 0x%08x sign kept (0x%08x)", b, r);
        if (y == exact) {
            CHECK(fl == 0, "f32 0x%08x %s exact but flags 0x%x", b, up ? "x2" : "/2", fl);
        } else if (up) {
            CHECK(fabs(exact) > FLT_MAX && isinf(y) && fl == (OVF | INX),
                  "f32 0x%08x x2 -> 0x%08x flags 0x%x", b, r, fl);
        } else {
            /* the nearest subnormal, ties to even: exactly half an ulp (2^-150) away */
            CHECK(fabs(exact) < FLT_MIN && fabs(y - exact) == ldexp(1, -150) && !(r & 1u) &&
                      fl == (UNF | INX),
                  "f32 0x%08x /2 -> 0x%08x flags 0x%x", b, r, fl);
        }
    }
}

int main(void)
{
    /* ---- E8M0, typed ---- */
    e8m0_case(mxcts_ocp_to_fnuz_scale_e8m0, "ocp->fnuz", 0x7F, 0x80, 0); /* 1 -> 2 */
    e8m0_case(mxcts_ocp_to_fnuz_scale_e8m0, "ocp->fnuz", 0x00, 0x01, 0); /* 2^-127 -> 2^-126 */
    e8m0_case(mxcts_ocp_to_fnuz_scale_e8m0, "ocp->fnuz", 0xFD, 0xFE, 0); /* 2^126 -> 2^127 */
    e8m0_case(mxcts_ocp_to_fnuz_scale_e8m0, "ocp->fnuz", 0xFE, 0xFF, OVF | INX | INV);
    e8m0_case(mxcts_ocp_to_fnuz_scale_e8m0, "ocp->fnuz", 0xFF, 0xFF, 0);
    e8m0_case(mxcts_fnuz_to_ocp_scale_e8m0, "fnuz->ocp", 0x80, 0x7F, 0);
    e8m0_case(mxcts_fnuz_to_ocp_scale_e8m0, "fnuz->ocp", 0x01, 0x00, 0);
    e8m0_case(mxcts_fnuz_to_ocp_scale_e8m0, "fnuz->ocp", 0xFE, 0xFD, 0);
    e8m0_case(mxcts_fnuz_to_ocp_scale_e8m0, "fnuz->ocp", 0x00, 0xFF, UNF | INX | INV);
    e8m0_case(mxcts_fnuz_to_ocp_scale_e8m0, "fnuz->ocp", 0xFF, 0xFF, 0);

    /* every code, in place, flags OR-ed; round trip is the identity off the edges */
    uint8_t s[256];
    for (int i = 0; i < 256; i++)
        s[i] = (uint8_t)i;
    unsigned fl = 0;
    CHECK(mxcts_ocp_to_fnuz_scale_e8m0(s, 256, s, &fl) == MXCTS_OK && fl == (OVF | INX | INV),
          "bulk ocp->fnuz flags 0x%x", fl);
    fl = 0;
    CHECK(mxcts_fnuz_to_ocp_scale_e8m0(s, 256, s, &fl) == MXCTS_OK && fl == 0,
          "bulk fnuz->ocp after ocp->fnuz flags 0x%x", fl);
    for (int i = 0; i < 256; i++)
        CHECK(s[i] == (i == 0xFE ? 0xFF : i), "e8m0 round trip 0x%02x -> 0x%02x", i, s[i]);
    CHECK(mxcts_ocp_to_fnuz_scale_e8m0(NULL, 1, s, NULL) == MXCTS_ERR_NULL, "NULL in");
    CHECK(mxcts_fnuz_to_ocp_scale_e8m0(s, 1, NULL, NULL) == MXCTS_ERR_NULL, "NULL out");
    CHECK(mxcts_ocp_to_fnuz_scale_e8m0(NULL, 0, NULL, NULL) == MXCTS_OK, "n = 0");
    CHECK(mxcts_ocp_to_fnuz_scale_e8m0(s, 1, s, NULL) == MXCTS_OK, "NULL flags");

    /* ---- f32, typed ---- */
    const f32_fn up = mxcts_ocp_to_fnuz_scale_f32, dn = mxcts_fnuz_to_ocp_scale_f32;
    f32_case(up, "x2", 0x3F800000u, 0x40000000u, 0);         /* 1 -> 2 */
    f32_case(up, "x2", 0xBFC00000u, 0xC0400000u, 0);         /* -1.5 -> -3 */
    f32_case(up, "x2", 0x7E800000u, 0x7F000000u, 0);         /* 2^126 -> 2^127 */
    f32_case(up, "x2", 0x7F000000u, 0x7F800000u, OVF | INX); /* 2^127 -> Inf */
    f32_case(up, "x2", 0x7F7FFFFFu, 0x7F800000u, OVF | INX); /* FLT_MAX -> Inf */
    f32_case(up, "x2", 0xFF000000u, 0xFF800000u, OVF | INX); /* -2^127 -> -Inf */
    f32_case(up, "x2", 0x00000001u, 0x00000002u, 0);         /* 2^-149 -> 2^-148 */
    f32_case(up, "x2", 0x00400000u, 0x00800000u, 0);         /* 2^-127 -> 2^-126 (normal) */
    f32_case(up, "x2", 0x007FFFFFu, 0x00FFFFFEu, 0);         /* largest subnormal */
    f32_case(up, "x2", 0x00000000u, 0x00000000u, 0);
    f32_case(up, "x2", 0x80000000u, 0x80000000u, 0);
    f32_case(up, "x2", 0x7F800000u, 0x7F800000u, 0);         /* Inf */
    f32_case(up, "x2", 0xFF800000u, 0xFF800000u, 0);
    f32_case(up, "x2", 0x7FC00001u, 0x7FC00001u, 0);         /* NaN bits kept */
    f32_case(up, "x2", 0xFF800001u, 0xFF800001u, 0);         /* signalling NaN kept */
    f32_case(dn, "/2", 0x40000000u, 0x3F800000u, 0);         /* 2 -> 1 */
    f32_case(dn, "/2", 0x7F7FFFFFu, 0x7EFFFFFFu, 0);
    f32_case(dn, "/2", 0x01000000u, 0x00800000u, 0);         /* 2^-125 -> 2^-126 */
    f32_case(dn, "/2", 0x00800000u, 0x00400000u, 0);         /* 2^-126 -> 2^-127 subnormal, exact */
    f32_case(dn, "/2", 0x00800001u, 0x00400000u, UNF | INX); /* tie, to even (down) */
    f32_case(dn, "/2", 0x00800003u, 0x00400002u, UNF | INX); /* tie, to even (up) */
    f32_case(dn, "/2", 0x00FFFFFFu, 0x00800000u, UNF | INX); /* rounds up to the min normal */
    f32_case(dn, "/2", 0x00000002u, 0x00000001u, 0);
    f32_case(dn, "/2", 0x00000001u, 0x00000000u, UNF | INX); /* smallest subnormal -> +0 */
    f32_case(dn, "/2", 0x80000001u, 0x80000000u, UNF | INX); /* -> -0 */
    f32_case(dn, "/2", 0x00000003u, 0x00000002u, UNF | INX); /* 1.5 ulp -> 2 ulp (even) */
    f32_case(dn, "/2", 0x00000000u, 0x00000000u, 0);
    f32_case(dn, "/2", 0x80000000u, 0x80000000u, 0);
    f32_case(dn, "/2", 0xFF800000u, 0xFF800000u, 0);         /* -Inf */
    f32_case(dn, "/2", 0x7FC00000u, 0x7FC00000u, 0);
    uint32_t o32;
    CHECK(up(0x3F800000u, NULL, NULL) == MXCTS_ERR_NULL && dn(0, NULL, NULL) == MXCTS_ERR_NULL,
          "f32 NULL out");
    CHECK(up(0x7F000000u, &o32, NULL) == MXCTS_OK && o32 == 0x7F800000u, "f32 NULL flags");

    /* ---- f32 sweep: both signs, every exponent, low and high mantissa bits ---- */
    for (uint32_t sg = 0; sg < 2; sg++)
        for (uint32_t e = 0; e < 256; e++)
            for (uint32_t m = 0; m < 4096; m++) {
                f32_check(sg << 31 | e << 23 | m);
                f32_check(sg << 31 | e << 23 | m << 11);
                f32_check(sg << 31 | e << 23 | ((m * 2654435761u) & 0x7FFFFFu));
            }

    /* ---- the property, E8M0 block scales: every scale x every element code ---- */
    const mxcts_format ocp[2] = {MXCTS_E4M3, MXCTS_E5M2}, fz[2] = {MXCTS_E4M3FNUZ, MXCTS_E5M2FNUZ};
    /* codes each direction flags: E5M2 +-Inf (OCP->FNUZ); the FNUZ top binade
     * with no OCP counterpart, E4M3FNUZ +-240 and E5M2FNUZ exponent 31 (FNUZ->OCP) */
    const int elem_flagged[2][2] = {{2, 8}, {0, 2}}; /* [to_fnuz][k] */
    for (int k = 0; k < 2; k++)
        for (int to_fnuz = 0; to_fnuz < 2; to_fnuz++) {
            mxcts_format from = to_fnuz ? ocp[k] : fz[k], to = to_fnuz ? fz[k] : ocp[k];
            e8m0_fn adj = to_fnuz ? mxcts_ocp_to_fnuz_scale_e8m0 : mxcts_fnuz_to_ocp_scale_e8m0;
            long exact = 0, nflag_s = 0, nflag_e = 0;
            for (int x = 0; x < 256; x++) {
                uint8_t xs = (uint8_t)x, nx = 0;
                unsigned fs = 0;
                adj(&xs, 1, &nx, &fs);
                nflag_s += fs != 0;
                double so = dec(MXCTS_E8M0, xs), sn = dec(MXCTS_E8M0, nx);
                for (int c = 0; c < 256; c++) {
                    unsigned fe = 0;
                    uint8_t nc = reencode(to_fnuz, from, (uint8_t)c, &fe);
                    if (x == 0)
                        nflag_e += fe != 0;
                    double before = dec(from, (unsigned)c) * so, after = dec(to, nc) * sn;
                    if (fs)
                        CHECK(nx == 0xFF && isnan(after), "flagged scale 0x%02x gives NaN", x);
                    if (fs | fe)
                        continue;
                    exact++;
                    CHECK(same(before, after), "%s -> %s scale 0x%02x -> 0x%02x code 0x%02x -> 0x%02x: %g != %g",
                          mxcts_format_get(from)->name, mxcts_format_get(to)->name, x, nx, c, nc,
                          before, after);
                }
            }
            CHECK(nflag_s == 1 && nflag_e == elem_flagged[to_fnuz][k] &&
                      exact == 255L * (256 - elem_flagged[to_fnuz][k]),
                  "k %d to_fnuz %d: %ld scale / %ld element flags, %ld exact pairs", k, to_fnuz,
                  nflag_s, nflag_e, exact);
        }

    /* ---- the property, f32 per-tensor scales: every element code x sample scales ---- */
    for (int k = 0; k < 2; k++)
        for (int to_fnuz = 0; to_fnuz < 2; to_fnuz++) {
            mxcts_format from = to_fnuz ? ocp[k] : fz[k], to = to_fnuz ? fz[k] : ocp[k];
            const uint32_t mans[5] = {0, 1, 2, 0x400001u, 0x7FFFFFu};
            long exact = 0, flagged = 0;
            for (uint32_t sg = 0; sg < 2; sg++)
                for (uint32_t e = 0; e < 256; e++)
                    for (int mi = 0; mi < 5; mi++) {
                        uint32_t sb = sg << 31 | e << 23 | mans[mi], nb = 0;
                        unsigned fs = 0;
                        (to_fnuz ? up : dn)(sb, &nb, &fs);
                        double so = f32_val(sb), sn = f32_val(nb);
                        for (int c = 0; c < 256; c++) {
                            unsigned fe = 0;
                            uint8_t nc = reencode(to_fnuz, from, (uint8_t)c, &fe);
                            if (fs | fe) {
                                flagged++;
                                continue;
                            }
                            exact++;
                            double before = dec(from, (unsigned)c) * so, after = dec(to, nc) * sn;
                            CHECK(same(before, after), "%s f32 scale 0x%08x -> 0x%08x code 0x%02x: %g != %g",
                                  mxcts_format_get(from)->name, sb, nb, c, before, after);
                        }
                    }
            CHECK(exact > 0 && flagged > 0, "f32 property k %d to_fnuz %d: %ld exact %ld flagged", k,
                  to_fnuz, exact, flagged);
        }

    return tu_finish("test_fnuz_scale", checks);
}
