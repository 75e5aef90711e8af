/* OCP <-> FNUZ re-encoding: every code of E4M3/E5M2 and E4M3FNUZ/E5M2FNUZ,
 * checked on decoded values: value_ocp == 2 * value_fnuz, the 0x80 rule
 * (OCP -0 -> FNUZ 0x00; OCP NaN -> 0x80), Inf -> 0x80, the top FNUZ binade
 * overflowing under both policies, round trips. */
#include <math.h>
#include <stdio.h>
#include "mxcts/fnuz.h"
#include "test_util.h"

static long checks;
#define CHECK(c, ...) TU_COUNT_CHECK(checks, c, __VA_ARGS__)

int main(void)
{
    const mxcts_format ocp[2] = {MXCTS_E4M3, MXCTS_E5M2}, fz[2] = {MXCTS_E4M3FNUZ, MXCTS_E5M2FNUZ};
    uint8_t all[256], to[256], back[256];
    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    for (int k = 0; k < 2; k++) {
        const mxcts_format_info *fi = mxcts_format_get(ocp[k]);
        unsigned fl = 0;
        CHECK(mxcts_ocp_to_fnuz(ocp[k], all, 256, to, &fl) == MXCTS_OK, "ocp_to_fnuz ok");
        CHECK(((fl & MXCTS_FLAG_INVALID) != 0) == (fi->has_inf != 0) && !(fl & MXCTS_FLAG_INEXACT),
              "%s flags 0x%x", fi->name, fl);
        for (int c = 0; c < 256; c++) {
            double v, w;
            mxcts_decode_f64(ocp[k], (unsigned)c, &v);
            mxcts_decode_f64(fz[k], to[c], &w);
            if (isnan(v) || isinf(v))
                CHECK(to[c] == 0x80, "%s 0x%02x (NaN/Inf) -> 0x%02x", fi->name, c, to[c]);
            else if (v == 0)
                CHECK(to[c] == 0x00, "%s zero 0x%02x -> 0x%02x (never 0x80)", fi->name, c, to[c]);
            else
                CHECK(to[c] == c && v == 2 * w, "%s 0x%02x: %g -> 0x%02x %g", fi->name, c, v, to[c], w);
        }
        CHECK(to[0x80] == 0x00 && to[0x7F] == 0x80 && to[0xFF] == 0x80, "%s the 0x80 rule", fi->name);
        /* reverse, both policies */
        for (int ovf = 0; ovf < 2; ovf++) {
            fl = 0;
            CHECK(mxcts_fnuz_to_ocp(fz[k], all, 256, (mxcts_overflow)ovf, back, &fl) == MXCTS_OK, "fnuz_to_ocp");
            CHECK(fl & MXCTS_FLAG_OVERFLOW, "top binade overflows");
            for (int c = 0; c < 256; c++) {
                double w, v;
                mxcts_decode_f64(fz[k], (unsigned)c, &w);
                mxcts_decode_f64(ocp[k], back[c], &v);
                if (isnan(w)) {
                    CHECK(c == 0x80 && mxcts_code_is_nan(ocp[k], back[c]), "FNUZ NaN -> OCP NaN");
                } else if (fabs(2 * w) > fi->max_finite) {
                    if (ovf == MXCTS_OVERFLOW_SAT)
                        CHECK(v == copysign(fi->max_finite, w), "%s 0x%02x sat -> %g", fi->name, c, v);
                    else if (fi->has_inf)
                        CHECK(v == copysign(INFINITY, w), "%s 0x%02x nonsat -> %g", fi->name, c, v);
                    else
                        CHECK(isnan(v) && (back[c] & 0x80) == (c & 0x80), "%s 0x%02x nonsat -> NaN", fi->name, c);
                } else {
                    CHECK(back[c] == c && v == 2 * w, "%s 0x%02x: %g -> %g", fi->name, c, w, v);
                }
            }
        }
        /* round trip OCP -> FNUZ -> OCP: identity except -0 -> +0 and NaN/Inf -> NaN */
        mxcts_fnuz_to_ocp(fz[k], to, 256, MXCTS_OVERFLOW_SAT, back, NULL);
        for (int c = 0; c < 256; c++) {
            double v;
            mxcts_decode_f64(ocp[k], (unsigned)c, &v);
            if (isnan(v) || isinf(v))
                CHECK(mxcts_code_is_nan(ocp[k], back[c]), "round trip NaN/Inf 0x%02x", c);
            else
                CHECK(back[c] == (v == 0 ? 0 : c), "round trip 0x%02x -> 0x%02x", c, back[c]);
        }
    }
    CHECK(mxcts_ocp_to_fnuz(MXCTS_E4M3FNUZ, all, 1, to, NULL) == MXCTS_ERR_FORMAT, "wrong format");
    CHECK(mxcts_fnuz_to_ocp(MXCTS_E4M3, all, 1, MXCTS_OVERFLOW_SAT, to, NULL) == MXCTS_ERR_FORMAT, "wrong format");
    CHECK(mxcts_fnuz_to_ocp(MXCTS_E4M3FNUZ, all, 1, MXCTS_OVERFLOW_COUNT, to, NULL) == MXCTS_ERR_MODE, "bad mode");
    CHECK(mxcts_ocp_to_fnuz(MXCTS_E4M3, NULL, 1, to, NULL) == MXCTS_ERR_NULL, "NULL");
    CHECK(MXCTS_FNUZ_SCALE_LOG2 == 1, "scale log2");
    return tu_finish("test_profiles_fnuz", checks);
}
