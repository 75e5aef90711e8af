/* mxcts kernel library: one C API (prefix mxk_) over a CPU backend (OpenMP C)
 * and a HIP backend (AMD targets, and NVIDIA through a project-local
 * HIP->CUDA header). Design: DESIGN.md section 5.
 *
 * Rules every entry point keeps:
 *  - it returns an mxk_status; MXK_OK (0) is success;
 *  - arguments are checked before any launch or write ("guards"); when a
 *    call fails, nothing has been written to its outputs;
 *  - no global mutable state: a context is immutable after creation and may
 *    be shared by threads; streams are passed per call.
 *
 * Data: tensors are 2-D, row-major, described by mxk_tensor (pointer, dtype,
 * rows, cols, leading dimension in elements). The pointer is host memory for
 * the cpu backend and device memory for hip backends. FP6/FP4 codes are
 * stored one per byte (low bits), INT8 (MX) codes as bytes, E8M0 scales as
 * bytes. MX blocks are 32 consecutive elements along a row (cols % 32 == 0).
 */
#ifndef MXCTS_KERNELS_H
#define MXCTS_KERNELS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MXK_VERSION_MAJOR 0
#define MXK_VERSION_MINOR 1
#define MXK_BLOCK 32 /* MX block size k */

typedef enum mxk_status {
    MXK_OK = 0,
    MXK_ERR_NULL = 1,         /* a required pointer (context, descriptor, data, options) is NULL */
    MXK_ERR_SIZE = 2,         /* a dimension is zero or negative */
    MXK_ERR_ALIGN = 3,        /* MX: the row length (K) is not a multiple of 32 */
    MXK_ERR_OVERFLOW = 4,     /* a size product (rows * ld, elements * bytes) overflows 64 bits */
    MXK_ERR_LD = 5,           /* leading dimension smaller than the row */
    MXK_ERR_RANGE = 6,        /* a byte offset exceeds what the chosen kernel can address */
    MXK_ERR_DTYPE = 7,        /* dtype / format not valid for this operand */
    MXK_ERR_SHAPE = 8,        /* operands' shapes do not agree */
    MXK_ERR_MODE = 9,         /* an option (rounding, overflow, scale mode, layout...) is out of range */
    MXK_ERR_VALUE = 10,       /* a scalar argument is invalid (e.g. scale not finite and > 0) */
    MXK_ERR_UNSUPPORTED = 11, /* valid request, but the active target has no path: see mxk_dispatch_query */
    MXK_ERR_BACKEND = 12,     /* unknown backend name, backend not built, or no such device */
    MXK_ERR_RUNTIME = 13,     /* the device runtime reported an error */
    MXK_ERR_ALLOC = 14,       /* out of host memory */
    MXK_ERR_INDEX = 15,       /* an index array entry (MoE token / expert id) is out of range */
    MXK_STATUS_COUNT
} mxk_status;

/* Static, human-readable text for a status (never NULL). */
const char *mxk_status_string(int status);

/* Element types. Values of the codes follow DESIGN.md section 2. */
typedef enum mxk_dtype {
    MXK_F32 = 0,
    MXK_F16,
    MXK_BF16,
    MXK_E4M3,     /* OCP FP8 E4M3 ("fn") */
    MXK_E5M2,     /* OCP FP8 E5M2 */
    MXK_E4M3FNUZ, /* AMD gfx942 fp8 */
    MXK_E5M2FNUZ, /* AMD gfx942 bf8 */
    MXK_E2M3,     /* MX FP6, one code per byte */
    MXK_E3M2,     /* MX FP6, one code per byte */
    MXK_E2M1,     /* MX FP4, one code per byte */
    MXK_INT8,     /* MX INT8 element: q * 2^-6 */
    MXK_E8M0,     /* MX scale */
    MXK_DTYPE_COUNT
} mxk_dtype;

const char *mxk_dtype_name(mxk_dtype t);          /* "f32", "e4m3", ...; "?" if out of range */
mxk_status mxk_dtype_from_name(const char *name, mxk_dtype *t);
size_t mxk_dtype_size(mxk_dtype t);               /* bytes per stored element; 0 if out of range */

typedef struct mxk_tensor {
    void *data;      /* host (cpu) or device (hip) pointer */
    mxk_dtype dtype;
    int64_t rows;    /* > 0 */
    int64_t cols;    /* > 0 */
    int64_t ld;      /* elements between row starts, >= cols */
} mxk_tensor;

/* A contiguous rows x cols tensor (ld = cols). */
mxk_tensor mxk_tensor_2d(void *data, mxk_dtype dtype, int64_t rows, int64_t cols);

/* ---- conversion options --------------------------------------------- */
typedef enum mxk_round { MXK_ROUND_RNE = 0, MXK_ROUND_RTZ, MXK_ROUND_RUP, MXK_ROUND_RDN, MXK_ROUND_COUNT } mxk_round;
typedef enum mxk_overflow {
    MXK_SAT = 0,    /* clamp to +-max; +-Inf saturates too (OFP8 Table 3) */
    MXK_NONSAT,     /* E5M2 -> Inf, E4M3 -> NaN, FNUZ -> 0x80 (IEEE 754 7.4 for directed modes) */
    MXK_OVERFLOW_COUNT
} mxk_overflow;
typedef enum mxk_nan_sign { MXK_NAN_SIGN_PRESERVE = 0, MXK_NAN_SIGN_CLEAR, MXK_NAN_SIGN_COUNT } mxk_nan_sign;

typedef struct mxk_convert_opts {
    mxk_round round;
    mxk_overflow overflow;
    mxk_nan_sign nan_sign;
    int int8_min; /* MX INT8 most negative code value: -128 (default) or -127 */
} mxk_convert_opts;

/* OCP defaults: RNE, SAT, NaN sign preserved, INT8 min -128. */
mxk_convert_opts mxk_convert_opts_ocp(void);
/* Named profiles: "ocp", "ocp_nonsat", "cuda_satfinite", "cuda_nosat". */
mxk_status mxk_convert_opts_from_profile(const char *profile, mxk_convert_opts *opts);

/* ---- MX options ------------------------------------------------------ */
typedef enum mxk_scale_mode {
    MXK_SCALE_FLOOR = 0, /* OCP v1.0: 2^(floor(log2 amax) - emax_elem) */
    MXK_SCALE_CEIL,      /* 2^(ceil(log2 amax) - emax_elem) */
    MXK_SCALE_EVEN,      /* amax rounded half-up at element precision, then floor (torchao) */
    MXK_SCALE_RCEIL,     /* E8M0 round-up of fl32(amax * fl32(1/max_elem)) (NVIDIA, torchao) */
    MXK_SCALE_MODE_COUNT
} mxk_scale_mode;

typedef enum mxk_nan_policy {
    MXK_BLOCK_NAN_PROPAGATE = 0, /* spec: a NaN or Inf in the block gives scale 0xFF */
    MXK_BLOCK_NAN_IGNORE,        /* scale from finite peers (fmaxf-style) */
    MXK_BLOCK_NAN_COUNT
} mxk_nan_policy;

/* Where block c of row r keeps its E8M0 scale. For the named hardware
 * layouts the scale tensor is the padded matrix, dense: rows rounded up to
 * R, K/32 rounded up to C, ld == cols (mxk_scale_shape gives the shape);
 * quantise writes the padding cells as 0x00. Quantise and dequantise take
 * every layout; the GEMM family reads row-major scales only. */
typedef enum mxk_scale_layout {
    MXK_LAYOUT_ROW_MAJOR = 0,    /* scales[rows][K/32] with the scale tensor's ld */
    MXK_LAYOUT_CDNA4_PRESHUFFLE, /* gfx950 scaled MFMA 16x16x128: R = 32, C = 8; view (R/32, 2, 16, C/8,
                                    2, 4), permute (0, 3, 5, 2, 4, 1) (hipBLASLt Block_32_UE8M0_32_8_EXT,
                                    aiter e8m0_shuffle with 32-row padding; reference gfx950-32x8) */
    MXK_LAYOUT_SM100_SWIZZLE,    /* NVIDIA block-scaled GEMM 128x4 tiles: R = 128, C = 4; view (R/128, 4,
                                    32, C/4, 4), permute (0, 3, 2, 1, 4) (cuBLASLt, CUTLASS sm_100,
                                    torchao to_blocked; reference sm100-128x4) */
    MXK_LAYOUT_COUNT
} mxk_scale_layout;

typedef struct mxk_mx_opts {
    mxk_scale_mode scale_mode;
    mxk_nan_policy nan_policy;
    mxk_scale_layout layout;
    int int8_min; /* -128 (default) or -127 */
} mxk_mx_opts;

/* OCP defaults: floor, NaN/Inf -> 0xFF, row-major scales, INT8 min -128.
 * Elements are value / X converted with RNE, finite overflow saturating
 * (NaN elements under the "ignore" policy give the positive NaN code).
 * In a block whose scale is 0xFF every element byte is the format's positive
 * NaN code (E4M3 0x7F, E5M2 0x7F) or 0x00 for formats without NaN. */
mxk_mx_opts mxk_mx_opts_ocp(void);

/* ---- context and targets --------------------------------------------- */
typedef struct mxk_context mxk_context;
typedef void *mxk_stream; /* hipStream_t / cudaStream_t; NULL = default stream; ignored by cpu */

/* backend: "cpu", "hip" (device 0) or "hip:N". */
mxk_status mxk_context_create(const char *backend, mxk_context **ctx);
mxk_status mxk_context_destroy(mxk_context *ctx);

typedef struct mxk_target_info {
    char backend[8];      /* "cpu" or "hip" */
    int device;           /* device ordinal (-1 for cpu) */
    char target[32];      /* exact target name: "cpu", "gfx942", "gfx1201", "sm_90", ... */
    char name[96];        /* device name as the runtime reports it */
    char platform[16];    /* "host", "amd" or "nvidia" */
    int wave_size;        /* 64 on CDNA, 32 on RDNA and NVIDIA, 1 on cpu */
    int compute_units;    /* CUs / SMs / host threads */
    int64_t global_mem;   /* bytes (0 if unknown) */
    int hw_fp8_ocp;       /* hardware OCP FP8 conversion used by a path here */
    int hw_fp8_fnuz;      /* hardware FNUZ FP8 conversion used by a path here */
} mxk_target_info;

mxk_status mxk_target_info_get(const mxk_context *ctx, mxk_target_info *info);

/* Number of devices a backend sees ("hip"): 0 when the backend is not built
 * or no device is present (that is not an error). */
mxk_status mxk_device_count(const char *backend, int *count);

/* ---- dispatch table ---------------------------------------------------- */
typedef enum mxk_op {
    MXK_OP_ENCODE = 0,  /* f32/f16/bf16 -> FP8/FP6/FP4/INT8, per-tensor scale */
    MXK_OP_DECODE,      /* codes -> f32/bf16, per-tensor scale */
    MXK_OP_MX_QUANTIZE, /* f32/f16/bf16 -> MX elements + E8M0 scales */
    MXK_OP_MX_DEQUANTIZE,
    MXK_OP_REENCODE,    /* OCP <-> FNUZ */
    MXK_OP_GEMM_MX,     /* C = A . B^T, MX FP8 operands (mxk_gemm_mx) */
    MXK_OP_GEMM_FP8,    /* per-tensor-scaled FP8 weights x FP8 / bf16 / f16 (mxk_gemm_fp8) */
    MXK_OP_GEMV_MX,     /* decode regime M <= 16 (mxk_gemv_mx) */
    MXK_OP_MOE_GEMM_MX, /* MoE grouped MX GEMM over sorted token ids (mxk_moe_gemm_mx) */
    MXK_OP_LINEAR_MXFP8,/* per-token MX quantisation of activations + gemm_mx (mxk_linear_mxfp8) */
    MXK_OP_COUNT
} mxk_op;
const char *mxk_op_name(mxk_op op);

typedef struct mxk_path_info {
    int supported;          /* 1: a path exists */
    const char *path;       /* e.g. "cpu_omp", "hip_sw", "hip_gfx942_cvt_pk_fnuz" */
    const char *reason;     /* why this path (or why unsupported); static text */
    int64_t max_bytes;      /* largest byte offset the path addresses */
} mxk_path_info;

/* Which path `ctx` would use for op with element format `fmt` (the FP8/MX
 * side of the op) under conversion options `copts` (may be NULL = ocp).
 * Does not launch anything. */
mxk_status mxk_dispatch_query(const mxk_context *ctx, mxk_op op, mxk_dtype fmt,
                              const mxk_convert_opts *copts, mxk_path_info *info);

/* The static table rows: (op, target, envelope, profile) -> path / reason. */
typedef struct mxk_dispatch_row {
    mxk_op op;
    const char *target;    /* exact target name or "*" for any target of the backend */
    const char *backend;   /* "cpu" or "hip" */
    const char *formats;   /* formats covered, e.g. "e4m3fnuz,e5m2fnuz" or "*" */
    const char *profile;   /* "rne+sat", "*", ... */
    const char *envelope;  /* shape envelope, e.g. "any", "K%32==0" */
    const char *path;      /* path name, or "unsupported" */
    const char *reason;
    int64_t max_bytes;
} mxk_dispatch_row;

size_t mxk_dispatch_row_count(void);
const mxk_dispatch_row *mxk_dispatch_row_get(size_t i);

/* Targets this build knows: every target of the compile matrix with how it
 * was built here ("compiled", "compiled+run-capable", "no compiler here",
 * "not built"). */
typedef struct mxk_build_target {
    const char *target;
    const char *platform;  /* "amd", "nvidia", "host" */
    const char *status;
} mxk_build_target;
size_t mxk_build_target_count(void);
mxk_status mxk_build_target_get(size_t i, mxk_build_target *out);

/* Print devices found, targets, and the dispatch table (used by `mxcts targets`). */
mxk_status mxk_dispatch_table_print(FILE *out);

/* ---- operations ------------------------------------------------------- */

/* dst = encode(fl32(src * scale)), elementwise. src: F32/F16/BF16; dst: any
 * element format (FP8, FNUZ, FP6, FP4, INT8). scale: finite, > 0. */
mxk_status mxk_encode(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *src,
                      const mxk_tensor *dst, float scale, const mxk_convert_opts *opts);

/* dst = fl32(decode(src) * scale), elementwise (BF16 output: RNE of that f32).
 * src: element format; dst: F32 or BF16. scale: finite, > 0. */
mxk_status mxk_decode(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *src,
                      const mxk_tensor *dst, float scale);

/* Shape of the E8M0 scale tensor for rows x K elements in `layout`:
 * rows x K/32 for row-major, the padded matrix otherwise (see
 * mxk_scale_layout). MXK_ERR_MODE, MXK_ERR_SIZE (rows < 1, K < 32,
 * overflow), MXK_ERR_ALIGN (K % 32). */
mxk_status mxk_scale_shape(mxk_scale_layout layout, int64_t rows, int64_t K, int64_t *scale_rows,
                           int64_t *scale_cols);

/* MX quantise: src F32/F16/BF16 rows x K (K % 32 == 0); elems rows x K in
 * an MX element format (E4M3, E5M2, E2M3, E3M2, E2M1, INT8); scales E8M0
 * in opts->layout (mxk_scale_shape). */
mxk_status mxk_mx_quantize(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *src,
                           const mxk_tensor *elems, const mxk_tensor *scales,
                           const mxk_mx_opts *opts);

/* MX dequantise: dst[r][c] = 2^(X-127) * decode(elem); X = 0xFF -> NaN.
 * dst: F32, BF16 or F16, rounded once (RNE) from the exact product; past the
 * type's range: +-Inf.
 * scales in `layout` (mxk_scale_shape). */
mxk_status mxk_mx_dequantize(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *elems,
                             const mxk_tensor *scales, const mxk_tensor *dst,
                             mxk_scale_layout layout);

typedef enum mxk_reencode_mode {
    /* Keep the bit pattern (value halves OCP->FNUZ, doubles FNUZ->OCP; the
     * caller adjusts its scale by 2): OCP -0 (0x80) -> FNUZ 0x00, OCP NaN ->
     * FNUZ 0x80; FNUZ 0x80 -> OCP NaN 0x7F; FNUZ E4M3 +-240 (0x7F/0xFF), which
     * OCP E4M3 cannot hold as a bit pattern, -> +-448 saturated (0x7E/0xFE). */
    MXK_REENCODE_BITS = 0,
    /* Keep the value: decode, then encode with the given options (one rounding). */
    MXK_REENCODE_VALUE,
    MXK_REENCODE_COUNT
} mxk_reencode_mode;

/* src/dst: E4M3 <-> E4M3FNUZ or E5M2 <-> E5M2FNUZ (VALUE mode: any FP8 pair). */
mxk_status mxk_reencode(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *src,
                        const mxk_tensor *dst, mxk_reencode_mode mode,
                        const mxk_convert_opts *opts);

/* ---- GEMM family (C = A . B^T) ------------------------------------------
 * Shapes: A is M x K, B is N x K (both K-contiguous rows: "TN", the layout
 * inference engines store weights in), C is M x N, all row-major with
 * leading dimensions. MX operands come as an element tensor (E4M3 or E5M2,
 * rows x K, K % 32 == 0) plus an E8M0 scale tensor (rows x K/32, row-major).
 *
 * Declared accumulation (every path, DESIGN.md section 4): products of the
 * element values are exact; the 32 products of one MX block (32 consecutive
 * k) are summed in fp32 (any order); that block sum is multiplied by its two
 * block scales and added to an fp32 accumulator (blocks in any order); bias is
 * added in fp32; the result is rounded once (RNE) to C's type. Judge results
 * with mxcts_check_result under MXCTS_ACCUM_BLOCKED, block 32, fp32 (see
 * mxk_gemm_accum_get for the per-path declaration). Special values: a scale
 * 0xFF makes its block NaN; scale 0x00 is 2^-127 (not zero); NaN / Inf
 * elements propagate as IEEE arithmetic does (Inf * 0 = NaN); an fp32 or
 * output overflow gives +-Inf. gemm_fp8 has no blocks: 32-term fp32 partial
 * sums, then the per-tensor scales (fl32(a_scale * b_scale)) once at the end.
 * Exact-by-construction problems (small integers, power-of-two scales) give
 * the same bits on every path. */

typedef enum mxk_gemm_flags {
    MXK_GEMM_REQUIRE_NATIVE = 1u << 0 /* fail with MXK_ERR_UNSUPPORTED unless the chosen path runs FP8
                                         natively on the target (no decode-to-f16/bf16/f32 emulation) */
} mxk_gemm_flags;

typedef struct mxk_gemm_opts {
    const mxk_tensor *bias;  /* NULL, or 1 x N (F32, BF16 or F16): added to every row of C */
    unsigned flags;          /* mxk_gemm_flags */
    mxk_scale_layout layout; /* layout of the MX scale tensors: MXK_LAYOUT_ROW_MAJOR (others UNSUPPORTED) */
} mxk_gemm_opts;

/* No bias, no flags, row-major scales. Every GEMM entry point takes opts = NULL as these. */
mxk_gemm_opts mxk_gemm_opts_default(void);

/* MX GEMM: C[M x N] = A . B^T (+ bias). a: M x K E4M3/E5M2, a_scales: M x K/32
 * E8M0; b: N x K E4M3/E5M2 (may differ from a), b_scales: N x K/32; c: F32,
 * BF16 or F16. Any M, N >= 1; K % 32 == 0. */
mxk_status mxk_gemm_mx(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *a,
                       const mxk_tensor *a_scales, const mxk_tensor *b, const mxk_tensor *b_scales,
                       const mxk_tensor *c, const mxk_gemm_opts *opts);

/* Small-M MX GEMV (decode): the same operands and result as mxk_gemm_mx,
 * tuned for M in 1..16 (the weight B is streamed once). M > 16 is routed to
 * the gemm_mx path (same declared accumulation, never a different answer
 * class). */
mxk_status mxk_gemv_mx(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *a,
                       const mxk_tensor *a_scales, const mxk_tensor *b, const mxk_tensor *b_scales,
                       const mxk_tensor *c, const mxk_gemm_opts *opts);

/* Per-tensor FP8 GEMM: C = fl32(a_scale * b_scale) * (A . B^T) (+ bias).
 * b: N x K FP8 (E4M3, E5M2, E4M3FNUZ, E5M2FNUZ) weights with scale b_scale;
 * a: M x K activations, either BF16 / F16 (weight-only FP8, Marlin-style) or
 * FP8 of any of the four kinds, with scale a_scale. Scales finite and > 0.
 * K % 32 == 0 is not required. c: F32, BF16 or F16. */
mxk_status mxk_gemm_fp8(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *a, float a_scale,
                        const mxk_tensor *b, float b_scale, const mxk_tensor *c, const mxk_gemm_opts *opts);

/* MoE grouped GEMM routing (vLLM's moe_align_block_size layout): slots are
 * grouped in tiles of block_m slots, every tile belongs to one expert. Slot s
 * holds id = sorted_ids[s] = token * top_k + k; id == num_tokens * top_k marks
 * padding (skipped). The routing arrays live where the tensors live (device
 * memory for hip). */
typedef struct mxk_moe_routing {
    const int32_t *sorted_ids;  /* [num_slots] */
    const int32_t *expert_ids;  /* [num_slots / block_m]: expert of each tile, or -1: tile skipped */
    const float *weights;       /* NULL, or [num_tokens * top_k]: routing weight multiplied into row id */
    int64_t num_slots;          /* multiple of block_m, >= 1 */
    int64_t num_valid_slots;    /* slots [0, num_valid_slots) are processed (<= num_slots) */
    int32_t block_m;            /* 1..256 */
    int32_t top_k;              /* >= 1 */
    int64_t num_experts;        /* E >= 1 */
} mxk_moe_routing;

/* MoE grouped MX GEMM: for every processed slot s with id = sorted_ids[s]
 * (not padding) in tile t with expert e = expert_ids[t] >= 0:
 *   C[id][:] = weights[id] * (A[id / top_k] . B_e^T) (+ bias), weights optional.
 * a: num_tokens x K MX (+ a_scales); b: (E * N) x K MX stacked by expert
 * (expert e owns rows e*N .. e*N+N-1), b_scales likewise; c: (num_tokens *
 * top_k) x N. Rows of C that no slot names are not written. An id outside
 * [0, num_tokens*top_k] or an expert id outside [-1, E) gives MXK_ERR_INDEX
 * before anything is written (hip: checked before the GEMM, on a host copy
 * of the routing on the sm_90 FP8 path, else by a kernel). opts->bias, if
 * given, is added after the routing weight. */
mxk_status mxk_moe_gemm_mx(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *a,
                           const mxk_tensor *a_scales, const mxk_tensor *b, const mxk_tensor *b_scales,
                           const mxk_moe_routing *routing, const mxk_tensor *c, const mxk_gemm_opts *opts);

/* MXFP8 linear: per-token (per-row) MX quantisation of x (BF16, F16 or F32,
 * M x K) to elements of type act_elem with scale mode act_scale_mode and
 * OCP element rules (mxk_mx_quantize), then mxk_gemm_mx with the weight w
 * (N x K E4M3/E5M2, w_scales N x K/32). Paths that need K % 128 fall back
 * (dispatch table) to a dequantise-then-GEMM path with the same declared
 * accumulation; K % 32 == 0 is required (MX weights). */
typedef struct mxk_linear_opts {
    mxk_dtype act_elem;            /* MXK_E4M3 (default) or MXK_E5M2 */
    mxk_scale_mode act_scale_mode; /* MXK_SCALE_FLOOR (default, OCP) .. MXK_SCALE_RCEIL */
} mxk_linear_opts;
mxk_linear_opts mxk_linear_opts_default(void);

mxk_status mxk_linear_mxfp8(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *x,
                            const mxk_tensor *w, const mxk_tensor *w_scales, const mxk_tensor *c,
                            const mxk_linear_opts *lopts, const mxk_gemm_opts *opts);

/* The accumulation a GEMM path declares (to build the tolerance model). */
typedef struct mxk_gemm_accum {
    int block;          /* terms per inner block summed before scaling (32) */
    int inner_bits;     /* significand bits kept by the inner block sum (24 = fp32) */
    int outer_bits;     /* significand bits of the accumulator (24 = fp32) */
    int extra_roundings;/* roundings after the sum (scale product, routing weight): 0..2 */
    int native;         /* 1: FP8 runs natively on this path */
    const char *path;   /* the path name */
} mxk_gemm_accum;

/* Problem shape for dispatch queries of GEMM operations. */
typedef struct mxk_gemm_shape {
    int64_t M, N, K;
    int64_t max_bytes; /* largest byte extent of any operand (0: ignore) */
    unsigned flags;    /* mxk_gemm_flags */
} mxk_gemm_shape;

/* Which path `backend` ("cpu" / "hip") on `target` (e.g. "gfx942", "sm_90";
 * need not be present) would take for op (a GEMM op) with weight format
 * fmt and this shape. MXK_OK with info->supported 0 and the reason when no
 * path exists; MXK_ERR_RANGE when paths exist but none can address
 * max_bytes. */
mxk_status mxk_gemm_dispatch_query(const char *backend, const char *target, mxk_op op, mxk_dtype fmt,
                                   const mxk_gemm_shape *shape, mxk_path_info *info);

/* The declared accumulation of the path ctx takes for op / fmt / shape. */
mxk_status mxk_gemm_accum_get(const mxk_context *ctx, mxk_op op, mxk_dtype fmt, const mxk_gemm_shape *shape,
                              mxk_gemm_accum *out);

/* ---- memory helpers (device memory for hip, host memory for cpu) ------ */
mxk_status mxk_buffer_alloc(const mxk_context *ctx, size_t bytes, void **ptr);
mxk_status mxk_buffer_free(const mxk_context *ctx, void *ptr);
/* Synchronous copies between host memory and the context's memory. */
mxk_status mxk_copy_to_device(const mxk_context *ctx, void *dst, const void *src, size_t bytes);
mxk_status mxk_copy_to_host(const mxk_context *ctx, void *dst, const void *src, size_t bytes);
/* A copy inside the context's memory (device to device on hip, memcpy on cpu); on hip it may
 * still run when the call returns: mxk_synchronize(ctx, NULL) waits for it. */
mxk_status mxk_copy_on_device(const mxk_context *ctx, void *dst, const void *src, size_t bytes);

/* Wait for work queued on `stream` (hip); no-op on cpu. */
mxk_status mxk_synchronize(const mxk_context *ctx, mxk_stream stream);

#ifdef __cplusplus
}
#endif
#endif
