/* Guards of every public MX block entry point: NULL pointers, sizes <= 0,
 * bad enums and knobs, leading dimensions < K, K not a multiple of the block
 * size, size products that overflow, wrong formats, codes out of range. Each
 * failing call must return the right status and write nothing (outputs are
 * pre-filled with a sentinel and compared afterwards). */
#include <stdlib.h>
#include "test_block_util.h"

#define SENT 0xA5
static uint8_t codes[4 * 64], scales[16], sbuf[4096];
static uint32_t in32[4 * 64];
static uint32_t out32[4 * 64];

static void reset(void)
{
    memset(codes, SENT, sizeof codes);
    memset(scales, SENT, sizeof scales);
    memset(sbuf, SENT, sizeof sbuf);
    memset(out32, SENT, sizeof out32);
}

static int untouched(void)
{
    for (size_t i = 0; i < sizeof codes; i++) if (codes[i] != SENT) return 0;
    for (size_t i = 0; i < sizeof scales; i++) if (scales[i] != SENT) return 0;
    for (size_t i = 0; i < sizeof sbuf; i++) if (sbuf[i] != SENT) return 0;
    const uint8_t *o = (const uint8_t *)out32;
    for (size_t i = 0; i < sizeof out32; i++) if (o[i] != SENT) return 0;
    return 1;
}

#define GUARD(call, want)                                                            \
    do {                                                                             \
        reset();                                                                     \
        int st_ = (int)(call);                                                       \
        TB_CHECK(st_ == (want), "%s: status %d want %d", #call, st_, (int)(want));   \
        TB_CHECK(untouched(), "%s wrote to an output on error", #call);              \
    } while (0)

static void quantize_guards(void)
{
    mxcts_block_config c, bad;
    mxcts_block_config_init(&c);
    const mxcts_format E = MXCTS_E4M3;
    const mxcts_wide W = MXCTS_WIDE_F32;
    /* the valid call works (and is the baseline for the others) */
    reset();
    TB_EQ(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &c, codes, 64, scales, 2), MXCTS_OK, "valid quantize");
    /* NULLs */
    GUARD(mxcts_mx_quantize(E, W, NULL, 4, 64, 64, &c, codes, 64, scales, 2), MXCTS_ERR_NULL);
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 64, NULL, codes, 64, scales, 2), MXCTS_ERR_NULL);
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &c, NULL, 64, scales, 2), MXCTS_ERR_NULL);
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &c, codes, 64, NULL, 2), MXCTS_ERR_NULL);
    /* sizes */
    GUARD(mxcts_mx_quantize(E, W, in32, 0, 64, 64, &c, codes, 64, scales, 2), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_quantize(E, W, in32, -1, 64, 64, &c, codes, 64, scales, 2), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 0, 64, &c, codes, 64, scales, 2), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_quantize(E, W, in32, 4, -32, 64, &c, codes, 64, scales, 2), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 48, 64, &c, codes, 64, scales, 2), MXCTS_ERR_SIZE); /* 48 % 32 */
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 63, &c, codes, 64, scales, 2), MXCTS_ERR_SIZE); /* ld_in < k */
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &c, codes, 32, scales, 2), MXCTS_ERR_SIZE); /* ld_codes */
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &c, codes, 64, scales, 1), MXCTS_ERR_SIZE); /* ld_scales */
    GUARD(mxcts_mx_quantize(E, W, in32, INT64_MAX / 2, 64, 64, &c, codes, 64, scales, 2), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_quantize(E, W, in32, 3, 64, INT64_MAX / 2, &c, codes, 64, scales, 2), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_quantize(E, W, in32, 2, 64, INT64_MAX / 4 - 1, &c, codes, 64, scales, 2), MXCTS_ERR_SIZE); /* bytes */
    GUARD(mxcts_mx_quantize(E, W, in32, 3, 64, 64, &c, codes, INT64_MAX, scales, 2), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_quantize(E, W, in32, 3, 64, 64, &c, codes, 64, scales, INT64_MAX), MXCTS_ERR_SIZE);
    /* formats and types */
    GUARD(mxcts_mx_quantize(MXCTS_E4M3FNUZ, W, in32, 4, 64, 64, &c, codes, 64, scales, 2), MXCTS_ERR_FORMAT);
    GUARD(mxcts_mx_quantize(MXCTS_E8M0, W, in32, 4, 64, 64, &c, codes, 64, scales, 2), MXCTS_ERR_FORMAT);
    GUARD(mxcts_mx_quantize((mxcts_format)99, W, in32, 4, 64, 64, &c, codes, 64, scales, 2), MXCTS_ERR_FORMAT);
    GUARD(mxcts_mx_quantize((mxcts_format)-1, W, in32, 4, 64, 64, &c, codes, 64, scales, 2), MXCTS_ERR_FORMAT);
    GUARD(mxcts_mx_quantize(E, (mxcts_wide)9, in32, 4, 64, 64, &c, codes, 64, scales, 2), MXCTS_ERR_MODE);
    GUARD(mxcts_mx_quantize(E, MXCTS_WIDE_F64, in32, 4, 64, 64, &c, codes, 64, scales, 2), MXCTS_ERR_UNSUPPORTED);
    /* knobs */
    bad = c, bad.scale_mode = (mxcts_scale_mode)MXCTS_SCALE_MODE_COUNT;
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &bad, codes, 64, scales, 2), MXCTS_ERR_MODE);
    bad = c, bad.scale_mode = (mxcts_scale_mode)-1;
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &bad, codes, 64, scales, 2), MXCTS_ERR_MODE);
    bad = c, bad.nan_policy = (mxcts_block_nan)2;
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &bad, codes, 64, scales, 2), MXCTS_ERR_MODE);
    bad = c, bad.inf_policy = (mxcts_block_inf)3;
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &bad, codes, 64, scales, 2), MXCTS_ERR_MODE);
    bad = c, bad.inf_elem = (mxcts_block_inf_elem)2;
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &bad, codes, 64, scales, 2), MXCTS_ERR_MODE);
    bad = c, bad.round = (mxcts_elem_round)3;
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &bad, codes, 64, scales, 2), MXCTS_ERR_MODE);
    bad = c, bad.int8_min = -126;
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &bad, codes, 64, scales, 2), MXCTS_ERR_MODE);
    bad = c, bad.block_size = 0;
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &bad, codes, 64, scales, 2), MXCTS_ERR_SIZE);
    bad = c, bad.block_size = -32;
    GUARD(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &bad, codes, 64, scales, 2), MXCTS_ERR_SIZE);
    /* other block sizes are accepted: k = 16, 4 blocks of 16 per row */
    bad = c, bad.block_size = 16;
    reset();
    TB_EQ(mxcts_mx_quantize(E, W, in32, 4, 64, 64, &bad, codes, 64, scales, 4), MXCTS_OK, "block size 16");
    bad.block_size = 1;
    TB_EQ(mxcts_mx_quantize(E, W, in32, 1, 5, 5, &bad, codes, 5, scales, 5), MXCTS_OK, "block size 1");

    /* single block */
    GUARD(mxcts_mx_quantize_block(E, W, NULL, 32, &c, scales, codes), MXCTS_ERR_NULL);
    GUARD(mxcts_mx_quantize_block(E, W, in32, 32, NULL, scales, codes), MXCTS_ERR_NULL);
    GUARD(mxcts_mx_quantize_block(E, W, in32, 32, &c, NULL, codes), MXCTS_ERR_NULL);
    GUARD(mxcts_mx_quantize_block(E, W, in32, 32, &c, scales, NULL), MXCTS_ERR_NULL);
    GUARD(mxcts_mx_quantize_block(E, W, in32, 0, &c, scales, codes), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_quantize_block(E, W, in32, -5, &c, scales, codes), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_quantize_block(E, W, in32, INT64_MAX, &c, scales, codes), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_quantize_block(MXCTS_E5M2FNUZ, W, in32, 32, &c, scales, codes), MXCTS_ERR_FORMAT);
    GUARD(mxcts_mx_quantize_block(E, MXCTS_WIDE_F64, in32, 32, &c, scales, codes), MXCTS_ERR_UNSUPPORTED);
    bad = c, bad.round = (mxcts_elem_round)-1;
    GUARD(mxcts_mx_quantize_block(E, W, in32, 32, &bad, scales, codes), MXCTS_ERR_MODE);

    /* scale from amax */
    GUARD(mxcts_mx_scale_from_amax(E, 0x3F800000, &c, NULL), MXCTS_ERR_NULL);
    GUARD(mxcts_mx_scale_from_amax(E, 0x3F800000, NULL, scales), MXCTS_ERR_NULL);
    GUARD(mxcts_mx_scale_from_amax(MXCTS_E8M0, 0x3F800000, &c, scales), MXCTS_ERR_FORMAT);
    bad = c, bad.scale_mode = (mxcts_scale_mode)77;
    GUARD(mxcts_mx_scale_from_amax(E, 0x3F800000, &bad, scales), MXCTS_ERR_MODE);
}

static void dequantize_guards(void)
{
    const mxcts_format E = MXCTS_E4M3;
    const mxcts_wide W = MXCTS_WIDE_F32;
    static uint8_t cin[4 * 64], sin[8];
    memset(cin, 0x38, sizeof cin);
    memset(sin, 0x7F, sizeof sin);
    reset();
    TB_EQ(mxcts_mx_dequantize(E, cin, 64, sin, 2, 4, 64, 32, W, out32, 64), MXCTS_OK, "valid dequantize");
    TB_EQ(out32[0], 0x3F800000u, "valid dequantize value");
    GUARD(mxcts_mx_dequantize(E, NULL, 64, sin, 2, 4, 64, 32, W, out32, 64), MXCTS_ERR_NULL);
    GUARD(mxcts_mx_dequantize(E, cin, 64, NULL, 2, 4, 64, 32, W, out32, 64), MXCTS_ERR_NULL);
    GUARD(mxcts_mx_dequantize(E, cin, 64, sin, 2, 4, 64, 32, W, NULL, 64), MXCTS_ERR_NULL);
    GUARD(mxcts_mx_dequantize(E, cin, 64, sin, 2, 0, 64, 32, W, out32, 64), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_dequantize(E, cin, 64, sin, 2, 4, 0, 32, W, out32, 64), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_dequantize(E, cin, 64, sin, 2, 4, -64, 32, W, out32, 64), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_dequantize(E, cin, 64, sin, 2, 4, 64, 0, W, out32, 64), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_dequantize(E, cin, 64, sin, 2, 4, 40, 32, W, out32, 64), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_dequantize(E, cin, 63, sin, 2, 4, 64, 32, W, out32, 64), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_dequantize(E, cin, 64, sin, 1, 4, 64, 32, W, out32, 64), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_dequantize(E, cin, 64, sin, 2, 4, 64, 32, W, out32, 32), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_dequantize(E, cin, 64, sin, 2, INT64_MAX / 8, 64, 32, W, out32, 64), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_dequantize(E, cin, 64, sin, 2, 2, 64, 32, MXCTS_WIDE_F64, out32, INT64_MAX / 8), MXCTS_ERR_SIZE);
    GUARD(mxcts_mx_dequantize(MXCTS_E4M3FNUZ, cin, 64, sin, 2, 4, 64, 32, W, out32, 64), MXCTS_ERR_FORMAT);
    GUARD(mxcts_mx_dequantize(E, cin, 64, sin, 2, 4, 64, 32, (mxcts_wide)4, out32, 64), MXCTS_ERR_MODE);
    /* an FP4 code with bits above bit 3, anywhere, is rejected before any write */
    static uint8_t c4[4 * 64];
    memset(c4, 0x01, sizeof c4);
    c4[3 * 64 + 63] = 0x10;
    GUARD(mxcts_mx_dequantize(MXCTS_E2M1, c4, 64, sin, 2, 4, 64, 32, W, out32, 64), MXCTS_ERR_CODE_RANGE);
    /* ... but bytes outside the matrix (beyond k in a row) are not looked at */
    memset(c4, 0x01, sizeof c4);
    c4[40] = 0xFF;
    reset();
    TB_EQ(mxcts_mx_dequantize(MXCTS_E2M1, c4, 64, sin, 2, 4, 32, 32, W, out32, 32), MXCTS_OK, "ld gap ignored");

    double v;
    uint64_t b;
    TB_EQ(mxcts_mx_dequantize_one(E, 0x7F, 0x38, W, NULL, &b), MXCTS_ERR_NULL, "dq one NULL");
    TB_EQ(mxcts_mx_dequantize_one(MXCTS_E8M0, 0x7F, 0x38, W, &v, &b), MXCTS_ERR_FORMAT, "dq one format");
    TB_EQ(mxcts_mx_dequantize_one(E, 0x7F, 0x38, (mxcts_wide)7, &v, &b), MXCTS_ERR_MODE, "dq one dst");
    TB_EQ(mxcts_mx_dequantize_one(MXCTS_E3M2, 0x7F, 0x40, W, &v, &b), MXCTS_ERR_CODE_RANGE, "dq one code");
    TB_EQ(mxcts_mx_dequantize_one(MXCTS_E2M1, 0x7F, 0x10, W, &v, &b), MXCTS_ERR_CODE_RANGE, "dq one code");
    TB_EQ(mxcts_mx_dequantize_one(E, 0x7F, 0x100, W, &v, &b), MXCTS_ERR_CODE_RANGE, "dq one code 0x100");
    TB_EQ(mxcts_mx_dequantize_one(E, 0x7F, 0x38, W, &v, NULL), MXCTS_OK, "dq one bits optional");
}

static void layout_guards(void)
{
    const mxcts_scale_layout L = MXCTS_SCALE_LAYOUT_GFX950_32X8;
    static uint8_t s[64 * 8];
    int64_t pr, pc;
    size_t n, off;
    TB_EQ(mxcts_scale_layout_shape(L, 40, 3, &pr, &pc, &n), MXCTS_OK, "shape");
    TB_EQ(pr, 64, "padded rows");
    TB_EQ(pc, 8, "padded cols");
    TB_EQ(n, 512, "bytes");
    TB_EQ(mxcts_scale_layout_shape(MXCTS_SCALE_LAYOUT_AITER_E8M0_SHUFFLE, 40, 3, &pr, &pc, &n), MXCTS_OK, "shape aiter");
    TB_EQ(pr, 256, "aiter padded rows");
    TB_EQ(mxcts_scale_layout_shape(L, 0, 3, &pr, &pc, &n), MXCTS_ERR_SIZE, "shape rows 0");
    TB_EQ(mxcts_scale_layout_shape(L, 3, -1, &pr, &pc, &n), MXCTS_ERR_SIZE, "shape cols -1");
    TB_EQ(mxcts_scale_layout_shape(L, INT64_MAX / 4, INT64_MAX / 4, &pr, &pc, &n), MXCTS_ERR_SIZE, "shape overflow");
    TB_EQ(mxcts_scale_layout_shape((mxcts_scale_layout)9, 3, 3, &pr, &pc, &n), MXCTS_ERR_MODE, "shape layout");
    TB_EQ(mxcts_scale_layout_offset(L, 64, 8, 0, 0, NULL), MXCTS_ERR_NULL, "offset NULL");
    TB_EQ(mxcts_scale_layout_offset(L, 40, 8, 0, 0, &off), MXCTS_ERR_SIZE, "offset unpadded rows");
    TB_EQ(mxcts_scale_layout_offset(L, 64, 3, 0, 0, &off), MXCTS_ERR_SIZE, "offset unpadded cols");
    TB_EQ(mxcts_scale_layout_offset(L, 64, 8, 64, 0, &off), MXCTS_ERR_SIZE, "offset row out of range");
    TB_EQ(mxcts_scale_layout_offset(L, 64, 8, 0, -1, &off), MXCTS_ERR_SIZE, "offset col negative");
    TB_EQ(mxcts_scale_layout_offset((mxcts_scale_layout)-1, 64, 8, 0, 0, &off), MXCTS_ERR_MODE, "offset layout");
    GUARD(mxcts_scale_layout_pack(L, NULL, 40, 3, 3, 0, sbuf, sizeof sbuf), MXCTS_ERR_NULL);
    GUARD(mxcts_scale_layout_pack(L, s, 40, 3, 3, 0, NULL, sizeof sbuf), MXCTS_ERR_NULL);
    GUARD(mxcts_scale_layout_pack(L, s, 40, 3, 2, 0, sbuf, sizeof sbuf), MXCTS_ERR_SIZE);
    GUARD(mxcts_scale_layout_pack(L, s, 40, 3, 3, 0, sbuf, 511), MXCTS_ERR_SIZE);
    GUARD(mxcts_scale_layout_pack(L, s, 0, 3, 3, 0, sbuf, sizeof sbuf), MXCTS_ERR_SIZE);
    GUARD(mxcts_scale_layout_pack(MXCTS_SCALE_LAYOUT_COUNT, s, 40, 3, 3, 0, sbuf, sizeof sbuf), MXCTS_ERR_MODE);
    GUARD(mxcts_scale_layout_unpack(L, s, 511, 40, 3, sbuf, 3), MXCTS_ERR_SIZE);
    GUARD(mxcts_scale_layout_unpack(L, s, 512, 40, 3, sbuf, 2), MXCTS_ERR_SIZE);
    GUARD(mxcts_scale_layout_unpack(L, NULL, 512, 40, 3, sbuf, 3), MXCTS_ERR_NULL);
    GUARD(mxcts_scale_layout_unpack(L, s, 512, 40, 3, NULL, 3), MXCTS_ERR_NULL);
    GUARD(mxcts_scale_layout_unpack(L, s, 512, 40, -3, sbuf, 3), MXCTS_ERR_SIZE);
    GUARD(mxcts_scale_layout_unpack(L, s, 512, 3, 3, sbuf, INT64_MAX), MXCTS_ERR_SIZE);
}

static void config_and_names(void)
{
    mxcts_block_config c;
    TB_EQ(mxcts_block_config_init(NULL), MXCTS_ERR_NULL, "init NULL");
    TB_EQ(mxcts_block_config_validate(NULL), MXCTS_ERR_NULL, "validate NULL");
    TB_EQ(mxcts_block_config_init(&c), MXCTS_OK, "init");
    /* the OCP defaults, as documented in mxblock.h and spec/mx-blocks.md */
    TB_EQ(c.block_size, 32, "default block size");
    TB_EQ(c.scale_mode, MXCTS_SCALE_FLOOR, "default scale mode");
    TB_EQ(c.nan_policy, MXCTS_BLOCK_NAN_SPEC, "default NaN policy");
    TB_EQ(c.inf_policy, MXCTS_BLOCK_INF_SPEC, "default Inf policy");
    TB_EQ(c.inf_elem, MXCTS_BLOCK_INF_ELEM_SAT, "default Inf element");
    TB_EQ(c.round, MXCTS_ELEM_RNE, "default rounding");
    TB_EQ(c.int8_min, -128, "default int8 min");
    mxcts_scale_mode m;
    mxcts_elem_round r;
    mxcts_block_nan np;
    mxcts_block_inf ip;
    mxcts_scale_layout l;
    static const char *const modes[] = {"floor", "ceil", "even", "rceil", "tk_round_up", "tk_round_down", "tosa"};
    for (int i = 0; i < 7; i++) {
        TB_EQ(mxcts_scale_mode_from_name(modes[i], &m), MXCTS_OK, modes[i]);
        TB_EQ(m, i, modes[i]);
        TB_CHECK(!strcmp(mxcts_scale_mode_name((mxcts_scale_mode)i), modes[i]), "name %s", modes[i]);
    }
    TB_EQ(mxcts_scale_mode_from_name("Floor", &m), MXCTS_ERR_MODE, "names are exact");
    TB_EQ(mxcts_scale_mode_from_name(NULL, &m), MXCTS_ERR_NULL, "name NULL");
    TB_EQ(mxcts_scale_mode_from_name("floor", NULL), MXCTS_ERR_NULL, "out NULL");
    TB_CHECK(!strcmp(mxcts_scale_mode_name((mxcts_scale_mode)7), "?"), "bad mode name");
    TB_EQ(mxcts_elem_round_from_name("half-away", &r), MXCTS_OK, "half-away");
    TB_EQ(r, MXCTS_ELEM_HALF_AWAY, "half-away value");
    TB_EQ(mxcts_elem_round_from_name("half-up", &r), MXCTS_OK, "half-up");
    TB_EQ(r, MXCTS_ELEM_HALF_UP, "half-up value");
    TB_EQ(mxcts_elem_round_from_name("rtz", &r), MXCTS_ERR_MODE, "rtz is not an element rounding");
    TB_EQ(mxcts_block_nan_from_name("ignore", &np), MXCTS_OK, "nan ignore");
    TB_EQ(np, MXCTS_BLOCK_NAN_IGNORE, "nan ignore value");
    TB_EQ(mxcts_block_inf_from_name("max-scale", &ip), MXCTS_OK, "inf max-scale");
    TB_EQ(ip, MXCTS_BLOCK_INF_MAX_SCALE, "inf max-scale value");
    TB_EQ(mxcts_scale_layout_from_name("gfx950-32x8", &l), MXCTS_OK, "layout name");
    TB_EQ(l, MXCTS_SCALE_LAYOUT_GFX950_32X8, "layout value");
    TB_EQ(mxcts_scale_layout_from_name("nope", &l), MXCTS_ERR_MODE, "layout unknown");
    TB_CHECK(mxcts_mx_elem_ok(MXCTS_INT8) && !mxcts_mx_elem_ok(MXCTS_E4M3FNUZ) &&
             !mxcts_mx_elem_ok(MXCTS_E8M0) && !mxcts_mx_elem_ok((mxcts_format)-3), "elem_ok");
}

int main(void)
{
    quantize_guards();
    dequantize_guards();
    layout_guards();
    config_and_names();
    return tb_finish("test_block_guards");
}
