/* Every row of the mx-semantics edge-case catalogue section 5.3 (rows 35-49,
 * MX block quantisation, k = 32, f32 in unless noted) and section 5.4 rows
 * 50-51 (dequantisation), with the expected bytes typed in from that table;
 * plus the section 3.4 special blocks and row 25 (MXINT8 -2.0). Unlisted block
 * values are +0.0. */
#include "test_block_util.h"

enum { NAN_IGN = 1, INF_MAXS = 2, INF_IGN = 4, HALF_AWAY = 8, HALF_UP = 16, I8_127 = 32, INF_KEEP = 64 };

typedef struct {
    int row;
    mxcts_format elem;
    mxcts_scale_mode mode;
    int knobs;
    int n;
    uint32_t vals[4];
    uint8_t scale;
    int ncheck;          /* element checks: (index, code); index 31 = an unlisted +0.0 */
    int idx[4];
    uint8_t code[4];
} qcase;

#define F(...) {__VA_ARGS__}
static const qcase cases[] = {
    /* 36. amax = 448 (E4M3): FLOOR/RCEIL/EVEN -> X 0x7F, P 0x7E; CEIL -> X 0x80, P 0x76 (224) */
    {36, MXCTS_E4M3, MXCTS_SCALE_FLOOR, 0, 1, F(0x43E00000), 0x7F, 2, F(0, 31), F(0x7E, 0x00)},
    {36, MXCTS_E4M3, MXCTS_SCALE_RCEIL, 0, 1, F(0x43E00000), 0x7F, 1, F(0), F(0x7E)},
    {36, MXCTS_E4M3, MXCTS_SCALE_EVEN, 0, 1, F(0x43E00000), 0x7F, 1, F(0), F(0x7E)},
    {36, MXCTS_E4M3, MXCTS_SCALE_CEIL, 0, 1, F(0x43E00000), 0x80, 1, F(0), F(0x76)},
    /* 37. amax = 480: FLOOR -> 0x7F / 0x7E (saturated 448); RCEIL -> 0x80 / 0x77 (240) */
    {37, MXCTS_E4M3, MXCTS_SCALE_FLOOR, 0, 1, F(0x43F00000), 0x7F, 1, F(0), F(0x7E)},
    {37, MXCTS_E4M3, MXCTS_SCALE_RCEIL, 0, 1, F(0x43F00000), 0x80, 1, F(0), F(0x77)},
    /* 38. amax = 0x43FFFFFF (511.99997): FLOOR -> 0x7F / 0x7E (saturated) */
    {38, MXCTS_E4M3, MXCTS_SCALE_FLOOR, 0, 1, F(0x43FFFFFF), 0x7F, 1, F(0), F(0x7E)},
    /* 39. amax = 0x40600001 (3.5 + ulp), RCEIL -> X 121 (0x79), P 0x76 (224) */
    {39, MXCTS_E4M3, MXCTS_SCALE_RCEIL, 0, 1, F(0x40600001), 0x79, 1, F(0), F(0x76)},
    /* 40. amax 960, block contains 957: FLOOR -> X 0x80, 957 -> 478.5 -> sat 0x7E;
     *     RCEIL -> X 0x81, 957/4 = 239.25 -> 240 (0x77); 960/4 = 240 (0x77) */
    {40, MXCTS_E4M3, MXCTS_SCALE_FLOOR, 0, 2, F(0x44700000, 0x446F4000), 0x80, 2, F(0, 1), F(0x7E, 0x7E)},
    {40, MXCTS_E4M3, MXCTS_SCALE_RCEIL, 0, 2, F(0x44700000, 0x446F4000), 0x81, 2, F(0, 1), F(0x77, 0x77)},
    /* 41. amax FLT_MAX, others 1.0: FLOOR -> 0xF6, max 0x7E, others 0x00; RCEIL -> 0xF7, max 0x78 */
    {41, MXCTS_E4M3, MXCTS_SCALE_FLOOR, 0, 3, F(0x7F7FFFFF, 0x3F800000, 0x3F800000), 0xF6, 2, F(0, 1), F(0x7E, 0x00)},
    {41, MXCTS_E4M3, MXCTS_SCALE_RCEIL, 0, 3, F(0x7F7FFFFF, 0x3F800000, 0x3F800000), 0xF7, 2, F(0, 1), F(0x78, 0x00)},
    /* 42. one NaN: spec -> X 0xFF | fmaxf kernels (ignore) -> X from peers, NaN element 0x7F */
    {42, MXCTS_E4M3, MXCTS_SCALE_FLOOR, 0, 2, F(0x3F800000, 0x7FC00000), 0xFF, 0, F(0), F(0)},
    {42, MXCTS_E4M3, MXCTS_SCALE_FLOOR, NAN_IGN, 2, F(0x3F800000, 0x7FC00000), 0x77, 2, F(0, 1), F(0x78, 0x7F)},
    /* (ignore, RCEIL: 1.0 * fl32(1/448) = 2^-8.8 -> round up 2^-8 -> 0x77; 1.0 -> 256 = 0x78) */
    {42, MXCTS_E4M3, MXCTS_SCALE_RCEIL, NAN_IGN, 2, F(0x3F800000, 0x7FC00000), 0x77, 2, F(0, 1), F(0x78, 0x7F)},
    /* 43. one +Inf, rest 1.0: spec -> 0xFF | TE -> X 0xFE, Inf -> 0x7E (satfinite), peers 0 */
    {43, MXCTS_E4M3, MXCTS_SCALE_FLOOR, 0, 3, F(0x7F800000, 0x3F800000, 0x3F800000), 0xFF, 0, F(0), F(0)},
    {43, MXCTS_E4M3, MXCTS_SCALE_RCEIL, INF_MAXS, 3, F(0x7F800000, 0x3F800000, 0x3F800000), 0xFE, 2, F(0, 1), F(0x7E, 0x00)},
    /* 44. FP4 amax 7: FLOOR X 2^0, 7 -> tie -> 8 -> sat 0x7; EVEN/RCEIL X 2^1, 3.5 -> 4 (0x6) */
    {44, MXCTS_E2M1, MXCTS_SCALE_FLOOR, 0, 1, F(0x40E00000), 0x7F, 1, F(0), F(0x7)},
    {44, MXCTS_E2M1, MXCTS_SCALE_EVEN, 0, 1, F(0x40E00000), 0x80, 1, F(0), F(0x6)},
    {44, MXCTS_E2M1, MXCTS_SCALE_RCEIL, 0, 1, F(0x40E00000), 0x80, 1, F(0), F(0x6)},
    /* 45. FP4 amax 5: FLOOR/RCEIL X 1, 5 -> tie -> 4 (0x6); tk ROUND_DOWN X 0.5, 10 -> sat 0x7 */
    {45, MXCTS_E2M1, MXCTS_SCALE_FLOOR, 0, 1, F(0x40A00000), 0x7F, 1, F(0), F(0x6)},
    {45, MXCTS_E2M1, MXCTS_SCALE_RCEIL, 0, 1, F(0x40A00000), 0x7F, 1, F(0), F(0x6)},
    {45, MXCTS_E2M1, MXCTS_SCALE_TK_ROUND_DOWN, 0, 1, F(0x40A00000), 0x7E, 1, F(0), F(0x7)},
    /* 46. E4M3 RCEIL amax 2^-126 -> X 0x00, P 0x40 (2.0); tk ROUND_UP -> X 0x01, P 0x38 (1.0) */
    {46, MXCTS_E4M3, MXCTS_SCALE_RCEIL, 0, 1, F(0x00800000), 0x00, 1, F(0), F(0x40)},
    {46, MXCTS_E4M3, MXCTS_SCALE_TK_ROUND_UP, 0, 1, F(0x00800000), 0x01, 1, F(0), F(0x38)},
    /* 47. [448, 1.0625], X = 1: 1.0625 -> 0x38 (RNE) | microxcaling nearest (half-away) -> 0x39 */
    {47, MXCTS_E4M3, MXCTS_SCALE_FLOOR, 0, 2, F(0x43E00000, 0x3F880000), 0x7F, 2, F(0, 1), F(0x7E, 0x38)},
    {47, MXCTS_E4M3, MXCTS_SCALE_FLOOR, HALF_AWAY, 2, F(0x43E00000, 0x3F880000), 0x7F, 1, F(1), F(0x39)},
    /* 49. [1.0, -2^-149, ...] -> X 0x77, 1.0 -> 0x78, -2^-149 -> 0x80 (signed zero kept) */
    {49, MXCTS_E4M3, MXCTS_SCALE_FLOOR, 0, 2, F(0x3F800000, 0x80000001), 0x77, 3, F(0, 1, 31), F(0x78, 0x80, 0x00)},
    /* 25 (5.1). MXINT8 V/X = -1.995: RNE + clamp -128 -> 0x80 | microxcaling (-127) -> 0x81 */
    {25, MXCTS_INT8, MXCTS_SCALE_FLOOR, 0, 2, F(0xBFFF5C29, 0x3FFF5C29), 0x7F, 2, F(0, 1), F(0x80, 0x7F)},
    {25, MXCTS_INT8, MXCTS_SCALE_FLOOR, I8_127, 2, F(0xBFFF5C29, 0x3FFF5C29), 0x7F, 2, F(0, 1), F(0x81, 0x7F)},
    /* 3.4: all NaN -> spec 0xFF | TE (fmaxf drops NaN; amax 0) -> X 0x00, elements 0x7F */
    {34, MXCTS_E4M3, MXCTS_SCALE_RCEIL, NAN_IGN, 2, F(0x7FC00000, 0xFFC00000), 0x00, 2, F(0, 1), F(0x7F, 0x7F)},
    /* 3.4: one +Inf with TE's X = 0xFE but Inf not clamped (MX paper): E5M2 keeps +Inf 0x7C */
    {34, MXCTS_E5M2, MXCTS_SCALE_RCEIL, INF_MAXS | INF_KEEP, 2, F(0x7F800000, 0xFF800000), 0xFE, 2, F(0, 1), F(0x7C, 0xFC)},
    /* Inf ignored: scale from the finite peers (1.0 -> E4M3 FLOOR 0x77), Inf saturates to 0x7E */
    {34, MXCTS_E4M3, MXCTS_SCALE_FLOOR, INF_IGN, 2, F(0x7F800000, 0x3F800000), 0x77, 2, F(0, 1), F(0x7E, 0x78)},
    /* 3.4: amax FLT_MAX, TOSA -> ceil(log2(FLT_MAX/464)) = 120 -> 0xF7, max -> 256 (0x78) */
    {34, MXCTS_E4M3, MXCTS_SCALE_TOSA, 0, 2, F(0x7F7FFFFF, 0x3F800000), 0xF7, 2, F(0, 1), F(0x78, 0x00)},
    {34, MXCTS_E4M3, MXCTS_SCALE_TK_ROUND_UP, 0, 2, F(0x7F7FFFFF, 0x3F800000), 0xF7, 1, F(0), F(0x78)},
    /* the 2^-127 extreme (hand-derived): f32 subnormals 5, 3, 1 x 2^-137, X = 0x00: V/X = 5, 3, 1 x 2^-10
     * = 2.5, 1.5, 0.5 E4M3 subnormal ulps (2^-9): ties to even -> 0x02, 0x02, 0x00 */
    {1, MXCTS_E4M3, MXCTS_SCALE_FLOOR, 0, 3, F(0x00005000, 0x00003000, 0x00001000), 0x00, 3, F(0, 1, 2), F(0x02, 0x02, 0x00)},
    /* the 2^127 extreme: TE policy X = 0xFE; FLT_MAX / 2^127 = 2 - 2^-23 -> 2.0 (E4M3 0x40, E2M1 0x4) */
    {1, MXCTS_E4M3, MXCTS_SCALE_RCEIL, INF_MAXS, 2, F(0x7F800000, 0x7F7FFFFF), 0xFE, 2, F(0, 1), F(0x7E, 0x40)},
    {1, MXCTS_E2M1, MXCTS_SCALE_RCEIL, INF_MAXS, 2, F(0xFF800000, 0xFF7FFFFF), 0xFE, 2, F(0, 1), F(0xF, 0xC)},
};

static mxcts_block_config cfg_of(const qcase *q)
{
    mxcts_block_config c = tb_cfg(q->mode);
    if (q->knobs & NAN_IGN) c.nan_policy = MXCTS_BLOCK_NAN_IGNORE;
    if (q->knobs & INF_MAXS) c.inf_policy = MXCTS_BLOCK_INF_MAX_SCALE;
    if (q->knobs & INF_IGN) c.inf_policy = MXCTS_BLOCK_INF_IGNORE;
    if (q->knobs & INF_KEEP) c.inf_elem = MXCTS_BLOCK_INF_ELEM_KEEP;
    if (q->knobs & HALF_AWAY) c.round = MXCTS_ELEM_HALF_AWAY;
    if (q->knobs & HALF_UP) c.round = MXCTS_ELEM_HALF_UP;
    if (q->knobs & I8_127) c.int8_min = -127;
    return c;
}

static void run_table(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const qcase *q = &cases[i];
        mxcts_block_config c = cfg_of(q);
        uint8_t x = 0xAA, p[32];
        int st = tb_quant32(q->elem, &c, q->vals, q->n, &x, p);
        char what[96];
        snprintf(what, sizeof what, "row %d case %zu (%s) status", q->row, i, mxcts_scale_mode_name(q->mode));
        TB_EQ(st, MXCTS_OK, what);
        snprintf(what, sizeof what, "row %d case %zu (%s) scale", q->row, i, mxcts_scale_mode_name(q->mode));
        TB_EQ(x, q->scale, what);
        for (int j = 0; j < q->ncheck; j++) {
            snprintf(what, sizeof what, "row %d case %zu (%s) element %d", q->row, i,
                     mxcts_scale_mode_name(q->mode), q->idx[j]);
            TB_EQ(p[q->idx[j]], q->code[j], what);
        }
    }
}

/* 35. all-zero block, any element type -> X 0x00, P 0x00 (microxcaling MXINT8
 * differs: X 0x01). Section 3.4: -0 keeps its sign per element. */
static void row35(void)
{
    static const mxcts_format elems[] = {MXCTS_E4M3, MXCTS_E5M2, MXCTS_E2M3, MXCTS_E3M2, MXCTS_E2M1, MXCTS_INT8};
    static const uint8_t negzero[] = {0x80, 0x80, 0x20, 0x20, 0x08, 0x00};
    for (int m = 0; m < MXCTS_SCALE_MODE_COUNT; m++) {
        mxcts_block_config c = tb_cfg((mxcts_scale_mode)m);
        for (int e = 0; e < 6; e++) {
            uint32_t z[32] = {0}, nz[32];
            uint8_t x = 0xAA, p[32];
            mxcts_mx_quantize_block(elems[e], MXCTS_WIDE_F32, z, 32, &c, &x, p);
            TB_EQ(x, 0x00, "row 35 zero block scale");
            for (int j = 0; j < 32; j++)
                TB_EQ(p[j], 0x00, "row 35 zero block element");
            for (int j = 0; j < 32; j++)
                nz[j] = 0x80000000u;
            mxcts_mx_quantize_block(elems[e], MXCTS_WIDE_F32, nz, 32, &c, &x, p);
            TB_EQ(x, 0x00, "row 35 -0 block scale");
            TB_EQ(p[7], negzero[e], "row 35 -0 element keeps its sign");
        }
    }
}

/* 48. block of f32 2^-149 -> X 0x00, P 0x00 (2^-22 underflows);
 *     bf16 subnormal 2^-133 (0x0001) -> X 0x00, P 0x08 (2^-6). */
static void row48(void)
{
    mxcts_block_config c = tb_cfg(MXCTS_SCALE_FLOOR);
    uint32_t v[32];
    uint16_t h[32];
    uint8_t x, p[32];
    for (int j = 0; j < 32; j++)
        v[j] = 0x00000001u, h[j] = 0x0001;
    TB_EQ(mxcts_mx_quantize_block(MXCTS_E4M3, MXCTS_WIDE_F32, v, 32, &c, &x, p), MXCTS_OK, "row 48 status");
    TB_EQ(x, 0x00, "row 48 f32 subnormal scale");
    TB_EQ(p[0], 0x00, "row 48 f32 subnormal element");
    TB_EQ(p[31], 0x00, "row 48 f32 subnormal element 31");
    TB_EQ(mxcts_mx_quantize_block(MXCTS_E4M3, MXCTS_WIDE_BF16, h, 32, &c, &x, p), MXCTS_OK, "row 48 bf16 status");
    TB_EQ(x, 0x00, "row 48 bf16 subnormal scale");
    TB_EQ(p[0], 0x08, "row 48 bf16 subnormal element");
    TB_EQ(p[31], 0x08, "row 48 bf16 subnormal element 31");
}

/* Element rounding variants on exact ties (derived by hand: E4M3 ulp at 1 is
 * 1/8; INT8 ulp 1/64). */
static void rounding_ties(void)
{
    /* [448, -1.0625]: X 0x7F; -1.0625 is the tie between -1.0 (0xB8) and -1.125 (0xB9) */
    static const uint32_t v[] = {0x43E00000, 0xBF880000};
    static const struct { mxcts_elem_round r; uint8_t want; } t[] = {
        {MXCTS_ELEM_RNE, 0xB8}, {MXCTS_ELEM_HALF_AWAY, 0xB9}, {MXCTS_ELEM_HALF_UP, 0xB8}};
    for (int i = 0; i < 3; i++) {
        mxcts_block_config c = tb_cfg(MXCTS_SCALE_FLOOR);
        c.round = t[i].r;
        uint8_t x, p[32];
        tb_quant32(MXCTS_E4M3, &c, v, 2, &x, p);
        TB_EQ(x, 0x7F, "tie block scale");
        TB_EQ(p[1], t[i].want, "E4M3 -1.0625 tie");
    }
    /* INT8 [1.5, 2.5/64, -2.5/64, 1.5/64]: X 0x7F (floor(log2 1.5) - 0);
     * RNE 0x02 0xFE 0x02; half-away 0x03 0xFD 0x02; half-up 0x03 0xFE 0x02 */
    static const uint32_t w[] = {0x3FC00000, 0x3D200000, 0xBD200000, 0x3CC00000};
    static const uint8_t want[3][3] = {{0x02, 0xFE, 0x02}, {0x03, 0xFD, 0x02}, {0x03, 0xFE, 0x02}};
    for (int i = 0; i < 3; i++) {
        mxcts_block_config c = tb_cfg(MXCTS_SCALE_FLOOR);
        c.round = (mxcts_elem_round)i;
        uint8_t x, p[32];
        tb_quant32(MXCTS_INT8, &c, w, 4, &x, p);
        TB_EQ(x, 0x7F, "int8 tie block scale");
        TB_EQ(p[0], 0x60, "int8 1.5 -> 96");
        TB_EQ(p[1], want[i][0], "int8 +2.5/64 tie");
        TB_EQ(p[2], want[i][1], "int8 -2.5/64 tie");
        TB_EQ(p[3], want[i][2], "int8 +1.5/64 tie");
    }
}

/* f16 and bf16 inputs go through the same rules: f16 448 (0x5F00) -> X 0x7F,
 * 0x7E; f16 2^-24 (0x0001) alone -> s = -24 - 8 -> X 0x5F, element 2^8 = 0x78. */
static void half_inputs(void)
{
    mxcts_block_config c = tb_cfg(MXCTS_SCALE_FLOOR);
    uint16_t h[32] = {0x5F00, 0x3C00};
    uint8_t x, p[32];
    TB_EQ(mxcts_mx_quantize_block(MXCTS_E4M3, MXCTS_WIDE_F16, h, 32, &c, &x, p), MXCTS_OK, "f16 status");
    TB_EQ(x, 0x7F, "f16 448 scale");
    TB_EQ(p[0], 0x7E, "f16 448 element");
    TB_EQ(p[1], 0x38, "f16 1.0 element");
    uint16_t s[32] = {0x0001, 0x8001};
    mxcts_mx_quantize_block(MXCTS_E4M3, MXCTS_WIDE_F16, s, 32, &c, &x, p);
    TB_EQ(x, 0x5F, "f16 2^-24 scale");
    TB_EQ(p[0], 0x78, "f16 2^-24 element");
    TB_EQ(p[1], 0xF8, "f16 -2^-24 element");
    uint16_t b[32] = {0x43E0, 0x3F88}; /* bf16 448, 1.0625 */
    mxcts_mx_quantize_block(MXCTS_E4M3, MXCTS_WIDE_BF16, b, 32, &c, &x, p);
    TB_EQ(x, 0x7F, "bf16 448 scale");
    TB_EQ(p[0], 0x7E, "bf16 448 element");
    TB_EQ(p[1], 0x38, "bf16 1.0625 element");
}

/* 50-51 and row 40's dequantised value. */
static void dequant_rows(void)
{
    double v;
    uint64_t b;
    /* 50. X 0xFE, P 448 (0x7E) -> f32 +Inf; bf16 likewise */
    mxcts_mx_dequantize_one(MXCTS_E4M3, 0xFE, 0x7E, MXCTS_WIDE_F32, &v, &b);
    TB_EQ(b, 0x7F800000u, "row 50 f32");
    mxcts_mx_dequantize_one(MXCTS_E4M3, 0xFE, 0x7E, MXCTS_WIDE_BF16, &v, &b);
    TB_EQ(b, 0x7F80u, "row 50 bf16");
    mxcts_mx_dequantize_one(MXCTS_E4M3, 0xFE, 0xFE, MXCTS_WIDE_F16, &v, &b);
    TB_EQ(b, 0xFC00u, "row 50 f16 (negative)");
    TB_CHECK(v == -0x1.cp+135, "row 50 exact value -1.75*2^135");
    /* 51. X 0x00, P 0x01 -> bf16 0 (2^-136 < 2^-133); f32 2^-136 exactly (0x00002000) */
    mxcts_mx_dequantize_one(MXCTS_E4M3, 0x00, 0x01, MXCTS_WIDE_BF16, &v, &b);
    TB_EQ(b, 0x0000u, "row 51 bf16");
    mxcts_mx_dequantize_one(MXCTS_E4M3, 0x00, 0x01, MXCTS_WIDE_F32, &v, &b);
    TB_EQ(b, 0x00002000u, "row 51 f32");
    TB_CHECK(v == 0x1p-136, "row 51 exact value");
    mxcts_mx_dequantize_one(MXCTS_E4M3, 0x00, 0x81, MXCTS_WIDE_BF16, &v, &b);
    TB_EQ(b, 0x8000u, "row 51 bf16 negative -> -0");
    /* 44. EVEN/RCEIL: X 0x80 (2), E2M1 0x6 (4) -> 8; 45. tk ROUND_DOWN: X 0x7E, 0x7 -> 3 */
    mxcts_mx_dequantize_one(MXCTS_E2M1, 0x80, 0x6, MXCTS_WIDE_F32, &v, &b);
    TB_EQ(b, 0x41000000u, "row 44 dequant 8");
    mxcts_mx_dequantize_one(MXCTS_E2M1, 0x7E, 0x7, MXCTS_WIDE_F32, &v, &b);
    TB_EQ(b, 0x40400000u, "row 45 dequant 3");
    /* 40. X 0x80, P 0x7E -> 896 (0x44600000); RCEIL X 0x81, 0x77 -> 960 (0x44700000) */
    mxcts_mx_dequantize_one(MXCTS_E4M3, 0x81, 0x77, MXCTS_WIDE_F32, &v, &b);
    TB_EQ(b, 0x44700000u, "row 40 rceil dequant 960");
    mxcts_mx_dequantize_one(MXCTS_E4M3, 0x80, 0x7E, MXCTS_WIDE_F32, &v, &b);
    TB_EQ(b, 0x44600000u, "row 40 dequant 896");
    /* 3.5: X 0xFF -> NaN whatever the element; 2^-127 to f16 -> 0 */
    mxcts_mx_dequantize_one(MXCTS_E4M3, 0xFF, 0x00, MXCTS_WIDE_F32, &v, &b);
    TB_EQ(b, 0x7FC00000u, "scale 0xFF -> NaN");
    mxcts_mx_dequantize_one(MXCTS_INT8, 0x00, 0x40, MXCTS_WIDE_F16, &v, &b);
    TB_EQ(b, 0x0000u, "2^-127 to f16 -> 0");
    mxcts_mx_dequantize_one(MXCTS_INT8, 0x00, 0x40, MXCTS_WIDE_BF16, &v, &b);
    TB_EQ(b, 0x0040u, "2^-127 to bf16 subnormal 0x0040");
    mxcts_mx_dequantize_one(MXCTS_INT8, 0x00, 0x40, MXCTS_WIDE_F32, &v, &b);
    TB_EQ(b, 0x00400000u, "2^-127 to f32 0x00400000");
    /* E5M2 Inf element with a finite scale stays Inf; E4M3 NaN keeps its sign */
    mxcts_mx_dequantize_one(MXCTS_E5M2, 0x00, 0xFC, MXCTS_WIDE_F32, &v, &b);
    TB_EQ(b, 0xFF800000u, "E5M2 -Inf element");
    mxcts_mx_dequantize_one(MXCTS_E4M3, 0x7F, 0xFF, MXCTS_WIDE_F32, &v, &b);
    TB_EQ(b, 0xFFC00000u, "E4M3 -NaN element");
}

/* 0xFF blocks write a fixed filler: E4M3/E5M2 0x7F (as torchao), FP6/FP4/INT8 0x00. */
static void nan_block_filler(void)
{
    mxcts_block_config c = tb_cfg(MXCTS_SCALE_FLOOR);
    uint32_t v[] = {0x3F800000, 0xFF800000};
    uint8_t x, p[32];
    tb_quant32(MXCTS_E5M2, &c, v, 2, &x, p);
    TB_EQ(x, 0xFF, "E5M2 -Inf block scale");
    TB_EQ(p[0], 0x7F, "E5M2 NaN block filler");
    tb_quant32(MXCTS_E2M1, &c, v, 2, &x, p);
    TB_EQ(x, 0xFF, "E2M1 -Inf block scale");
    TB_EQ(p[0], 0x00, "E2M1 NaN block filler");
}

int main(void)
{
    run_table();
    row35();
    row48();
    rounding_ties();
    half_inputs();
    dequant_rows();
    nan_block_filler();
    return tb_finish("test_block_catalogue");
}
