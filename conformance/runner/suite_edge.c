/* Suite `edge`: the special-value catalogue (mx-semantics section 5), one
 * named case per item, so a failure says which classic bug it is. Expected
 * values always come from the reference under the claimed profile (a
 * profile that pins a different answer, e.g. hip_sw, is judged by its own
 * rules); the description states the OCP answer. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers" /* the edge table leaves f1 out where unused */
#include "mxcts/format.h"
#include "mxcts/mxblock.h"

enum { E_ENC = 0, E_DEC, E_QUANT, E_DEQ, E_GEMM, E_REENC };
enum { SAT = 0, NONSAT = 1, BOTH = 2 };

typedef struct edge {
    const char *id;   /* case id suffix */
    const char *ref;  /* catalogue item */
    const char *desc; /* what must hold (OCP) */
    int kind, fmt, ovf, mode; /* mode: rounding (encode) / scale mode (quantise) */
    int n;
    uint32_t v[8];    /* encode: f32 inputs; decode/reencode: codes; quantise: v[0..n) then fill v[7] */
    int f1;           /* reencode target / gemm B format / dequantise code */
} edge;

#define F(x) 0x##x##u
static const edge edges[] = {
    /* 5.1 element conversions */
    {"e4m3.464-tie", "5.1#1", "e4m3 464.0 is a tie that rounds to even 448 (0x7e), in both overflow modes", E_ENC, MXCTS_E4M3, BOTH, 0, 1, {F(43e80000)}},
    {"e4m3.464-plus-ulp", "5.1#2", "e4m3 464.00003 overflows: sat 0x7e, nonsat NaN 0x7f", E_ENC, MXCTS_E4M3, BOTH, 0, 1, {F(43e80001)}},
    {"e4m3.449-rounds-to-448", "5.1#3", "e4m3 449 rounds to 448 before any overflow test (nonsat gives 0x7e, not NaN)", E_ENC, MXCTS_E4M3, BOTH, 0, 2, {F(43e08000), F(43e40000)}},
    {"e4m3.inf", "5.1#4-5", "e4m3 +-Inf: sat gives +-448 (0x7e/0xfe, OFP8 Table 3), nonsat NaN", E_ENC, MXCTS_E4M3, BOTH, 0, 2, {F(7f800000), F(ff800000)}},
    {"e4m3.nan-sign", "5.1#6", "e4m3/e5m2 -NaN gives a NaN (either sign)", E_ENC, MXCTS_E4M3, BOTH, 0, 2, {F(ffc00000), F(7fc00000)}},
    {"e5m2.nan", "5.1#6-7", "e5m2 +-NaN gives a NaN (0x7d/0x7e/0x7f all valid)", E_ENC, MXCTS_E5M2, BOTH, 0, 2, {F(7fc00000), F(ffc00000)}},
    {"e5m2.61440", "5.1#8", "e5m2 61440 overflows: sat 0x7b, nonsat Inf 0x7c", E_ENC, MXCTS_E5M2, BOTH, 0, 1, {F(47700000)}},
    {"e5m2.57344-plus", "5.1#9", "e5m2 57344.004 and 61439.996 round to 57344 (0x7b), nonsat included", E_ENC, MXCTS_E5M2, BOTH, 0, 2, {F(47600001), F(476fffff)}},
    {"e5m2.inf-sat", "5.1#10", "e5m2 +-Inf under sat gives +-57344 (0x7b/0xfb)", E_ENC, MXCTS_E5M2, SAT, 0, 2, {F(7f800000), F(ff800000)}},
    {"e4m3.underflow-tie", "5.1#11", "e4m3 2^-10 is a tie to even 0 (0x00); 1.5*2^-10 gives 0x01", E_ENC, MXCTS_E4M3, SAT, 0, 2, {F(3a800000), F(3ac00000)}},
    {"e4m3.neg-zero", "5.1#12", "e4m3 -0.0 and -1e-10 give -0 (0x80)", E_ENC, MXCTS_E4M3, SAT, 0, 2, {F(80000000), F(aedbe6ff)}},
    {"e4m3fnuz.neg-zero", "5.1#13", "FNUZ -0: e4m3fnuz -0.0, -1e-10, -2^-12 give +0 0x00 (0x80 is FNUZ NaN)", E_ENC, MXCTS_E4M3FNUZ, BOTH, 0, 3, {F(80000000), F(aedbe6ff), F(b9800000)}},
    {"e5m2fnuz.neg-zero", "5.1#13", "FNUZ -0: e5m2fnuz -0.0 and -1e-10 give +0 0x00 (0x80 is FNUZ NaN)", E_ENC, MXCTS_E5M2FNUZ, BOTH, 0, 2, {F(80000000), F(aedbe6ff)}},
    {"e4m3fnuz.240.5", "5.1#14", "e4m3fnuz 240.5 rounds to 240 (0x7f) before the overflow test", E_ENC, MXCTS_E4M3FNUZ, BOTH, 0, 1, {F(43708000)}},
    {"e4m3fnuz.248", "5.1#15", "e4m3fnuz 248 overflows: sat 0x7f, nonsat NaN 0x80", E_ENC, MXCTS_E4M3FNUZ, BOTH, 0, 1, {F(43780000)}},
    {"e4m3fnuz.specials", "5.1#16", "e4m3fnuz +-Inf and NaN (NaN -> 0x80)", E_ENC, MXCTS_E4M3FNUZ, BOTH, 0, 3, {F(7f800000), F(ff800000), F(7fc00000)}},
    {"e5m2fnuz.61440", "5.1#17", "e5m2fnuz 61440 overflows: sat 0x7f, nonsat 0x80", E_ENC, MXCTS_E5M2FNUZ, BOTH, 0, 1, {F(47700000)}},
    {"e2m1.ties-to-even", "5.1#18", "e2m1 ties 0.25, 1.25, 2.5, 5.0 go to even (0x0, 0x2, 0x4, 0x6), not half-away", E_ENC, MXCTS_E2M1, SAT, 0, 4, {F(3e800000), F(3fa00000), F(40200000), F(40a00000)}},
    {"e2m1.ties-up", "5.1#19", "e2m1 ties 0.75, 1.75, 3.5 go up to the even neighbour (0x2, 0x4, 0x6)", E_ENC, MXCTS_E2M1, SAT, 0, 3, {F(3f400000), F(3fe00000), F(40600000)}},
    {"e2m1.saturate", "5.1#20", "e2m1 7.0, 7.5 and 6.99 saturate to 6 (0x7)", E_ENC, MXCTS_E2M1, BOTH, 0, 3, {F(40e00000), F(40f00000), F(40dfae14)}},
    {"e2m1.nan", "5.1#21", "e2m1 NaN: implementation-defined under ocp (pinned by other profiles)", E_ENC, MXCTS_E2M1, SAT, 0, 2, {F(7fc00000), F(ffc00000)}},
    {"e2m3.values", "5.1#22", "e2m3 7.75 -> 0x1f, 0.0625 -> 0x00 (tie to even), 0.1875 -> 0x02", E_ENC, MXCTS_E2M3, SAT, 0, 3, {F(40f80000), F(3d800000), F(3e400000)}},
    {"e3m2.values", "5.1#23", "e3m2 30 -> 0x1f, 0.03125 -> 0x00 (tie to even), 0.0625 -> 0x01", E_ENC, MXCTS_E3M2, SAT, 0, 3, {F(41f00000), F(3d000000), F(3d800000)}},
    {"fp6-fp4.neg-zero", "5.1#24", "FP6/FP4 keep -0: e2m1 -0.0 -> 0x8", E_ENC, MXCTS_E2M1, SAT, 0, 1, {F(80000000)}},
    {"e2m3.neg-zero", "5.1#24", "FP6 keeps -0: e2m3 -0.0 -> 0x20", E_ENC, MXCTS_E2M3, SAT, 0, 1, {F(80000000)}},
    {"e4m3.tie-1.0625", "ties", "e4m3 1.0625 and 1.3125 are ties that go to even (0x38, 0x3a), not away from zero", E_ENC, MXCTS_E4M3, SAT, 0, 4, {F(3f880000), F(3fa80000), F(bf880000), F(bfa80000)}},
    {"e5m2.tie-1.125", "ties", "e5m2 1.125 is a tie that goes to even 1.0 (0x3c), not away", E_ENC, MXCTS_E5M2, SAT, 0, 2, {F(3f900000), F(bf900000)}},
    /* 5.2 E8M0 decoding (encoding is judged through quantise) */
    {"e8m0.decode-0x00", "5.2#32", "e8m0 decode 0x00 = 2^-127 (f32 subnormal 0x00400000), not 0", E_DEC, MXCTS_E8M0, 0, 0, 1, {0x00}},
    {"e8m0.decode-0xff", "5.2#33", "e8m0 decode 0xff = NaN, not Inf", E_DEC, MXCTS_E8M0, 0, 0, 1, {0xff}},
    {"e8m0.decode-extremes", "5.2#34", "e8m0 decode 0xfe = 2^127, 0x7f = 1, 0x01 = 2^-126", E_DEC, MXCTS_E8M0, 0, 0, 3, {0xfe, 0x7f, 0x01}},
    {"e4m3fnuz.decode-0x80", "fnuz", "FNUZ 0x80 decodes as NaN, never -0 (triton#10745)", E_DEC, MXCTS_E4M3FNUZ, 0, 0, 1, {0x80}},
    {"e5m2fnuz.decode-0x80", "fnuz", "FNUZ 0x80 decodes as NaN, never -0", E_DEC, MXCTS_E5M2FNUZ, 0, 0, 1, {0x80}},
    {"e4m3.decode-nan", "1.3", "e4m3 0x7f/0xff decode as NaN, not +-480 (mlx#4164)", E_DEC, MXCTS_E4M3, 0, 0, 2, {0x7f, 0xff}},
    {"e5m2.decode-specials", "1.3", "e5m2 0x7c/0xfc are +-Inf, 0x7d..0x7f NaN", E_DEC, MXCTS_E5M2, 0, 0, 5, {0x7c, 0xfc, 0x7d, 0x7e, 0x7f}},
    /* 5.3 MX block quantisation: v[0..n) then the rest = v[7] */
    {"e4m3.zero-block", "5.3#35", "all-zero block: scale 0x00 (2^-127), elements 0", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_FLOOR, 1, {F(00000000), 0, 0, 0, 0, 0, 0, F(00000000)}},
    {"int8.zero-block", "5.3#35", "MXINT8 all-zero block: scale 0x00 (not 0x01)", E_QUANT, MXCTS_INT8, 0, MXCTS_SCALE_FLOOR, 1, {F(00000000), 0, 0, 0, 0, 0, 0, F(00000000)}},
    {"e4m3.amax-448", "5.3#36", "e4m3 amax 448 (floor): scale 0x7f, element 0x7e", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_FLOOR, 1, {F(43e00000), 0, 0, 0, 0, 0, 0, F(3f800000)}},
    {"e4m3.amax-448-ceil", "5.3#36", "e4m3 amax 448 (ceil): scale 0x80, element 0x76", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_CEIL, 1, {F(43e00000), 0, 0, 0, 0, 0, 0, F(3f800000)}},
    {"e4m3.amax-480", "5.3#37", "e4m3 amax 480: floor saturates to 448 (0x7f, 0x7e); rceil 0x80, 0x77", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_FLOOR, 1, {F(43f00000), 0, 0, 0, 0, 0, 0, F(3f800000)}},
    {"e4m3.amax-480-rceil", "5.3#37", "e4m3 amax 480 (rceil): scale 0x80, element 0x77 (240)", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_RCEIL, 1, {F(43f00000), 0, 0, 0, 0, 0, 0, F(3f800000)}},
    {"e4m3.amax-511.99997", "5.3#38", "e4m3 amax 0x43ffffff (floor): scale 0x7f, saturated 0x7e (no premature bf16 rounding)", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_FLOOR, 1, {F(43ffffff), 0, 0, 0, 0, 0, 0, F(3f800000)}},
    {"e4m3.rceil-3.5-ulp", "5.3#39", "e4m3 rceil amax 0x40600001: scale 0x79, element 0x76 (no bf16 shortcut)", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_RCEIL, 1, {F(40600001), 0, 0, 0, 0, 0, 0, F(3f800000)}},
    {"e4m3.957-is-896", "5.3#40", "e4m3 floor block [960, 957]: scale 0x80, 957 -> 478.5 saturates to 448 (dequant 896)", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_FLOOR, 2, {F(44700000), F(446f4000), 0, 0, 0, 0, 0, F(3f800000)}},
    {"e4m3.flt-max", "5.3#41", "e4m3 block with FLT_MAX and 1.0 (floor): scale 0xf6, max 0x7e, others 0", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_FLOOR, 1, {F(7f7fffff), 0, 0, 0, 0, 0, 0, F(3f800000)}},
    {"e4m3.one-nan", "5.3#42", "block with one NaN: scale 0xff (whole block NaN) under the spec policy", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_FLOOR, 1, {F(7fc00000), 0, 0, 0, 0, 0, 0, F(3f800000)}},
    {"e4m3.one-inf", "5.3#43", "block with one +Inf, rest 1.0: scale 0xff under the spec policy", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_FLOOR, 1, {F(7f800000), 0, 0, 0, 0, 0, 0, F(3f800000)}},
    {"e2m1.amax-7", "5.3#44", "e2m1 amax 7 (floor): scale 2^0, 7 -> tie -> 8 -> saturates to 6 (0x7)", E_QUANT, MXCTS_E2M1, 0, MXCTS_SCALE_FLOOR, 1, {F(40e00000), 0, 0, 0, 0, 0, 0, F(3f800000)}},
    {"e2m1.amax-5", "5.3#45", "e2m1 amax 5 (floor): scale 1, 5 is a tie -> 4 (0x6)", E_QUANT, MXCTS_E2M1, 0, MXCTS_SCALE_FLOOR, 1, {F(40a00000), 0, 0, 0, 0, 0, 0, F(3f800000)}},
    {"e4m3.rceil-min-normal", "5.3#46", "e4m3 rceil amax 2^-126: scale 0x00, element 0x40 (2.0)", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_RCEIL, 1, {F(00800000), 0, 0, 0, 0, 0, 0, F(00000000)}},
    {"e4m3.element-tie", "5.3#47", "e4m3 block [448, 1.0625] scale 1: 1.0625 is a tie -> 0x38 (RNE), not 0x39 (half-away)", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_FLOOR, 2, {F(43e00000), F(3f880000), 0, 0, 0, 0, 0, F(3f880000)}},
    {"e2m1.element-ties", "5.3#47", "e2m1 block [6, 0.25, 1.25, 2.5, 5]: element ties go to even", E_QUANT, MXCTS_E2M1, 0, MXCTS_SCALE_FLOOR, 5, {F(40c00000), F(3e800000), F(3fa00000), F(40200000), F(40a00000), 0, 0, F(3fa00000)}},
    {"e4m3.subnormal-block", "5.3#48", "block of f32 2^-149: scale 0x00, elements 0x00", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_FLOOR, 1, {F(00000001), 0, 0, 0, 0, 0, 0, F(00000001)}},
    {"e4m3.neg-underflow", "5.3#49", "[1.0, -2^-149, ...]: scale 0x77, -2^-149 -> -0 (0x80)", E_QUANT, MXCTS_E4M3, 0, MXCTS_SCALE_FLOOR, 2, {F(3f800000), F(80000001), 0, 0, 0, 0, 0, F(80000001)}},
    {"int8.minus-1.995", "5.1#25", "MXINT8 block [-1.995, 0.5...]: -1.995 rounds to -2.0 (0x80) with int8 min -128", E_QUANT, MXCTS_INT8, 0, MXCTS_SCALE_FLOOR, 1, {F(bfff5c29), 0, 0, 0, 0, 0, 0, F(3f000000)}},
    /* 5.4 dequantise: scale v[0], element code f1 in slot 0, rest 0x38-ish (v[1]) */
    {"e4m3.dequant-0xfe-448", "5.4#50", "dequantise scale 0xfe x 448 to f32 overflows to +Inf", E_DEQ, MXCTS_E4M3, 0, 0, 1, {0xfe, 0x38}, 0x7e},
    {"e4m3.dequant-0x00-min", "5.4#51", "dequantise scale 0x00 x e4m3 0x01 = 2^-136 exactly (f32 subnormal)", E_DEQ, MXCTS_E4M3, 0, 0, 1, {0x00, 0x38}, 0x01},
    {"e4m3.dequant-0x00-one", "5.2#32", "dequantise scale 0x00 x 1.0 = 2^-127, not 0", E_DEQ, MXCTS_E4M3, 0, 0, 1, {0x00, 0x38}, 0x38},
    {"e2m1.dequant-0xff", "3.5", "dequantise scale 0xff: the whole block is NaN", E_DEQ, MXCTS_E2M1, 0, 0, 1, {0xff, 0x2}, 0x2},
    /* GEMM specials: v[0] = scale A, v[1] = scale B, v[2]: 0 = all ones, 1 = +-1 pairs summing to 0 */
    {"gemm.scale-nan", "5.4#52", "GEMM with a scale 0xff gives NaN", E_GEMM, MXCTS_E4M3, 0, 0, 1, {0xff, 0x7f, 0}, MXCTS_E4M3},
    {"gemm.max-scales-zero-sum", "5.4#53", "GEMM with scales 0xfe x 0xfe and a block sum of 0 gives exactly 0 (not 0*Inf = NaN)", E_GEMM, MXCTS_E4M3, 0, 0, 1, {0xfe, 0xfe, 1}, MXCTS_E4M3},
    {"gemm.scale-extremes", "5.4", "GEMM with scales 0x00 x 0xfe (2^-127 * 2^127 = 1): exact 32", E_GEMM, MXCTS_E2M1, 0, 0, 1, {0x00, 0xfe, 0}, MXCTS_E2M1},
    /* OCP -> FNUZ */
    {"ocp-to-fnuz.neg-zero-nan", "2 (DESIGN)", "OCP e4m3 -0 (0x80) -> FNUZ 0x00 (never 0x80 = NaN); OCP NaN -> 0x80", E_REENC, MXCTS_E4M3, 0, 0, 4, {0x80, 0x7f, 0xff, 0x00}, MXCTS_E4M3FNUZ},
    {"ocp-to-fnuz.e5m2-inf", "2 (DESIGN)", "OCP e5m2 -0 -> 0x00, Inf and NaN -> 0x80", E_REENC, MXCTS_E5M2, 0, 0, 4, {0x80, 0x7c, 0xfc, 0x7e}, MXCTS_E5M2FNUZ},
    {"fnuz-to-ocp.nan", "2 (DESIGN)", "FNUZ 0x80 (NaN) -> OCP NaN; e4m3fnuz 240 -> OCP 448 (saturated)", E_REENC, MXCTS_E4M3FNUZ, 0, 0, 3, {0x80, 0x7f, 0x00}, MXCTS_E4M3},
};
#undef F

static void run_edge(rn_ctx *c, const rn_case *k, rn_result *r)
{
    const edge *e = k->data;
    switch (e->kind) {
    case E_ENC:
        chk_encode(c, r, e->fmt, e->mode, k->p1, e->v, (size_t)e->n);
        if (r->status == RN_PASS && r->checked == 0) {
            r->status = RN_NOT_SUPPORTED;
            snprintf(r->reason, sizeof r->reason,
                     "nothing to check: implementation-defined under profile %s (OCP MX leaves NaN -> FP6/FP4/INT8 open)",
                     c->prof->name);
        }
        break;
    case E_DEC: {
        uint8_t codes[8];
        for (int i = 0; i < e->n && i < 8; i++)
            codes[i] = (uint8_t)e->v[i];
        chk_decode(c, r, e->fmt, codes, (size_t)e->n);
        break;
    }
    case E_QUANT: {
        uint32_t blk[32];
        for (int i = 0; i < 32; i++)
            blk[i] = i < e->n ? e->v[i] : e->v[7];
        chk_quantize(c, r, e->fmt, e->mode, blk, 1, 32);
        break;
    }
    case E_DEQ: {
        uint8_t codes[32], scale = (uint8_t)e->v[0];
        for (int i = 0; i < 32; i++)
            codes[i] = i == 0 ? (uint8_t)e->f1 : (uint8_t)e->v[1];
        chk_dequantize(c, r, e->fmt, codes, &scale, 1, 32);
        break;
    }
    case E_GEMM: {
        uint8_t a[32], b[32], as = (uint8_t)e->v[0], bs = (uint8_t)e->v[1];
        uint8_t one = e->fmt == MXCTS_E2M1 ? 0x2 : 0x38, neg = e->fmt == MXCTS_E2M1 ? 0xa : 0xb8;
        for (int i = 0; i < 32; i++) {
            a[i] = (e->v[2] == 1 && (i & 1)) ? neg : one;
            b[i] = one;
        }
        chk_gemm(c, r, e->fmt, e->f1, 1, 1, 32, a, &as, b, &bs, 1);
        break;
    }
    default: {
        uint8_t codes[8];
        for (int i = 0; i < e->n && i < 8; i++)
            codes[i] = (uint8_t)e->v[i];
        chk_reencode(c, r, e->fmt, e->f1, codes, (size_t)e->n);
        break;
    }
    }
}

void suite_edge_cases(rn_list *l, rn_level lv)
{
    (void)lv; /* the catalogue is small: every level runs all of it */
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) {
        const edge *e = &edges[i];
        int novf = e->kind == E_ENC && e->ovf == BOTH ? 2 : 1;
        for (int o = 0; o < novf; o++) {
            int ovf = e->kind != E_ENC ? 0 : e->ovf == BOTH ? o : e->ovf;
            const char *fn = mxcts_format_get((mxcts_format)e->fmt)->name;
            rn_case *k = e->kind == E_ENC
                             ? rn_add(l, RN_EDGE, "edge.%s.%s", e->id, ovf ? "nonsat" : "sat")
                             : rn_add(l, RN_EDGE, "edge.%s", e->id);
            snprintf(k->desc, sizeof k->desc, "[%s] %s", e->ref, e->desc);
            snprintf(k->fmt, sizeof k->fmt, "%s", fn);
            k->run = run_edge;
            k->data = e;
            k->p1 = ovf;
        }
    }
}
