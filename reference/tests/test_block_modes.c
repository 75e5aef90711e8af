/* Scale-selection modes: the worked-value table of mx-semantics 3.2 (typed
 * in), hand-derived TOSA and boundary cases, the NaN/Inf policies, and a
 * seeded random cross-check of every amax-bit formula against a separate
 * oracle written here with libm and hardware f32 arithmetic. */
#include <math.h>
#include "test_block_util.h"

static const mxcts_format E4 = MXCTS_E4M3, E21 = MXCTS_E2M1;

/* s per mode, in enum order: FLOOR CEIL EVEN RCEIL TK_UP TK_DOWN TOSA.
 * Columns FLOOR..EVEN typed from the mx-semantics 3.2 worked-value table;
 * EVEN at FLT_MAX is this reference's reading (2^128 -> s = 128 - emax;
 * torchao gives NaN, Quark 127: spec/mx-blocks.md); TOSA derived by hand as
 * the smallest s with a / 2^s <= 464 (E4M3) or < 7 (E2M1). */
static const struct {
    uint32_t a;
    mxcts_format elem;
    int s[MXCTS_SCALE_MODE_COUNT];
} worked[] = {
    {0x43E00000, E4, {0, 1, 0, 0, 0, 0, 0}},          /* 448 */
    {0x43F00000, E4, {0, 1, 0, 1, 1, 0, 1}},          /* 480 */
    {0x43FFFFFF, E4, {0, 1, 1, 1, 1, 0, 1}},          /* 511.99997 */
    {0x40600001, E4, {-7, -6, -7, -6, -6, -7, -7}},   /* 3.5 + ulp */
    {0x44700000, E4, {1, 2, 1, 2, 2, 1, 2}},          /* 960 */
    {0x7F7FFFFF, E4, {119, 120, 120, 120, 120, 119, 120}}, /* FLT_MAX */
    {0x40A00000, E21, {0, 1, 0, 0, 0, -1, 0}},        /* 5 */
    {0x40C00000, E21, {0, 1, 0, 0, 0, 0, 0}},         /* 6 */
    {0x40E00000, E21, {0, 1, 1, 1, 1, 0, 1}},         /* 7 */
    {0x3FE00000, E21, {-2, -1, -1, -1, -1, -2, -1}},  /* 1.75 */
    {0x7F7FFFFF, E21, {125, 126, 126, 126, 126, 125, 126}}, /* FLT_MAX */
};

/* Single-mode boundary cases (scale code expected), derived by hand. */
static const struct {
    uint32_t a;
    mxcts_format elem;
    mxcts_scale_mode mode;
    uint8_t code;
} edges[] = {
    /* TOSA out_max = MAX + ulp/2: E4M3 464 does not overflow (tie to 448), others do */
    {0x43E80000, MXCTS_E4M3, MXCTS_SCALE_TOSA, 0x7F}, /* 464 */
    {0x43E80001, MXCTS_E4M3, MXCTS_SCALE_TOSA, 0x80},
    {0x47700000, MXCTS_E5M2, MXCTS_SCALE_TOSA, 0x80}, /* 61440 overflows under RNE */
    {0x476FFFFF, MXCTS_E5M2, MXCTS_SCALE_TOSA, 0x7F},
    {0x47700000, MXCTS_E5M2, MXCTS_SCALE_FLOOR, 0x7F},
    {0x40F80000, MXCTS_E2M3, MXCTS_SCALE_TOSA, 0x80}, /* 7.75 */
    {0x40F00000, MXCTS_E2M3, MXCTS_SCALE_TOSA, 0x7F}, /* 7.5 */
    {0x41F00000, MXCTS_E3M2, MXCTS_SCALE_TOSA, 0x80}, /* 30 */
    {0x41E00000, MXCTS_E3M2, MXCTS_SCALE_TOSA, 0x7F}, /* 28 */
    {0x3FFF0000, MXCTS_INT8, MXCTS_SCALE_TOSA, 0x80}, /* 1.9921875 = 127.5/64 */
    {0x3FFEFFFF, MXCTS_INT8, MXCTS_SCALE_TOSA, 0x7F},
    {0x3F800000, MXCTS_INT8, MXCTS_SCALE_TOSA, 0x7F},
    {0x3F800000, MXCTS_INT8, MXCTS_SCALE_FLOOR, 0x7F},
    {0x3FFF0000, MXCTS_INT8, MXCTS_SCALE_FLOOR, 0x7F},
    /* clamps at the bottom: subnormal amax */
    {0x00000001, MXCTS_E4M3, MXCTS_SCALE_FLOOR, 0x00},
    {0x00000001, MXCTS_E4M3, MXCTS_SCALE_CEIL, 0x00},
    {0x00000001, MXCTS_E4M3, MXCTS_SCALE_RCEIL, 0x00},  /* a * (1/448) underflows to 0 */
    {0x00000001, MXCTS_E4M3, MXCTS_SCALE_TK_ROUND_UP, 0x00}, /* a / 448 underflows to 0 */
    {0x00000001, MXCTS_E4M3, MXCTS_SCALE_TOSA, 0x00},
    {0x00400000, MXCTS_INT8, MXCTS_SCALE_CEIL, 0x00},   /* ceil(log2 2^-127) - 0 = -127 */
    {0x00400001, MXCTS_INT8, MXCTS_SCALE_CEIL, 0x01},   /* -126 */
    {0x00400000, MXCTS_INT8, MXCTS_SCALE_FLOOR, 0x00},
    {0x007FFFFF, MXCTS_INT8, MXCTS_SCALE_FLOOR, 0x00},  /* floor(log2) = -127 */
    {0x00800000, MXCTS_INT8, MXCTS_SCALE_FLOOR, 0x01},  /* 2^-126 */
    /* EVEN: half-up at element precision (E4M3 3 bits: 1.9375 = 1.1111b bumps, 1.875 does not) */
    {0x3FF80000, MXCTS_E4M3, MXCTS_SCALE_EVEN, 0x78},   /* 1.9375 -> 2 -> s = 1 - 8 */
    {0x3FF7FFFF, MXCTS_E4M3, MXCTS_SCALE_EVEN, 0x77},
    {0x3FF00000, MXCTS_E4M3, MXCTS_SCALE_EVEN, 0x77},   /* 1.875 */
    {0x3FFF0000, MXCTS_INT8, MXCTS_SCALE_EVEN, 0x80},   /* INT8 6 bits: 1.9921875 -> 2 */
    {0x3FFEFFFF, MXCTS_INT8, MXCTS_SCALE_EVEN, 0x7F},
    /* the top: INT8 (MAX < 2) can ask for 2^128; clamped to 0xFE */
    {0x7F7FFFFF, MXCTS_INT8, MXCTS_SCALE_RCEIL, 0xFE},
    {0x7F7FFFFF, MXCTS_INT8, MXCTS_SCALE_TK_ROUND_UP, 0xFE},
    {0x7F7FFFFF, MXCTS_INT8, MXCTS_SCALE_CEIL, 0xFE},
    {0x7F7FFFFF, MXCTS_INT8, MXCTS_SCALE_FLOOR, 0xFE},
    {0x7F7FFFFF, MXCTS_INT8, MXCTS_SCALE_TOSA, 0xFE},
    {0x7F000000, MXCTS_INT8, MXCTS_SCALE_FLOOR, 0xFE},  /* 2^127 */
    {0x7F000000, MXCTS_E5M2, MXCTS_SCALE_FLOOR, 0xEF},  /* 127 - 15 = 112 */
};

static void table_cases(void)
{
    char what[96];
    for (size_t i = 0; i < sizeof worked / sizeof worked[0]; i++) {
        for (int m = 0; m < MXCTS_SCALE_MODE_COUNT; m++) {
            mxcts_block_config c = tb_cfg((mxcts_scale_mode)m);
            uint8_t x = 0xAA;
            TB_EQ(mxcts_mx_scale_from_amax(worked[i].elem, worked[i].a, &c, &x), MXCTS_OK, "status");
            snprintf(what, sizeof what, "worked a=0x%08x %s", worked[i].a, mxcts_scale_mode_name((mxcts_scale_mode)m));
            TB_EQ(x, worked[i].s[m] + 127, what);
            /* the sign bit of amax is ignored */
            mxcts_mx_scale_from_amax(worked[i].elem, worked[i].a | 0x80000000u, &c, &x);
            TB_EQ(x, worked[i].s[m] + 127, what);
        }
    }
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        mxcts_block_config c = tb_cfg(edges[i].mode);
        uint8_t x = 0xAA;
        mxcts_mx_scale_from_amax(edges[i].elem, edges[i].a, &c, &x);
        snprintf(what, sizeof what, "edge %zu a=0x%08x %s", i, edges[i].a, mxcts_scale_mode_name(edges[i].mode));
        TB_EQ(x, edges[i].code, what);
    }
}

static void policies(void)
{
    for (int m = 0; m < MXCTS_SCALE_MODE_COUNT; m++) {
        mxcts_block_config c = tb_cfg((mxcts_scale_mode)m);
        uint8_t x;
        mxcts_mx_scale_from_amax(MXCTS_E4M3, 0, &c, &x);
        TB_EQ(x, 0x00, "amax 0 -> 0x00");
        mxcts_mx_scale_from_amax(MXCTS_E4M3, 0x7FC00000, &c, &x);
        TB_EQ(x, 0xFF, "NaN spec -> 0xFF");
        mxcts_mx_scale_from_amax(MXCTS_E4M3, 0x7F800000, &c, &x);
        TB_EQ(x, 0xFF, "Inf spec -> 0xFF");
        c.nan_policy = MXCTS_BLOCK_NAN_IGNORE;
        c.inf_policy = MXCTS_BLOCK_INF_MAX_SCALE;
        mxcts_mx_scale_from_amax(MXCTS_E4M3, 0xFFC00000, &c, &x);
        TB_EQ(x, 0x00, "NaN ignore, no peers -> 0x00");
        mxcts_mx_scale_from_amax(MXCTS_E4M3, 0xFF800000, &c, &x);
        TB_EQ(x, 0xFE, "Inf max-scale -> 0xFE");
        c.inf_policy = MXCTS_BLOCK_INF_IGNORE;
        mxcts_mx_scale_from_amax(MXCTS_E4M3, 0x7F800000, &c, &x);
        TB_EQ(x, 0x00, "Inf ignore, no peers -> 0x00");
    }
}

/* ---- independent oracle (libm + hardware f32) -------------------------- */

typedef struct { mxcts_format elem; double max; int emax, mbits; } elem_facts;
static const elem_facts facts[] = { /* typed from DESIGN.md section 2 / mx-semantics 1.2 */
    {MXCTS_E4M3, 448.0, 8, 3}, {MXCTS_E5M2, 57344.0, 15, 2}, {MXCTS_E2M3, 7.5, 2, 3},
    {MXCTS_E3M2, 28.0, 4, 2},  {MXCTS_E2M1, 6.0, 2, 1},      {MXCTS_INT8, 127.0 / 64, 0, 6}};

static int clampc(int s) { return s < -127 ? 0 : s > 127 ? 254 : s + 127; }
static float f32_of(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }

/* smallest c in [0, 254] with 2^(c-127) >= p (p >= 0), 255 if none */
static int ceil_code(double p)
{
    for (int c = 0; c < 255; c++)
        if (ldexp(1.0, c - 127) >= p)
            return c;
    return 255;
}

static int oracle(const elem_facts *e, uint32_t abits, mxcts_scale_mode m)
{
    double a = f32_of(abits);
    int fl = ilogb(a);
    switch (m) {
    case MXCTS_SCALE_FLOOR: return clampc(fl - e->emax);
    case MXCTS_SCALE_CEIL: return clampc(fl + (a != ldexp(1.0, fl)) - e->emax);
    case MXCTS_SCALE_EVEN: { /* a rounded half-up to mbits+1 significant bits */
        int ex;
        double mant = frexp(a, &ex); /* [0.5, 1) */
        double r = floor(ldexp(mant, e->mbits + 1) + 0.5);
        if (r == ldexp(1.0, e->mbits + 1))
            ex++;
        return clampc(ex - 1 - e->emax);
    }
    case MXCTS_SCALE_RCEIL: {
        volatile float rcp = (float)(1.0f / (float)e->max);
        volatile float p = (float)a * rcp;
        int c = ceil_code(p);
        return c > 254 ? 254 : c;
    }
    case MXCTS_SCALE_TK_ROUND_UP: {
        volatile float q = (float)a / (float)e->max;
        if (q == 0) return 0;
        if (q < 0x1p-126f) return 1;       /* any subnormal rounds up to 2^-126 */
        int c = clampc(ilogb(q) + (q != ldexp(1.0, ilogb(q))));
        return c;
    }
    case MXCTS_SCALE_TK_ROUND_DOWN: {
        volatile float q = (float)a / (float)e->max;
        if (q < 0x1p-126f) return 0;
        return clampc(ilogb(q));
    }
    default: return -1;
    }
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t next32(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static void random_crosscheck(void)
{
    long mism = 0;
    for (int i = 0; i < 60000; i++) {
        uint32_t a = next32() & 0x7FFFFFFFu;
        if (i % 4 == 1) a &= 0x00FFFFFFu;                         /* subnormals and the bottom */
        if (i % 4 == 2) a = (a & 0x01FFFFFFu) | 0x3F000000u;      /* around 1 .. 2^7 */
        if (a >= 0x7F800000u || a == 0) continue;
        for (size_t e = 0; e < sizeof facts / sizeof facts[0]; e++) {
            for (int m = 0; m <= MXCTS_SCALE_TK_ROUND_DOWN; m++) {
                if (m == MXCTS_SCALE_EVEN && (a < 0x00800000u || a >= 0x7F000000u))
                    continue; /* the oracle reads EVEN on normal values only */
                mxcts_block_config c = tb_cfg((mxcts_scale_mode)m);
                uint8_t x;
                mxcts_mx_scale_from_amax(facts[e].elem, a, &c, &x);
                int want = oracle(&facts[e], a, (mxcts_scale_mode)m);
                if (x != want && mism++ < 10)
                    fprintf(stderr, "random: a=0x%08x elem %d mode %s got 0x%02x oracle 0x%02x\n", a,
                            (int)facts[e].elem, mxcts_scale_mode_name((mxcts_scale_mode)m), x, want);
                tb_checks++;
            }
        }
    }
    tb_failures += mism;
}

int main(void)
{
    table_cases();
    policies();
    random_crosscheck();
    return tb_finish("test_block_modes");
}
