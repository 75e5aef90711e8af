/* Shared helpers of the MX block tests (test_block_*.c): checks that count
 * failures and print the case, and a one-block quantiser call. Expected values
 * in these tests are typed in from spec tables or derived independently in the
 * test, never produced by the code under test. */
#ifndef MXCTS_TEST_BLOCK_UTIL_H
#define MXCTS_TEST_BLOCK_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "mxcts/mxblock.h"

static long tb_checks, tb_failures;

#define TB_CHECK(cond, ...)                                                  \
    do {                                                                     \
        tb_checks++;                                                         \
        if (!(cond)) {                                                       \
            tb_failures++;                                                   \
            if (tb_failures <= 50) {                                         \
                fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);        \
                fprintf(stderr, __VA_ARGS__);                                \
                fputc('\n', stderr);                                         \
            }                                                                \
        }                                                                    \
    } while (0)

#define TB_EQ(got, want, what)                                               \
    TB_CHECK((uint64_t)(got) == (uint64_t)(want), "%s: got 0x%llx want 0x%llx", what, \
             (unsigned long long)(got), (unsigned long long)(want))

static inline int tb_finish(const char *name)
{
    printf("%s: %ld checks, %ld failures\n", name, tb_checks, tb_failures);
    return tb_failures ? 1 : 0;
}

static inline mxcts_block_config tb_cfg(mxcts_scale_mode mode)
{
    mxcts_block_config c;
    mxcts_block_config_init(&c);
    c.scale_mode = mode;
    return c;
}

/* A 32-value f32 block: the first `n` values given, the rest +0.0. */
static inline void tb_block_f32(uint32_t *blk, const uint32_t *vals, int n)
{
    memset(blk, 0, 32 * sizeof *blk);
    memcpy(blk, vals, (size_t)n * sizeof *vals);
}

static inline int tb_quant32(mxcts_format elem, const mxcts_block_config *c, const uint32_t *vals, int n,
                      uint8_t *scale, uint8_t *codes)
{
    uint32_t blk[32];
    tb_block_f32(blk, vals, n);
    return (int)mxcts_mx_quantize_block(elem, MXCTS_WIDE_F32, blk, 32, c, scale, codes);
}

#endif
