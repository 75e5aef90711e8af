/* mxcts vendor plugin ABI, version 1.
 *
 * A vendor certifies its own FP8 / MX kernels with `mxcts run --backend
 * plugin:PATH` by building a shared library that exports
 *
 *     const mxcts_plugin_v1 *mxcts_plugin_get_v1(void);
 *
 * returning a static table: who it is, the compatibility profile it claims
 * (`mxcts profiles` lists them; "ocp" earns "OCP conformant") and one
 * function pointer per operation. Any operation may be NULL: its cases are
 * then reported NOT_SUPPORTED ("plugin has no <op>"), never FAIL. An
 * operation may also return MXCTS_ERR_UNSUPPORTED for one format or mode it
 * lacks (NOT_SUPPORTED for those cases only).
 *
 * The runner calls every operation in a child process with a time limit: a
 * crash or a hang fails that case, not the run. So an operation must not
 * rely on state set by an earlier call (each call may run in a fresh
 * process that has only seen mxcts_plugin_get_v1()), and must be
 * synchronous: when it returns, its outputs are final (device plugins copy
 * results back to the host pointers they are given).
 *
 * Data (all pointers are host memory, all arrays contiguous, row-major):
 *  - wide inputs / outputs are IEEE binary32 (`float`);
 *  - element codes are one per byte, FP6 in the low 6 bits, FP4 in the low 4
 *    bits (exactly as the reference's mxcts_encode_bulk writes them);
 *  - MX operands: codes[rows][k] with one E8M0 scale per 32 consecutive
 *    elements along k, scales[rows][k / 32] (MXCTS_PLUGIN_MX_BLOCK);
 *  - gemm_mx: C[m][n] = sum_k A(m,k) * B(n,k) (B is given N x K, like A),
 *    C is float M x N.
 *
 * Every operation returns an mxcts_status (mxcts/status.h): MXCTS_OK, or the
 * guard status for a bad argument (MXCTS_ERR_NULL for a NULL pointer,
 * MXCTS_ERR_SIZE for a non-positive size or k % 32 != 0 or a size product
 * that overflows, MXCTS_ERR_FORMAT for a format the operation does not take,
 * MXCTS_ERR_MODE for an out-of-range mode), writing nothing to any output
 * when it fails. The `guard` suite checks exactly that. n == 0 for the
 * element-wise operations is valid and writes nothing.
 *
 * Semantics are those of the claimed profile (spec/, DESIGN.md 2-4);
 * the runner compares against the bit-exact reference under that profile.
 * docs/PLUGINS.md has a minimal example; examples/plugins/ two full ones. */
#ifndef MXCTS_PLUGIN_H
#define MXCTS_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include "mxcts/format.h" /* mxcts_format: MXCTS_E4M3 ... MXCTS_E8M0 (values only, nothing to link) */
#include "mxcts/status.h" /* mxcts_status codes */

#ifdef __cplusplus
extern "C" {
#endif

#define MXCTS_PLUGIN_ABI_V1 1u
#define MXCTS_PLUGIN_MX_BLOCK 32
#define MXCTS_PLUGIN_ENTRY "mxcts_plugin_get_v1"

/* Rounding modes for encode (same values as mxcts_round in mxcts/convert.h). */
enum {
    MXCTS_PLUGIN_ROUND_RNE = 0, /* nearest, ties to even */
    MXCTS_PLUGIN_ROUND_RTZ = 1, /* toward zero */
    MXCTS_PLUGIN_ROUND_RUP = 2, /* toward +inf */
    MXCTS_PLUGIN_ROUND_RDN = 3  /* toward -inf */
};
/* Overflow policies for encode (same values as mxcts_overflow). */
enum {
    MXCTS_PLUGIN_SAT = 0,   /* clamp to +-max finite (+-Inf too) */
    MXCTS_PLUGIN_NONSAT = 1 /* E5M2 -> Inf, E4M3 -> NaN, FNUZ -> 0x80 */
};
/* MX scale selection for mx_quantize (same values as mxcts_scale_mode). */
enum {
    MXCTS_PLUGIN_SCALE_FLOOR = 0, /* OCP MX v1.0: 2^(floor(log2 amax) - emax_elem) */
    MXCTS_PLUGIN_SCALE_CEIL = 1,
    MXCTS_PLUGIN_SCALE_EVEN = 2,
    MXCTS_PLUGIN_SCALE_RCEIL = 3
};
/* How gemm_mx accumulates (the error bound is derived from it, DESIGN 4). */
enum {
    MXCTS_PLUGIN_ACCUM_DEFAULT = 0,    /* = BLOCKED, 32 terms, fp32 */
    MXCTS_PLUGIN_ACCUM_EXACT = 1,      /* exact sum, one rounding */
    MXCTS_PLUGIN_ACCUM_SEQUENTIAL = 2, /* one fp32 accumulator, term by term */
    MXCTS_PLUGIN_ACCUM_BLOCKED = 3,    /* fp32 sum per block of accum_block terms, scaled, then summed */
    MXCTS_PLUGIN_ACCUM_PAIRWISE = 4    /* any summation tree in fp32 */
};

typedef struct mxcts_plugin_v1 {
    uint32_t abi_version; /* MXCTS_PLUGIN_ABI_V1 */
    uint32_t struct_size; /* sizeof(mxcts_plugin_v1) as the plugin was compiled */
    const char *name;     /* e.g. "acme-mx" */
    const char *version;  /* the plugin's own version, e.g. "1.4.2" */
    const char *profile;  /* claimed profile, e.g. "ocp"; NULL means "ocp" */
    const char *device;   /* what it runs on, e.g. "ACME X100 (driver 5.1)"; may be NULL */
    int accum_kind;       /* MXCTS_PLUGIN_ACCUM_* for gemm_mx */
    int accum_block;      /* BLOCKED: terms per block (0 = 32) */

    /* n f32 values -> n codes of element format fmt (not E8M0). */
    int (*encode)(int fmt, const float *src, size_t n, uint8_t *dst, int round, int overflow);
    /* n codes of fmt (any format of format.h, E8M0 included) -> n exact f32 values. */
    int (*decode)(int fmt, const uint8_t *src, size_t n, float *dst);
    /* rows x k f32 (k % 32 == 0) -> codes rows x k of MX element format elem and
     * E8M0 scales rows x k/32, scale selection scale_mode, elements RNE + saturate. */
    int (*mx_quantize)(int elem, const float *src, int64_t rows, int64_t k, int scale_mode,
                       uint8_t *codes, uint8_t *scales);
    /* dst[r][c] = 2^(scales[r][c/32] - 127) * value(codes[r][c]) rounded once to f32;
     * scale 0xFF gives NaN for the whole block. */
    int (*mx_dequantize)(int elem, const uint8_t *codes, const uint8_t *scales, int64_t rows,
                         int64_t k, float *dst);
    /* C (M x N f32) = A (M x K, MX fmt_a) * B^T (B: N x K, MX fmt_b). */
    int (*gemm_mx)(int fmt_a, int fmt_b, int64_t m, int64_t n, int64_t k, const uint8_t *a,
                   const uint8_t *a_scales, const uint8_t *b, const uint8_t *b_scales, float *c);
    /* OCP <-> FNUZ bit re-encoding (E4M3 <-> E4M3FNUZ, E5M2 <-> E5M2FNUZ) keeping the bit
     * pattern (the value halves / doubles): OCP -0 -> 0x00, OCP NaN (and E5M2 Inf) -> 0x80,
     * FNUZ 0x80 -> OCP NaN; FNUZ top binade -> OCP +-max (saturated). */
    int (*reencode)(int src_fmt, int dst_fmt, const uint8_t *src, size_t n, uint8_t *dst);

    void *reserved[8]; /* NULL; later minor versions append here */
} mxcts_plugin_v1;

typedef const mxcts_plugin_v1 *(*mxcts_plugin_get_v1_fn)(void);

/* The one symbol a plugin exports (C linkage, default visibility even when
 * the plugin builds with -fvisibility=hidden). */
#ifndef MXCTS_PLUGIN_EXPORT
#if defined(__GNUC__) || defined(__clang__)
#define MXCTS_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define MXCTS_PLUGIN_EXPORT
#endif
#endif
MXCTS_PLUGIN_EXPORT const mxcts_plugin_v1 *mxcts_plugin_get_v1(void);

#ifdef __cplusplus
}
#endif
#endif
