/* Scale storage layouts: row-major and the pre-shuffled orders gfx950 scaled
 * MFMA kernels read directly. Each is a permutation of the padded matrix,
 * written here as an offset function; pack and unpack are its two directions.
 * Sources (spec/mx-blocks.md section 5):
 *   GFX950_32X8         rocm-libraries shared/mxdatagenerator PreSwizzle.hpp
 *                       preSwizzleScalesGFX950 (hipBLASLt Block_32_UE8M0_32_8_EXT);
 *                       triton test_matmul.py shuffle_scales_cdna4, mfma_nonkdim 16
 *   AITER_E8M0_SHUFFLE  aiter/utility/fp4_utils.py e8m0_shuffle (rows padded to 256)
 *   CDNA4_MFMA32        triton test_matmul.py shuffle_scales_cdna4, mfma_nonkdim 32
 *   SM100_128X4         torchao mx_formats utils to_blocked; TransformerEngine
 *                       docs/features/low_precision_training/mxfp8 (cuBLAS 128x4) */
#include <string.h>
#include "mxblock_internal.h"

static const char *const layout_names[MXCTS_SCALE_LAYOUT_COUNT] = {
    "row-major", "gfx950-32x8", "aiter-e8m0-shuffle", "cdna4-mfma32", "sm100-128x4"};

const char *mxcts_scale_layout_name(mxcts_scale_layout l)
{
    return (unsigned)l < MXCTS_SCALE_LAYOUT_COUNT ? layout_names[l] : "?";
}

mxcts_status mxcts_scale_layout_from_name(const char *name, mxcts_scale_layout *l)
{
    if (!name || !l)
        return MXCTS_ERR_NULL;
    for (int i = 0; i < MXCTS_SCALE_LAYOUT_COUNT; i++)
        if (!strcmp(name, layout_names[i])) {
            *l = (mxcts_scale_layout)i;
            return MXCTS_OK;
        }
    return MXCTS_ERR_MODE;
}

static int64_t round_up(int64_t v, int64_t m)
{
    return (v + m - 1) / m * m;
}

mxcts_status mxcts_scale_layout_shape(mxcts_scale_layout l, int64_t rows, int64_t cols,
                                      int64_t *padded_rows, int64_t *padded_cols, size_t *bytes)
{
    if ((unsigned)l >= MXCTS_SCALE_LAYOUT_COUNT)
        return MXCTS_ERR_MODE;
    if (rows < 1 || cols < 1 || rows > INT64_MAX / 2 || cols > INT64_MAX / 2)
        return MXCTS_ERR_SIZE;
    int64_t pr = rows, pc = cols, n;
    if (l == MXCTS_SCALE_LAYOUT_GFX950_32X8 || l == MXCTS_SCALE_LAYOUT_CDNA4_MFMA32)
        pr = round_up(rows, 32), pc = round_up(cols, 8);
    else if (l == MXCTS_SCALE_LAYOUT_AITER_E8M0_SHUFFLE)
        pr = round_up(rows, 256), pc = round_up(cols, 8);
    else if (l == MXCTS_SCALE_LAYOUT_SM100_128X4)
        pr = round_up(rows, 128), pc = round_up(cols, 4);
    if (__builtin_mul_overflow(pr, pc, &n) || (uint64_t)n > (uint64_t)PTRDIFF_MAX)
        return MXCTS_ERR_SIZE;
    if (padded_rows)
        *padded_rows = pr;
    if (padded_cols)
        *padded_cols = pc;
    if (bytes)
        *bytes = (size_t)n;
    return MXCTS_OK;
}

/* Offset of S[r][c] in the padded pr x pc buffer (arguments already checked). */
static size_t layout_offset(mxcts_scale_layout l, int64_t pc, int64_t r, int64_t c)
{
    switch (l) {
    case MXCTS_SCALE_LAYOUT_GFX950_32X8:
    case MXCTS_SCALE_LAYOUT_AITER_E8M0_SHUFFLE: {
        /* view (R/32, 2, 16, C/8, 2, 4) -> permute (0, 3, 5, 2, 4, 1) */
        int64_t a = r / 32, b = (r / 16) % 2, cc = r % 16;
        int64_t d = c / 8, e = (c / 4) % 2, f = c % 4;
        return (size_t)(((((a * (pc / 8) + d) * 4 + f) * 16 + cc) * 2 + e) * 2 + b);
    }
    case MXCTS_SCALE_LAYOUT_CDNA4_MFMA32: {
        /* view (R/32, 32, C/8, 4, 2) -> permute (0, 2, 4, 1, 3) */
        int64_t a = r / 32, i = r % 32;
        int64_t d = c / 8, g = (c / 2) % 4, h = c % 2;
        return (size_t)((((a * (pc / 8) + d) * 2 + h) * 32 + i) * 4 + g);
    }
    case MXCTS_SCALE_LAYOUT_SM100_128X4: {
        /* view (R/128, 4, 32, C/4, 4) -> permute (0, 3, 2, 1, 4) */
        int64_t a = r / 128, i0 = (r / 32) % 4, i1 = r % 32;
        int64_t d = c / 4, f = c % 4;
        return (size_t)((((a * (pc / 4) + d) * 32 + i1) * 4 + i0) * 4 + f);
    }
    default:
        return (size_t)(r * pc + c);
    }
}

static int shape_ok(mxcts_scale_layout l, int64_t pr, int64_t pc)
{
    int64_t n;
    if (pr < 1 || pc < 1 || __builtin_mul_overflow(pr, pc, &n))
        return 0;
    if (l == MXCTS_SCALE_LAYOUT_ROW_MAJOR)
        return 1;
    if (l == MXCTS_SCALE_LAYOUT_SM100_128X4)
        return pr % 128 == 0 && pc % 4 == 0;
    if (pc % 8)
        return 0;
    return pr % (l == MXCTS_SCALE_LAYOUT_AITER_E8M0_SHUFFLE ? 256 : 32) == 0;
}

mxcts_status mxcts_scale_layout_offset(mxcts_scale_layout l, int64_t pr, int64_t pc, int64_t r,
                                       int64_t c, size_t *offset)
{
    if (!offset)
        return MXCTS_ERR_NULL;
    if ((unsigned)l >= MXCTS_SCALE_LAYOUT_COUNT)
        return MXCTS_ERR_MODE;
    if (!shape_ok(l, pr, pc) || r < 0 || c < 0 || r >= pr || c >= pc)
        return MXCTS_ERR_SIZE;
    *offset = layout_offset(l, pc, r, c);
    return MXCTS_OK;
}

static mxcts_status check_io(mxcts_scale_layout l, const void *a, const void *b, int64_t rows,
                             int64_t cols, int64_t ld, size_t buf_size, int64_t *pc)
{
    if (!a || !b)
        return MXCTS_ERR_NULL;
    size_t need;
    int64_t pr, ext;
    mxcts_status st = mxcts_scale_layout_shape(l, rows, cols, &pr, pc, &need);
    if (st)
        return st;
    if (ld < cols || !blk_extent(rows, ld, cols, &ext) || buf_size < need)
        return MXCTS_ERR_SIZE;
    return MXCTS_OK;
}

mxcts_status mxcts_scale_layout_pack(mxcts_scale_layout l, const uint8_t *s, int64_t rows,
                                     int64_t cols, int64_t ld, uint8_t pad, uint8_t *out,
                                     size_t out_size)
{
    int64_t pc = 0, pr = 0;
    mxcts_status st = check_io(l, s, out, rows, cols, ld, out_size, &pc);
    if (st)
        return st;
    size_t need = 0;
    mxcts_scale_layout_shape(l, rows, cols, &pr, &pc, &need);
    memset(out, pad, need);
#pragma omp parallel for schedule(static)
    for (int64_t r = 0; r < rows; r++)
        for (int64_t c = 0; c < cols; c++)
            out[layout_offset(l, pc, r, c)] = s[r * ld + c];
    return MXCTS_OK;
}

mxcts_status mxcts_scale_layout_unpack(mxcts_scale_layout l, const uint8_t *buf, size_t buf_size,
                                       int64_t rows, int64_t cols, uint8_t *s, int64_t ld)
{
    int64_t pc = 0;
    mxcts_status st = check_io(l, buf, s, rows, cols, ld, buf_size, &pc);
    if (st)
        return st;
#pragma omp parallel for schedule(static)
    for (int64_t r = 0; r < rows; r++)
        for (int64_t c = 0; c < cols; c++)
            s[r * ld + c] = buf[layout_offset(l, pc, r, c)];
    return MXCTS_OK;
}
