/* MX block quantise / dequantise (OCP MX v1.0 section 6.3 "minimal" algorithm and
 * the scale-selection variants real stacks use), plus scale storage layouts.
 *
 * A block is `block_size` (32 for every concrete MX format) consecutive values
 * along the reduction dimension K sharing one E8M0 scale X = 2^(code-127):
 * value_i = X * element_i; X = 0xFF (NaN) makes the whole block NaN.
 * Rules, formulas and evidence: spec/mx-blocks.md.
 *
 * Matrices are row-major `rows` x `k` with a leading dimension (elements
 * between row starts, >= k). Element codes are stored one per byte, FP6 in the
 * low 6 bits and FP4 in the low 4 bits, exactly as mxcts_encode_bulk writes
 * them. Scales are one byte per block, row-major [rows][k / block_size] with
 * their own leading dimension; see mxcts_scale_layout_* for the pre-shuffled
 * layouts hardware GEMMs consume.
 *
 * Every entry point validates all of its arguments before writing anything:
 * on error nothing is written to any output. */
#ifndef MXCTS_MXBLOCK_H
#define MXCTS_MXBLOCK_H

#include <stddef.h>
#include <stdint.h>
#include "mxcts/convert.h"
#include "mxcts/format.h"
#include "mxcts/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MXCTS_MX_BLOCK 32 /* k of every concrete MX format (OCP MX v1.0) */

/* How the shared exponent s (X = 2^s, clamped to [-127, 127]) is chosen from the
 * block's amax a (taken as an f32; bf16/f16 inputs are widened exactly).
 * emax = emax_elem (E4M3 8, E5M2 15, E2M3 2, E3M2 4, E2M1 2, INT8 0), MAX = the
 * element's largest finite value. mx-semantics 3.2 has the sources. */
typedef enum mxcts_scale_mode {
    MXCTS_SCALE_FLOOR = 0,     /* OCP/microxcaling: floor(log2 a) - emax (default) */
    MXCTS_SCALE_CEIL,          /* torchao CEIL: ceil(log2 a) - emax */
    MXCTS_SCALE_EVEN,          /* torchao EVEN / Quark: FLOOR of a rounded half-up to element precision */
    MXCTS_SCALE_RCEIL,         /* NVIDIA (cuBLAS/cuDNN/TE), torchao RCEIL: E8M0 round-up of fl32(a * fl32(1/MAX)) */
    MXCTS_SCALE_TK_ROUND_UP,   /* triton_kernels mode 0: exponent of round-up of fl32(a / MAX) */
    MXCTS_SCALE_TK_ROUND_DOWN, /* triton_kernels mode 1: exponent of fl32(a / MAX), truncated */
    MXCTS_SCALE_TOSA,          /* TOSA CAST_TO_BLOCK_SCALED: smallest 2^s with a / 2^s not overflowing under RNE */
    MXCTS_SCALE_MODE_COUNT
} mxcts_scale_mode;

/* What a NaN among the block's inputs does to the scale. */
typedef enum mxcts_block_nan {
    MXCTS_BLOCK_NAN_SPEC = 0, /* X = 0xFF (microxcaling, torchao, TOSA; MX "X never finite for NaN") */
    MXCTS_BLOCK_NAN_IGNORE,   /* NaN left out of amax (fmaxf kernels: TE, triton_kernels) */
    MXCTS_BLOCK_NAN_COUNT
} mxcts_block_nan;

/* What a +-Inf among the block's inputs does to the scale. */
typedef enum mxcts_block_inf {
    MXCTS_BLOCK_INF_SPEC = 0,  /* X = 0xFF (microxcaling, torchao, TOSA) */
    MXCTS_BLOCK_INF_MAX_SCALE, /* X = 0xFE = 2^127 (TE: float_to_e8m0(Inf) saturates; gfloat clips) */
    MXCTS_BLOCK_INF_IGNORE,    /* Inf left out of amax: scale from the finite peers */
    MXCTS_BLOCK_INF_COUNT
} mxcts_block_inf;

/* What a +-Inf input becomes as an element when its block scale is finite
 * (only reachable with MXCTS_BLOCK_INF_MAX_SCALE or _IGNORE). */
typedef enum mxcts_block_inf_elem {
    MXCTS_BLOCK_INF_ELEM_SAT = 0, /* +-max finite (CUDA/PTX satfinite, TE, gfloat) */
    MXCTS_BLOCK_INF_ELEM_KEEP,    /* MX paper "Infs are not clamped": E5M2 +-Inf, E4M3 NaN; FP6/FP4/INT8 +-max */
    MXCTS_BLOCK_INF_ELEM_COUNT
} mxcts_block_inf_elem;

/* Rounding of value / X to the element format (finite overflow always saturates). */
typedef enum mxcts_elem_round {
    MXCTS_ELEM_RNE = 0,    /* nearest, ties to even (OFP8 5.2.1; default) */
    MXCTS_ELEM_HALF_AWAY,  /* nearest, ties away from zero (microxcaling round="nearest") */
    MXCTS_ELEM_HALF_UP,    /* nearest, ties toward +Inf (floor(x + 1/2)) */
    MXCTS_ELEM_ROUND_COUNT
} mxcts_elem_round;

/* The block quantiser's knobs. mxcts_block_config_init gives the OCP defaults. */
typedef struct mxcts_block_config {
    int block_size;                 /* values per scale along K: 32 (default); any >= 1 */
    mxcts_scale_mode scale_mode;    /* MXCTS_SCALE_FLOOR */
    mxcts_block_nan nan_policy;     /* MXCTS_BLOCK_NAN_SPEC */
    mxcts_block_inf inf_policy;     /* MXCTS_BLOCK_INF_SPEC */
    mxcts_block_inf_elem inf_elem;  /* MXCTS_BLOCK_INF_ELEM_SAT */
    mxcts_elem_round round;         /* MXCTS_ELEM_RNE */
    int int8_min;                   /* most negative INT8 element code value: -128 (default, 0x80 = -2.0
                                       allowed: gfloat, TOSA) or -127 (microxcaling) */
} mxcts_block_config;

/* OCP defaults: block 32, FLOOR, NaN and Inf -> scale 0xFF, Inf element SAT, RNE, INT8 min -128. */
mxcts_status mxcts_block_config_init(mxcts_block_config *cfg);

/* MXCTS_OK if every knob is in range (MXCTS_ERR_SIZE for block_size < 1, else MXCTS_ERR_MODE). */
mxcts_status mxcts_block_config_validate(const mxcts_block_config *cfg);

/* Names used on the command line ("floor", "ceil", "even", "rceil", "tk_round_up",
 * "tk_round_down", "tosa"; "spec"/"ignore"; "spec"/"max-scale"/"ignore";
 * "rne"/"half-away"/"half-up"). The name functions return "?" when out of range. */
const char *mxcts_scale_mode_name(mxcts_scale_mode m);
mxcts_status mxcts_scale_mode_from_name(const char *name, mxcts_scale_mode *m);
const char *mxcts_elem_round_name(mxcts_elem_round r);
mxcts_status mxcts_elem_round_from_name(const char *name, mxcts_elem_round *r);
const char *mxcts_block_nan_name(mxcts_block_nan p);
mxcts_status mxcts_block_nan_from_name(const char *name, mxcts_block_nan *p);
const char *mxcts_block_inf_name(mxcts_block_inf p);
mxcts_status mxcts_block_inf_from_name(const char *name, mxcts_block_inf *p);

/* 1 if `elem` is an MX element format (e4m3, e5m2, e2m3, e3m2, e2m1, int8), else 0. */
int mxcts_mx_elem_ok(mxcts_format elem);

/* The E8M0 scale code that `cfg->scale_mode` gives for a block whose amax is
 * the f32 with bit pattern `amax_bits` (its sign bit is ignored). A NaN or Inf
 * amax follows cfg->nan_policy / cfg->inf_policy (an "ignore" policy has no
 * peers here and gives the code of amax 0, i.e. 0x00). amax 0 gives 0x00. */
mxcts_status mxcts_mx_scale_from_amax(mxcts_format elem, uint32_t amax_bits,
                                      const mxcts_block_config *cfg, uint8_t *scale);

/* Quantise one block of n >= 1 values of type `src` (MXCTS_WIDE_F32, _F16 or
 * _BF16: arrays of uint32/uint16 bit patterns) into one scale and n element
 * codes. cfg->block_size is not used (the block is the n values). */
mxcts_status mxcts_mx_quantize_block(mxcts_format elem, mxcts_wide src, const void *in, int64_t n,
                                     const mxcts_block_config *cfg, uint8_t *scale, uint8_t *codes);

/* Quantise a rows x k matrix (k a multiple of cfg->block_size; rows, k >= 1;
 * ld_in, ld_codes >= k; ld_scales >= k / block_size). OpenMP-parallel over
 * blocks; the bytes do not depend on the thread count. */
mxcts_status mxcts_mx_quantize(mxcts_format elem, mxcts_wide src, const void *in, int64_t rows,
                               int64_t k, int64_t ld_in, const mxcts_block_config *cfg,
                               uint8_t *codes, int64_t ld_codes, uint8_t *scales, int64_t ld_scales);

/* Dequantise: out[r][j] = X(r, j / block_size) * element(codes[r][j]) computed
 * exactly, then rounded once (RNE) to `dst` (MXCTS_WIDE_F64, _F32, _F16, _BF16;
 * output arrays of double / uint32 / uint16 bit patterns). Overflow of the
 * output type gives +-Inf, underflow gives (signed) zero or a subnormal.
 * Scale 0xFF gives +NaN for the whole block; a NaN element gives a quiet NaN
 * with the code's sign; an E5M2 Inf element gives +-Inf. Element codes with
 * bits above the format's width are MXCTS_ERR_CODE_RANGE (checked first). */
mxcts_status mxcts_mx_dequantize(mxcts_format elem, const uint8_t *codes, int64_t ld_codes,
                                 const uint8_t *scales, int64_t ld_scales, int64_t rows, int64_t k,
                                 int block_size, mxcts_wide dst, void *out, int64_t ld_out);

/* One dequantised value as an exact double (the product is always exact in
 * binary64) and its correctly rounded bit pattern in `dst` (may be NULL). */
mxcts_status mxcts_mx_dequantize_one(mxcts_format elem, uint8_t scale, unsigned code, mxcts_wide dst,
                                     double *exact, uint64_t *bits);

/* ---- Scale storage layouts ------------------------------------------------ */

/* A layout maps the row-major scale matrix S[rows][cols] (cols = K / 32) to a
 * byte buffer. The pre-shuffled ones pad S with a caller-chosen byte first. */
typedef enum mxcts_scale_layout {
    /* S itself, rows x cols, no padding. */
    MXCTS_SCALE_LAYOUT_ROW_MAJOR = 0,
    /* gfx950 scaled-MFMA 16x16x128 order: pad to (rows up to 32, cols up to 8), view as
     * (R/32, 2, 16, C/8, 2, 4), permute (0, 3, 5, 2, 4, 1), flatten. This is hipBLASLt's
     * Block_32_UE8M0_32_8_EXT (mxDataGenerator PreSwizzle.hpp preSwizzleScalesGFX950)
     * and triton's CDNA4 preshuffle for mfma_nonkdim = 16. */
    MXCTS_SCALE_LAYOUT_GFX950_32X8,
    /* aiter e8m0_shuffle (aiter/utility/fp4_utils.py): the same permutation with the
     * rows padded up to a multiple of 256 (so the buffer may hold extra 32-row groups). */
    MXCTS_SCALE_LAYOUT_AITER_E8M0_SHUFFLE,
    /* triton CDNA4 preshuffle for mfma_nonkdim = 32 (scaled MFMA 32x32x64): pad to
     * (32, 8), view as (R/32, 32, C/8, 4, 2), permute (0, 2, 4, 1, 3), flatten. */
    MXCTS_SCALE_LAYOUT_CDNA4_MFMA32,
    /* NVIDIA block-scaled GEMM (cuBLASLt / CUTLASS sm_100, "128x4"): pad to (rows up to
     * 128, cols up to 4), view as (R/128, 4, 32, C/4, 4), permute (0, 3, 2, 1, 4),
     * flatten: 512-byte tiles of 128 rows x 4 columns, rows interleaved 0, 32, 64, 96,
     * 1, 33, ... (torchao to_blocked; TransformerEngine mxfp8 docs). */
    MXCTS_SCALE_LAYOUT_SM100_128X4,
    MXCTS_SCALE_LAYOUT_COUNT
} mxcts_scale_layout;

const char *mxcts_scale_layout_name(mxcts_scale_layout l);
mxcts_status mxcts_scale_layout_from_name(const char *name, mxcts_scale_layout *l);

/* Padded shape and byte size of layout `l` for an S of rows x cols (>= 1 each). */
mxcts_status mxcts_scale_layout_shape(mxcts_scale_layout l, int64_t rows, int64_t cols,
                                      int64_t *padded_rows, int64_t *padded_cols, size_t *bytes);

/* Byte offset of S[r][c] in the buffer of layout `l` with padded shape pr x pc
 * (0 <= r < pr, 0 <= c < pc; pr, pc as returned by mxcts_scale_layout_shape). */
mxcts_status mxcts_scale_layout_offset(mxcts_scale_layout l, int64_t pr, int64_t pc, int64_t r,
                                       int64_t c, size_t *offset);

/* S (rows x cols, leading dimension ld >= cols) -> buffer `out` of out_size
 * bytes (>= the size from mxcts_scale_layout_shape); padding cells get `pad`. */
mxcts_status mxcts_scale_layout_pack(mxcts_scale_layout l, const uint8_t *s, int64_t rows,
                                     int64_t cols, int64_t ld, uint8_t pad, uint8_t *out,
                                     size_t out_size);

/* The inverse: buffer -> S (rows x cols, leading dimension ld); padding is dropped. */
mxcts_status mxcts_scale_layout_unpack(mxcts_scale_layout l, const uint8_t *buf, size_t buf_size,
                                       int64_t rows, int64_t cols, uint8_t *s, int64_t ld);

#ifdef __cplusplus
}
#endif
#endif
