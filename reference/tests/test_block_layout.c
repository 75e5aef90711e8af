/* Scale layouts: typed examples of each pre-shuffled layout, a generic
 * "view + permute" oracle written here (the torch semantics of the published
 * Python: pad, view(shape), permute(dims), contiguous) compared with
 * mxcts_scale_layout_pack on random shapes, and pack/unpack round trips with
 * leading dimensions and padding. */
#include <stdlib.h>
#include "test_block_util.h"

/* out = in.view(shape[0..nd)).permute(perm).contiguous(), in a padded row-major buffer. */
static void view_permute(const uint8_t *in, uint8_t *out, const int64_t *shape, const int *perm, int nd)
{
    int64_t total = 1, idx[8] = {0}, stride[8] = {0};
    for (int d = nd - 1; d >= 0; d--)
        stride[d] = total, total *= shape[d];
    for (int64_t o = 0; o < total; o++) {
        /* idx over the permuted shape, last dimension fastest */
        int64_t src = 0;
        for (int d = 0; d < nd; d++)
            src += idx[d] * stride[perm[d]];
        out[o] = in[src];
        for (int d = nd - 1; d >= 0; d--) {
            if (++idx[d] < shape[perm[d]])
                break;
            idx[d] = 0;
        }
    }
}

static void oracle_pack(mxcts_scale_layout l, const uint8_t *s, int64_t rows, int64_t cols, int64_t ld,
                        uint8_t pad, uint8_t *out, int64_t *pr_out, int64_t *pc_out)
{
    int64_t rmul = l == MXCTS_SCALE_LAYOUT_AITER_E8M0_SHUFFLE ? 256
                   : l == MXCTS_SCALE_LAYOUT_SM100_128X4     ? 128
                   : l == MXCTS_SCALE_LAYOUT_ROW_MAJOR       ? 1
                                                             : 32;
    int64_t cmul = l == MXCTS_SCALE_LAYOUT_ROW_MAJOR ? 1 : l == MXCTS_SCALE_LAYOUT_SM100_128X4 ? 4 : 8;
    int64_t pr = (rows + rmul - 1) / rmul * rmul, pc = (cols + cmul - 1) / cmul * cmul;
    uint8_t *padded = malloc((size_t)(pr * pc));
    memset(padded, pad, (size_t)(pr * pc));
    for (int64_t r = 0; r < rows; r++)
        memcpy(padded + r * pc, s + r * ld, (size_t)cols);
    if (l == MXCTS_SCALE_LAYOUT_ROW_MAJOR) {
        memcpy(out, padded, (size_t)(pr * pc));
    } else if (l == MXCTS_SCALE_LAYOUT_SM100_128X4) {
        /* torchao to_blocked, step by step: view(rb, 128, cb, 4).permute(0, 2, 1, 3), then
         * reshape(-1, 4, 32, 4).transpose(1, 2) */
        uint8_t *tiles = malloc((size_t)(pr * pc));
        int64_t s1[4] = {pr / 128, 128, pc / 4, 4}, s2[4] = {pr / 128 * (pc / 4), 4, 32, 4};
        static const int p1[4] = {0, 2, 1, 3}, p2[4] = {0, 2, 1, 3};
        view_permute(padded, tiles, s1, p1, 4);
        view_permute(tiles, out, s2, p2, 4);
        free(tiles);
    } else if (l == MXCTS_SCALE_LAYOUT_CDNA4_MFMA32) {
        /* triton: view(sm // 32, 32, sn // 8, 4, 2).permute(0, 2, 4, 1, 3) */
        int64_t shape[5] = {pr / 32, 32, pc / 8, 4, 2};
        static const int perm[5] = {0, 2, 4, 1, 3};
        view_permute(padded, out, shape, perm, 5);
    } else {
        /* aiter / hipBLASLt: view(sm // 32, 2, 16, sn // 8, 2, 4).permute(0, 3, 5, 2, 4, 1) */
        int64_t shape[6] = {pr / 32, 2, 16, pc / 8, 2, 4};
        static const int perm[6] = {0, 3, 5, 2, 4, 1};
        view_permute(padded, out, shape, perm, 6);
    }
    *pr_out = pr, *pc_out = pc;
    free(padded);
}

static void typed_examples(void)
{
    uint8_t s[32 * 8], out[256], back[32 * 8];
    for (int i = 0; i < 256; i++)
        s[i] = (uint8_t)i; /* S[i][j] = 8 i + j */
    /* gfx950 32x8: bytes run b (row half), e (col half), c (row in 16), f, ... */
    static const uint8_t g0[8] = {0, 128, 4, 132, 8, 136, 12, 140};
    static const uint8_t g64[4] = {1, 129, 5, 133};
    TB_EQ(mxcts_scale_layout_pack(MXCTS_SCALE_LAYOUT_GFX950_32X8, s, 32, 8, 8, 0, out, sizeof out), MXCTS_OK, "pack");
    for (int i = 0; i < 8; i++)
        TB_EQ(out[i], g0[i], "gfx950 typed byte");
    for (int i = 0; i < 4; i++)
        TB_EQ(out[64 + i], g64[i], "gfx950 typed byte 64+");
    TB_EQ(out[255], 255, "gfx950 typed last byte");
    TB_EQ(mxcts_scale_layout_unpack(MXCTS_SCALE_LAYOUT_GFX950_32X8, out, sizeof out, 32, 8, back, 8), MXCTS_OK, "unpack");
    TB_CHECK(!memcmp(back, s, sizeof s), "gfx950 typed round trip");
    /* cdna4 mfma32: bytes run g (pairs of columns), i (row), h (odd columns) */
    static const uint8_t c0[8] = {0, 2, 4, 6, 8, 10, 12, 14};
    static const uint8_t c128[4] = {1, 3, 5, 7};
    mxcts_scale_layout_pack(MXCTS_SCALE_LAYOUT_CDNA4_MFMA32, s, 32, 8, 8, 0, out, sizeof out);
    for (int i = 0; i < 8; i++)
        TB_EQ(out[i], c0[i], "cdna4 mfma32 typed byte");
    for (int i = 0; i < 4; i++)
        TB_EQ(out[128 + i], c128[i], "cdna4 mfma32 typed byte 128+");
    TB_EQ(out[255], 255, "cdna4 typed last byte");
    /* a 2 x 3 matrix in gfx950-32x8: padded to 32 x 8 = 256 bytes, pad 0x7F */
    static const uint8_t t[6] = {0x10, 0x11, 0x12, 0x20, 0x21, 0x22};
    uint8_t small[256];
    size_t off;
    TB_EQ(mxcts_scale_layout_pack(MXCTS_SCALE_LAYOUT_GFX950_32X8, t, 2, 3, 3, 0x7F, small, sizeof small), MXCTS_OK, "small pack");
    TB_EQ(small[0], 0x10, "S[0][0] at 0");
    TB_EQ(small[4], 0x20, "S[1][0] at 4");
    TB_EQ(small[64], 0x11, "S[0][1] at 64");
    TB_EQ(small[68], 0x21, "S[1][1] at 68");
    TB_EQ(small[128], 0x12, "S[0][2] at 128");
    TB_EQ(small[1], 0x7F, "pad (row 16) at 1");
    mxcts_scale_layout_offset(MXCTS_SCALE_LAYOUT_GFX950_32X8, 32, 8, 17, 5, &off);
    TB_EQ(off, 64 * 1 + 4 * 1 + 2 * 1 + 1, "offset of S[17][5]");
    /* sm100 128x4 (TransformerEngine: rows interleave 0, 32, 64, 96, 1, 33, ...): a 130 x 5
     * matrix pads to 256 x 8, two tiles across; S[r][c] = r for c == 0 */
    static uint8_t big[130 * 5], sw[256 * 8];
    for (int r = 0; r < 130; r++)
        for (int c = 0; c < 5; c++)
            big[r * 5 + c] = (uint8_t)(c == 0 ? r : 200 + c);
    TB_EQ(mxcts_scale_layout_pack(MXCTS_SCALE_LAYOUT_SM100_128X4, big, 130, 5, 5, 0xEE, sw, sizeof sw), MXCTS_OK,
          "sm100 pack");
    static const uint8_t order[8] = {0, 32, 64, 96, 1, 33, 65, 97};
    for (int i = 0; i < 8; i++)
        TB_EQ(sw[i * 4], order[i], "sm100 row interleave");
    TB_EQ(sw[1], 201, "sm100 S[0][1] next to S[0][0]");
    TB_EQ(sw[512], 204, "sm100 second column tile starts with S[0][4]");
    TB_EQ(sw[513], 0xEE, "sm100 padding column");
    TB_EQ(sw[1024], 128, "sm100 second row tile starts with S[128][0]");
    TB_EQ(sw[1024 + 8], 0xEE, "sm100 padding row 160");
    mxcts_scale_layout_offset(MXCTS_SCALE_LAYOUT_SM100_128X4, 256, 8, 161, 6, &off);
    TB_EQ(off, 2 * 1024 / 2 + 512 + 1 * 16 + 1 * 4 + 2, "offset of S[161][6]");
}

static uint64_t rng = 12345;
static int64_t rnd(int64_t n)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (int64_t)((rng >> 33) % (uint64_t)n);
}

static void random_shapes(void)
{
    for (int l = 0; l < MXCTS_SCALE_LAYOUT_COUNT; l++) {
        for (int it = 0; it < 40; it++) {
            int64_t rows = 1 + rnd(it < 20 ? 70 : 300), cols = 1 + rnd(20), ld = cols + rnd(3);
            uint8_t pad = (uint8_t)rnd(256);
            uint8_t *s = malloc((size_t)(rows * ld)), *back = malloc((size_t)(rows * ld));
            for (int64_t i = 0; i < rows * ld; i++)
                s[i] = (uint8_t)rnd(256), back[i] = 0xEE;
            int64_t pr, pc, opr, opc;
            size_t n;
            TB_EQ(mxcts_scale_layout_shape((mxcts_scale_layout)l, rows, cols, &pr, &pc, &n), MXCTS_OK, "shape");
            uint8_t *got = malloc(n + 1), *want = malloc(n);
            got[n] = 0xCD;
            TB_EQ(mxcts_scale_layout_pack((mxcts_scale_layout)l, s, rows, cols, ld, pad, got, n), MXCTS_OK, "pack");
            oracle_pack((mxcts_scale_layout)l, s, rows, cols, ld, pad, want, &opr, &opc);
            TB_EQ(pr, opr, "padded rows");
            TB_EQ(pc, opc, "padded cols");
            TB_CHECK(!memcmp(got, want, n), "%s %lldx%lld matches the view/permute oracle",
                     mxcts_scale_layout_name((mxcts_scale_layout)l), (long long)rows, (long long)cols);
            TB_EQ(got[n], 0xCD, "no write past the buffer");
            TB_EQ(mxcts_scale_layout_unpack((mxcts_scale_layout)l, got, n, rows, cols, back, ld), MXCTS_OK, "unpack");
            int same = 1;
            for (int64_t r = 0; r < rows; r++)
                for (int64_t c = 0; c < ld; c++)
                    same &= c < cols ? back[r * ld + c] == s[r * ld + c] : back[r * ld + c] == 0xEE;
            TB_CHECK(same, "round trip %s %lldx%lld ld %lld", mxcts_scale_layout_name((mxcts_scale_layout)l),
                     (long long)rows, (long long)cols, (long long)ld);
            /* the offset function is a bijection of the padded matrix onto the buffer */
            uint8_t *seen = calloc(n, 1);
            int bij = 1;
            for (int64_t r = 0; r < pr; r++)
                for (int64_t c = 0; c < pc; c++) {
                    size_t off = n;
                    mxcts_scale_layout_offset((mxcts_scale_layout)l, pr, pc, r, c, &off);
                    bij &= off < n && !seen[off];
                    if (off < n) seen[off] = 1;
                }
            TB_CHECK(bij, "offset bijection %s", mxcts_scale_layout_name((mxcts_scale_layout)l));
            free(seen), free(got), free(want), free(s), free(back);
        }
    }
    /* aiter's 256-row padding only appends groups: its first 32-row groups equal gfx950-32x8 */
    uint8_t s[40 * 5], a[256 * 8], g[64 * 8];
    for (int i = 0; i < 200; i++)
        s[i] = (uint8_t)(i * 7 + 1);
    mxcts_scale_layout_pack(MXCTS_SCALE_LAYOUT_AITER_E8M0_SHUFFLE, s, 40, 5, 5, 0, a, sizeof a);
    mxcts_scale_layout_pack(MXCTS_SCALE_LAYOUT_GFX950_32X8, s, 40, 5, 5, 0, g, sizeof g);
    TB_CHECK(!memcmp(a, g, sizeof g), "aiter prefix == gfx950-32x8");
}

int main(void)
{
    typed_examples();
    random_shapes();
    return tb_finish("test_block_layout");
}
