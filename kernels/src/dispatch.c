/* The dispatch table: (operation, target, formats, profile, envelope) ->
 * path, or unsupported with the reason. The first matching row wins.
 * Targets match by exact name ("gfx942" never matches "gfx9421" or a
 * future part): a new target gets the generic software row of its backend
 * until a row names it. */
#include <stdint.h>
#include <string.h>
#include "internal.h"

#define B31 ((int64_t)INT32_MAX) /* 32-bit buffer offsets */
#define VA47 ((int64_t)1 << 47)   /* host user address space (x86-64, AArch64) */
#define VA48 ((int64_t)1 << 48)   /* GPU virtual address space */

typedef struct row_ext {
    mxk_dispatch_row row;
    mxk_path_id id;
} row_ext;

/* GEMM family rows carry a shape envelope and the native-FP8 property. */
typedef struct gemm_row_ext {
    mxk_dispatch_row row;
    mxk_path_id id;
    int native;            /* FP8 runs natively on this path */
    int64_t max_m;         /* envelope: M <= max_m (0: any M) */
    int k_mult;            /* envelope: K % k_mult == 0 (0: any K) */
    const char *a_formats; /* activation operand: NULL any, "wide" (f32/bf16/f16), "fp8", or a list */
} gemm_row_ext;

static const row_ext rows[] = {
    /* ---- cpu: one portable path for everything ---- */
    {{MXK_OP_ENCODE, "cpu", "cpu", "*", "*", "any", "cpu_omp",
      "portable C11 + OpenMP; the emulation path every target can fall back to", VA47}, MXK_PATH_CPU_OMP},
    {{MXK_OP_DECODE, "cpu", "cpu", "*", "*", "any", "cpu_omp", "portable C11 + OpenMP", VA47}, MXK_PATH_CPU_OMP},
    {{MXK_OP_MX_QUANTIZE, "cpu", "cpu", "*", "*", "K%32==0", "cpu_omp", "portable C11 + OpenMP", VA47}, MXK_PATH_CPU_OMP},
    {{MXK_OP_MX_DEQUANTIZE, "cpu", "cpu", "*", "*", "K%32==0", "cpu_omp", "portable C11 + OpenMP", VA47}, MXK_PATH_CPU_OMP},
    {{MXK_OP_REENCODE, "cpu", "cpu", "*", "*", "any", "cpu_omp", "portable C11 + OpenMP", VA47}, MXK_PATH_CPU_OMP},

    /* ---- hip: hardware conversion where its semantics match the profile ---- */
    {{MXK_OP_ENCODE, "gfx942", "hip", "e4m3fnuz,e5m2fnuz", "rne+sat", "any", "hip_gfx942_cvt_pk_fnuz",
      "v_cvt_pk_fp8_f32/v_cvt_pk_bf8_f32 produce FNUZ on gfx942; finite inputs clamped with "
      "v_med3 to +-max first (exact OFP8 SAT), NaN and -0 fixed up in software; compiled, not run",
      B31}, MXK_PATH_HIP_GFX942_FNUZ},
    {{MXK_OP_ENCODE, "gfx942", "hip", "e4m3fnuz,e5m2fnuz", "*", "any", "hip_sw",
      "hardware conversion is RNE-only and its overflow is not OFP8 NONSAT: software path", VA48},
     MXK_PATH_HIP_SW},
    {{MXK_OP_ENCODE, "gfx942", "hip", "e4m3,e5m2", "*", "any", "hip_sw",
      "gfx942 hardware FP8 is FNUZ (bias 8/16), not OCP: software path", VA48}, MXK_PATH_HIP_SW},
    {{MXK_OP_ENCODE, "gfx1200", "hip", "e4m3,e5m2", "rne+sat", "any", "hip_gfx12_cvt_pk_ocp",
      "gfx12 v_cvt_pk_fp8_f32 is OCP; finite inputs clamped to +-max first (exact OFP8 SAT), "
      "NaN fixed up in software; compiled, not run", B31}, MXK_PATH_HIP_GFX12_OCP},
    {{MXK_OP_ENCODE, "gfx1201", "hip", "e4m3,e5m2", "rne+sat", "any", "hip_gfx12_cvt_pk_ocp",
      "gfx12 v_cvt_pk_fp8_f32 is OCP; finite inputs clamped to +-max first (exact OFP8 SAT), "
      "NaN fixed up in software; compiled, not run", B31}, MXK_PATH_HIP_GFX12_OCP},
    {{MXK_OP_ENCODE, "gfx950", "hip", "e4m3,e5m2", "rne+sat", "any", "hip_gfx950_cvt_scalef32",
      "gfx950 v_cvt_scalef32_pk_{fp8,bf8}_f32 (OCP, non-saturating per ISA): clamp first gives OFP8 SAT; "
      "NaN fixed up; needs LLVM >= 20 (binaries built without one use the next row); compiled, not run", B31}, MXK_PATH_HIP_GFX950_OCP},
    {{MXK_OP_ENCODE, "gfx950", "hip", "e4m3,e5m2", "*", "any", "hip_sw",
      "gfx950 conversion is non-saturating only and RNE-only: software path for other profiles", VA48},
     MXK_PATH_HIP_SW},
    {{MXK_OP_ENCODE, "sm_90", "hip", "e4m3,e5m2", "rne+sat", "any", "hip_sm90_cvt_satfinite",
      "PTX cvt.rn.satfinite.{e4m3,e5m2}x2.f32 is exactly OFP8 SAT except NaN sign (always +): "
      "NaN fixed up in software", VA48}, MXK_PATH_HIP_SM90_SATFINITE},
    {{MXK_OP_ENCODE, "gfx908", "hip", "*", "*", "any", "hip_sw", "no FP8 hardware on gfx908: software", VA48},
     MXK_PATH_HIP_SW},
    {{MXK_OP_ENCODE, "gfx90a", "hip", "*", "*", "any", "hip_sw", "no FP8 hardware on gfx90a: software", VA48},
     MXK_PATH_HIP_SW},
    {{MXK_OP_ENCODE, "gfx1100", "hip", "*", "*", "any", "hip_sw", "no FP8 hardware on gfx1100: software", VA48},
     MXK_PATH_HIP_SW},
    {{MXK_OP_ENCODE, "*", "hip", "*", "*", "any", "hip_sw",
      "software path (exact integer rounding; every profile)", VA48}, MXK_PATH_HIP_SW},
    {{MXK_OP_DECODE, "*", "hip", "*", "*", "any", "hip_sw", "software decode (exact)", VA48}, MXK_PATH_HIP_SW},
    {{MXK_OP_MX_QUANTIZE, "sm_90", "hip", "e4m3,e5m2", "*", "K%32==0", "hip_sm90_cvt_satfinite",
      "4 lanes per block (16-byte bf16/f16 loads); elements x 2^-X through cvt.rn.satfinite.{e4m3,e5m2}x2.f32, "
      "exactly the RNE + SAT element rule, NaN elements fixed up to the positive NaN code", VA48},
     MXK_PATH_HIP_SM90_SATFINITE},
    {{MXK_OP_MX_QUANTIZE, "*", "hip", "*", "*", "K%32==0", "hip_sw",
      "4 or 8 lanes per 32-element block, wave-size agnostic shuffles; software element encode", VA48},
     MXK_PATH_HIP_SW},
    {{MXK_OP_MX_DEQUANTIZE, "*", "hip", "*", "*", "K%32==0", "hip_sw", "software decode x 2^(X-127)", VA48},
     MXK_PATH_HIP_SW},
    {{MXK_OP_REENCODE, "*", "hip", "*", "*", "any", "hip_sw", "software re-encode", VA48}, MXK_PATH_HIP_SW},
};
#define N_ROWS (sizeof rows / sizeof rows[0])

static const gemm_row_ext grows[] = {
    /* ---- GEMM family (issue 5). Declared accumulation of every path: exact
     * products, fp32 32-term block sums, block scales in fp32, fp32
     * accumulator (kernels.h). AMD MMA paths use 32-bit element offsets
     * (buffer-offset style); larger operands take the generic row. ---- */
#define G(op, tgt, be, fm, env, path, why, mb, id, nat, mm, km, af) \
    {{op, tgt, be, fm, "*", env, path, why, mb}, id, nat, mm, km, af}
#define CPU_GEMM_WHY "OpenMP C, blocked 32x32 tiles, f32 tables, 8-lane block sums; the emulation fallback"
    G(MXK_OP_GEMM_MX, "cpu", "cpu", "e4m3,e5m2", "K%32==0", "cpu_omp_blocked", CPU_GEMM_WHY, VA47,
      MXK_PATH_CPU_OMP, 0, 0, 32, NULL),
    G(MXK_OP_GEMM_FP8, "cpu", "cpu", "e4m3,e5m2,e4m3fnuz,e5m2fnuz", "any", "cpu_omp_blocked", CPU_GEMM_WHY, VA47,
      MXK_PATH_CPU_OMP, 0, 0, 0, NULL),
    G(MXK_OP_GEMV_MX, "cpu", "cpu", "e4m3,e5m2", "M<=16,K%32==0", "cpu_omp_blocked",
      "same code as gemm_mx on the cpu (one 32-row tile)", VA47, MXK_PATH_CPU_OMP, 0, 16, 32, NULL),
    G(MXK_OP_MOE_GEMM_MX, "cpu", "cpu", "e4m3,e5m2", "K%32==0", "cpu_omp_blocked",
      "ids checked on the host, slots gathered into expert-pure 32-row tiles", VA47, MXK_PATH_CPU_OMP, 0, 0, 32,
      NULL),
    G(MXK_OP_LINEAR_MXFP8, "cpu", "cpu", "e4m3,e5m2", "K%32==0", "cpu_omp_blocked",
      "per-token MX quantisation (OCP rules) then gemm_mx", VA47, MXK_PATH_CPU_OMP, 0, 0, 32, NULL),

    /* gemm_mx */
    G(MXK_OP_GEMM_MX, "sm_90", "hip", "e4m3,e5m2", "M<=32,K%32==0", "hip_sm90_gemv_mma",
      "skinny M: a 128-row tile would be mostly idle, so the gemv streaming kernels (16-byte aligned operand and "
      "scale rows on an sm_90a build: TMA weight stream, up to 4 token fragments per weight fragment; else mma.sync "
      "m16n8k32 over 16 weight rows, "
      "up to 4 token fragments per weight fragment; 8-byte aligned rows, else the tiles); 32-bit offsets", B31, MXK_PATH_GEMV_HIP, 0, 32, 32, "fp8"),
    G(MXK_OP_GEMM_MX, "sm_90", "hip", "e4m3,e5m2", "K%32==0", "hip_sm90_mma_fp8",
      "sm_90a build (MXCTS_CUDA_ARCH=90a), 16-byte aligned rows: wgmma m64n64k32 e4m3/e5m2 per MX block and "
      "64 columns, block scales applied in fp32. Shapes that fill the GPU: warp-specialised 128x256 tiles (TMA "
      "producer, mbarrier ring, two wgmma in flight per consumer); few tiles and a long K: split-K over a thread-"
      "block cluster, partials added in K order in distributed shared memory (deterministic). Otherwise "
      "mma.sync m16n8k32 tiles", VA48, MXK_PATH_GEMM_SM90_MMA, 1, 0, 32, "fp8"),
    G(MXK_OP_GEMM_MX, "gfx942", "hip", "e4m3", "K%32==0", "hip_gfx942_mfma_fp8",
      "OCP E4M3 -> FNUZ by the bit rule (0x80 -> 0x00, NaN -> 0x80; value halves, scale exponent +1 per "
      "operand), v_mfma_f32_16x16x32_fp8_fp8 = one MX block; compiled, not run", B31, MXK_PATH_GEMM_GFX942_FP8, 1,
      0, 32, "e4m3"),
    G(MXK_OP_GEMM_MX, "gfx942", "hip", "*", "K%32==0", "hip_mfma16_f16",
      "E5M2 operand: FNUZ has no Inf, so OCP E5M2 Inf cannot pass FP8 MFMA; exact decode to f16 + "
      "v_mfma_f32_16x16x16f16; compiled, not run", B31, MXK_PATH_GEMM_MFMA16, 0, 0, 32, NULL),
    G(MXK_OP_GEMM_MX, "gfx950", "hip", "e4m3,e5m2", "K%128==0", "hip_gfx950_mfma_scale",
      "v_mfma_scale_f32_16x16x128_f8f6f4: four MX blocks per instruction, E8M0 scales per lane in hardware; "
      "needs LLVM >= 20; compiled, not run", B31, MXK_PATH_GEMM_GFX950_SCALED, 1, 0, 128, "e4m3,e5m2"),
    G(MXK_OP_GEMM_MX, "gfx950", "hip", "*", "K%32==0", "hip_mfma16_f16",
      "K % 128 != 0 (or no LLVM >= 20): dequantise fallback, exact decode to f16 + v_mfma_f32_16x16x16f16, same "
      "declared accumulation; compiled, not run", B31, MXK_PATH_GEMM_MFMA16, 0, 0, 32, NULL),
    G(MXK_OP_GEMM_MX, "gfx90a", "hip", "*", "K%32==0", "hip_mfma16_f16",
      "no FP8 hardware: exact decode to f16 (scales kept in fp32) + v_mfma_f32_16x16x16f16; compiled, not run",
      B31, MXK_PATH_GEMM_MFMA16, 0, 0, 32, NULL),
    G(MXK_OP_GEMM_MX, "gfx908", "hip", "*", "K%32==0", "hip_mfma16_f16",
      "no FP8 hardware: exact decode to f16 + v_mfma_f32_16x16x16f16; compiled, not run", B31,
      MXK_PATH_GEMM_MFMA16, 0, 0, 32, NULL),
    G(MXK_OP_GEMM_MX, "gfx1200", "hip", "e4m3,e5m2", "K%32==0", "hip_gfx12_wmma_fp8",
      "OCP FP8 WMMA v_wmma_f32_16x16x16_{fp8,bf8}_{fp8,bf8}: two per MX block; compiled, not run", B31,
      MXK_PATH_GEMM_GFX12_WMMA_FP8, 1, 0, 32, "e4m3,e5m2"),
    G(MXK_OP_GEMM_MX, "gfx1201", "hip", "e4m3,e5m2", "K%32==0", "hip_gfx12_wmma_fp8",
      "OCP FP8 WMMA v_wmma_f32_16x16x16_{fp8,bf8}_{fp8,bf8}: two per MX block; compiled, not run", B31,
      MXK_PATH_GEMM_GFX12_WMMA_FP8, 1, 0, 32, "e4m3,e5m2"),
    G(MXK_OP_GEMM_MX, "gfx1100", "hip", "*", "K%32==0", "hip_wmma16_f16",
      "no FP8 hardware on gfx1100: exact decode to f16 + v_wmma_f32_16x16x16_f16 (FP8-native requests: "
      "MXK_ERR_UNSUPPORTED); compiled, not run", B31, MXK_PATH_GEMM_WMMA16, 0, 0, 32, NULL),
    G(MXK_OP_GEMM_MX, "*", "hip", "*", "K%32==0", "hip_generic",
      "any target: software decode in registers, fp32 FMA, 64-bit offsets", VA48, MXK_PATH_GEMM_HIP_GENERIC, 0,
      0, 32, NULL),

    /* gemm_fp8 (per-tensor scales; no K constraint: the kernels zero-fill the K tail) */
    G(MXK_OP_GEMM_FP8, "sm_90", "hip", "e4m3,e5m2", "any", "hip_sm90_mma_fp8",
      "FP8 x FP8: mma.sync m16n8k32, fp32 partial sums per 32 k", VA48, MXK_PATH_GEMM_SM90_MMA, 1, 0, 0,
      "e4m3,e5m2"),
    G(MXK_OP_GEMM_FP8, "sm_90", "hip", "*", "any", "hip_sm90_mma16",
      "weight-only FP8 (Marlin-style): weights decoded exactly to the activation type, mma.sync m16n8k16 "
      "bf16/f16, per-tensor scale applied once in fp32", VA48, MXK_PATH_GEMM_SM90_MMA, 0, 0, 0, "bf16,f16"),
    G(MXK_OP_GEMM_FP8, "gfx942", "hip", "e4m3fnuz,e5m2fnuz,e4m3", "any", "hip_gfx942_mfma_fp8",
      "FP8 x FP8 on FNUZ MFMA (OCP E4M3 re-encoded by the bit rule); compiled, not run", B31,
      MXK_PATH_GEMM_GFX942_FP8, 1, 0, 0, "e4m3fnuz,e5m2fnuz,e4m3"),
    G(MXK_OP_GEMM_FP8, "gfx950", "hip", "e4m3,e5m2", "K%128==0", "hip_gfx950_mfma_scale",
      "FP8 x FP8 on the scaled MFMA with unit scales; compiled, not run", B31, MXK_PATH_GEMM_GFX950_SCALED, 1, 0,
      128, "e4m3,e5m2"),
    G(MXK_OP_GEMM_FP8, "gfx1200", "hip", "e4m3,e5m2", "any", "hip_gfx12_wmma_fp8",
      "FP8 x FP8 OCP WMMA; compiled, not run", B31, MXK_PATH_GEMM_GFX12_WMMA_FP8, 1, 0, 0, "e4m3,e5m2"),
    G(MXK_OP_GEMM_FP8, "gfx1201", "hip", "e4m3,e5m2", "any", "hip_gfx12_wmma_fp8",
      "FP8 x FP8 OCP WMMA; compiled, not run", B31, MXK_PATH_GEMM_GFX12_WMMA_FP8, 1, 0, 0, "e4m3,e5m2"),
    G(MXK_OP_GEMM_FP8, "gfx908", "hip", "*", "any", "hip_mfma16",
      "Marlin-style emulation: exact decode to f16/bf16, v_mfma_f32_16x16x16f16 / v_mfma_f32_16x16x8bf16 "
      "(gfx908 has no bf16_1k); compiled, not run", B31, MXK_PATH_GEMM_MFMA16, 0, 0, 0, NULL),
    G(MXK_OP_GEMM_FP8, "gfx90a", "hip", "*", "any", "hip_mfma16",
      "Marlin-style emulation: exact decode to f16/bf16, v_mfma_f32_16x16x16{f16,bf16_1k}; compiled, not run",
      B31, MXK_PATH_GEMM_MFMA16, 0, 0, 0, NULL),
    G(MXK_OP_GEMM_FP8, "gfx942", "hip", "*", "any", "hip_mfma16",
      "bf16/f16 activations or OCP E5M2 (Inf): exact decode + v_mfma_f32_16x16x16{f16,bf16_1k}; compiled, not "
      "run", B31, MXK_PATH_GEMM_MFMA16, 0, 0, 0, NULL),
    G(MXK_OP_GEMM_FP8, "gfx950", "hip", "*", "any", "hip_mfma16",
      "bf16/f16 activations, FNUZ weights or K % 128 != 0: exact decode + MFMA f16/bf16; compiled, not run", B31,
      MXK_PATH_GEMM_MFMA16, 0, 0, 0, NULL),
    G(MXK_OP_GEMM_FP8, "gfx1100", "hip", "*", "any", "hip_wmma16",
      "no FP8 hardware: exact decode + v_wmma_f32_16x16x16_{f16,bf16}; FP8-native requests: "
      "MXK_ERR_UNSUPPORTED; compiled, not run", B31, MXK_PATH_GEMM_WMMA16, 0, 0, 0, NULL),
    G(MXK_OP_GEMM_FP8, "gfx1200", "hip", "*", "any", "hip_wmma16",
      "bf16/f16 activations or FNUZ weights: exact decode + WMMA f16/bf16; compiled, not run", B31,
      MXK_PATH_GEMM_WMMA16, 0, 0, 0, NULL),
    G(MXK_OP_GEMM_FP8, "gfx1201", "hip", "*", "any", "hip_wmma16",
      "bf16/f16 activations or FNUZ weights: exact decode + WMMA f16/bf16; compiled, not run", B31,
      MXK_PATH_GEMM_WMMA16, 0, 0, 0, NULL),
    G(MXK_OP_GEMM_FP8, "*", "hip", "*", "any", "hip_generic", "software decode, fp32 FMA, 64-bit offsets", VA48,
      MXK_PATH_GEMM_HIP_GENERIC, 0, 0, 0, NULL),

    /* gemv_mx: M <= 16 streams the weight once; other M (or operands past 2^31 bytes) take gemm_mx rows */
    G(MXK_OP_GEMV_MX, "*", "hip", "e4m3,e5m2", "M<=16,K%32==0", "hip_gemv",
      "NVIDIA sm_89+: M = 1 (and 2 where the TMA stream is not taken; 16-byte aligned rows): lanes own whole blocks, hardware FP8 -> f16 -> f32, fp32 "
      "block sums in order; M = 2..16, sm_90a build, 16-byte aligned operand and scale rows: weight streamed by TMA "
      "(mbarrier ring, K split over a cluster), block sums by cvt + two chained mma.sync m16n8k16 f16; else "
      "mma.sync m16n8k32 over 16 weight rows, weight streamed through per-warp cp.async rings; "
      "other targets: one 32-lane group per weight row, fp32 FMA block sums; 32-bit offsets", B31, MXK_PATH_GEMV_HIP, 0, 16, 32, NULL),

    /* moe_gemm_mx: the gemm tile kernels with gathered rows; 32-bit offsets in the expert stack */
    G(MXK_OP_MOE_GEMM_MX, "sm_90", "hip", "e4m3,e5m2", "K%32==0", "hip_moe_sm90_mma_fp8",
      "ids checked by a kernel before the GEMM; mma.sync m16n8k32 tiles over gathered rows, 64-bit offsets", VA48,
      MXK_PATH_GEMM_SM90_MMA, 1, 0, 32, "fp8"),
    G(MXK_OP_MOE_GEMM_MX, "gfx942", "hip", "e4m3", "K%32==0", "hip_moe_gfx942_mfma_fp8",
      "ids checked by a kernel; FNUZ FP8 MFMA tiles; compiled, not run", B31, MXK_PATH_GEMM_GFX942_FP8, 1, 0, 32,
      "e4m3"),
    G(MXK_OP_MOE_GEMM_MX, "gfx1200", "hip", "e4m3,e5m2", "K%32==0", "hip_moe_gfx12_wmma_fp8",
      "ids checked by a kernel; FP8 WMMA tiles; compiled, not run", B31, MXK_PATH_GEMM_GFX12_WMMA_FP8, 1, 0, 32,
      "e4m3,e5m2"),
    G(MXK_OP_MOE_GEMM_MX, "gfx1201", "hip", "e4m3,e5m2", "K%32==0", "hip_moe_gfx12_wmma_fp8",
      "ids checked by a kernel; FP8 WMMA tiles; compiled, not run", B31, MXK_PATH_GEMM_GFX12_WMMA_FP8, 1, 0, 32,
      "e4m3,e5m2"),
    G(MXK_OP_MOE_GEMM_MX, "gfx908", "hip", "*", "K%32==0", "hip_moe_mfma16_f16",
      "ids checked by a kernel; decode to f16 + MFMA tiles; compiled, not run", B31, MXK_PATH_GEMM_MFMA16, 0, 0, 32,
      NULL),
    G(MXK_OP_MOE_GEMM_MX, "gfx90a", "hip", "*", "K%32==0", "hip_moe_mfma16_f16",
      "ids checked by a kernel; decode to f16 + MFMA tiles; compiled, not run", B31, MXK_PATH_GEMM_MFMA16, 0, 0, 32,
      NULL),
    G(MXK_OP_MOE_GEMM_MX, "gfx942", "hip", "*", "K%32==0", "hip_moe_mfma16_f16",
      "E5M2 (Inf) operand: decode to f16 + MFMA tiles; compiled, not run", B31, MXK_PATH_GEMM_MFMA16, 0, 0, 32,
      NULL),
    G(MXK_OP_MOE_GEMM_MX, "gfx950", "hip", "*", "K%32==0", "hip_moe_mfma16_f16",
      "decode to f16 + MFMA tiles (scaled-MFMA MoE tiles not written yet); compiled, not run", B31,
      MXK_PATH_GEMM_MFMA16, 0, 0, 32, NULL),
    G(MXK_OP_MOE_GEMM_MX, "gfx1100", "hip", "*", "K%32==0", "hip_moe_wmma16_f16",
      "no FP8 hardware: decode to f16 + WMMA tiles (FP8-native requests: MXK_ERR_UNSUPPORTED); compiled, not run",
      B31, MXK_PATH_GEMM_WMMA16, 0, 0, 32, NULL),
    G(MXK_OP_MOE_GEMM_MX, "*", "hip", "*", "K%32==0", "hip_moe_generic",
      "ids checked by a kernel; software decode tiles over gathered rows, 64-bit offsets", VA48,
      MXK_PATH_GEMM_HIP_GENERIC, 0, 0,
      32, NULL),

    /* linear_mxfp8: quantise kernel (hip_sw MX quantise per token), then the gemm_mx row for the shape */
    G(MXK_OP_LINEAR_MXFP8, "*", "hip", "e4m3,e5m2", "K%32==0", "hip_linear",
      "per-token MX quantisation kernel into a scratch buffer, then the gemm_mx path of this target and K "
      "(gfx950: scaled MFMA when K % 128 == 0, else the dequantise fallback)", VA48, MXK_PATH_LINEAR_HIP, 0, 0,
      32, NULL),
#undef G
};
#define N_GROWS (sizeof grows / sizeof grows[0])

size_t mxk_dispatch_row_count(void) { return N_ROWS + N_GROWS; }

const mxk_dispatch_row *mxk_dispatch_row_get(size_t i)
{
    return i < N_ROWS ? &rows[i].row : i < N_ROWS + N_GROWS ? &grows[i - N_ROWS].row : NULL;
}

/* "a,b,c" contains name exactly */
static int list_has(const char *list, const char *name)
{
    if (!strcmp(list, "*"))
        return 1;
    size_t n = strlen(name);
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && !strncmp(p, name, n))
            return 1;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

static int profile_matches(const char *profile, const mxk_convert_opts *o)
{
    if (!strcmp(profile, "*"))
        return 1;
    if (!strcmp(profile, "rne+sat"))
        return o->round == MXK_ROUND_RNE && o->overflow == MXK_SAT;
    return 0;
}

mxk_path_id mxk_dispatch_lookup(const mxk_context *ctx, mxk_op op, mxk_dtype fmt,
                                const mxk_convert_opts *copts, mxk_path_info *info)
{
    return mxk_dispatch_lookup_bytes(ctx, op, fmt, copts, 0, info);
}

mxk_path_id mxk_dispatch_lookup_bytes(const mxk_context *ctx, mxk_op op, mxk_dtype fmt,
                                      const mxk_convert_opts *copts, int64_t bytes, mxk_path_info *info)
{
    mxk_convert_opts ocp = mxk_convert_opts_ocp();
    const mxk_convert_opts *o = copts ? copts : &ocp;
    const char *backend = ctx->backend == MXK_BACKEND_CPU ? "cpu" : "hip";
    const char *fname = mxk_dtype_name(fmt);
    for (size_t i = 0; i < N_ROWS; i++) {
        const mxk_dispatch_row *r = &rows[i].row;
        if (r->op != op || strcmp(r->backend, backend))
            continue;
        if (strcmp(r->target, "*") && strcmp(r->target, ctx->info.target))
            continue;
        if (!list_has(r->formats, fname) || !profile_matches(r->profile, o))
            continue;
        mxk_path_id id = rows[i].id;
        if (bytes > r->max_bytes)
            continue; /* this path cannot address the operands: try the next row */
        /* gfx950's hardware row needs a compiler that knows the target */
#ifndef MXK_HAVE_GFX950_COMPILER
        if (id == MXK_PATH_HIP_GFX950_OCP)
            continue;
#endif
        if (info) {
            info->supported = 1;
            info->path = r->path;
            info->reason = r->reason;
            info->max_bytes = r->max_bytes;
        }
        return id;
    }
    if (info) {
        info->supported = 0;
        info->path = "unsupported";
        info->reason = "no dispatch row for this operation on this target";
        info->max_bytes = 0;
    }
    return MXK_PATH_NONE;
}

mxk_status mxk_dispatch_query(const mxk_context *ctx, mxk_op op, mxk_dtype fmt,
                              const mxk_convert_opts *copts, mxk_path_info *info)
{
    if (!ctx || !info)
        return MXK_ERR_NULL;
    if ((unsigned)op >= MXK_OP_COUNT || (unsigned)fmt >= MXK_DTYPE_COUNT)
        return MXK_ERR_MODE;
    if (op >= MXK_OP_GEMM_MX) /* GEMM family: its own rows, any shape */
        mxk_gemm_dispatch_lookup(ctx->backend == MXK_BACKEND_CPU ? "cpu" : "hip", ctx->info.target, op, fmt, -1,
                                 NULL, info, NULL, NULL);
    else
        mxk_dispatch_lookup(ctx, op, fmt, copts, info);
    return MXK_OK;
}

/* "a,b" list, with the class names "wide" (f32, bf16, f16) and "fp8" (any
 * FP8 / MX element) */
static int act_matches(const char *list, mxk_dtype a)
{
    if (!list)
        return 1;
    int wide = a == MXK_F32 || a == MXK_BF16 || a == MXK_F16;
    if (list_has(list, wide ? "wide" : "fp8"))
        return 1;
    return list_has(list, mxk_dtype_name(a));
}

mxk_path_id mxk_gemm_dispatch_lookup(const char *backend, const char *target, mxk_op op, mxk_dtype fmt,
                                     int act, const mxk_gemm_shape *shape, mxk_path_info *info,
                                     int *native, mxk_status *why)
{
    /* act: the activation dtype (mxk_dtype), or -1 for "same as fmt" */
    mxk_dtype a = act < 0 ? fmt : (mxk_dtype)act;
    const char *fname = mxk_dtype_name(fmt);
    int any = 0, range = 0, native_missing = 0;
    const gemm_row_ext *why_row = NULL;
    for (size_t i = 0; i < N_GROWS; i++) {
        const gemm_row_ext *x = &grows[i];
        const mxk_dispatch_row *r = &x->row;
        if (r->op != op || strcmp(r->backend, backend))
            continue;
        if (strcmp(r->target, "*") && strcmp(r->target, target))
            continue;
        if (!list_has(r->formats, fname) || !act_matches(x->a_formats, a))
            continue;
        if (shape) {
            if (x->max_m && shape->M > x->max_m)
                continue;
            if (x->k_mult && shape->K % x->k_mult)
                continue;
        }
#ifndef MXK_HAVE_GFX950_COMPILER
        if (x->id == MXK_PATH_GEMM_GFX950_SCALED)
            continue;
#endif
        any = 1;
        if (shape && (shape->flags & MXK_GEMM_REQUIRE_NATIVE) && !x->native) {
            if (!native_missing)
                why_row = x;
            native_missing = 1;
            continue;
        }
        if (shape && shape->max_bytes > r->max_bytes) {
            range = 1;
            continue;
        }
        if (info) {
            info->supported = 1;
            info->path = r->path;
            info->reason = r->reason;
            info->max_bytes = r->max_bytes;
        }
        if (native)
            *native = x->native;
        if (why)
            *why = MXK_OK;
        return x->id;
    }
    if (info) {
        info->supported = 0;
        info->path = "unsupported";
        info->reason = native_missing ? why_row->row.reason
                       : range        ? "operands exceed the byte range every path of this target addresses"
                       : any          ? "no row matches"
                                      : "no dispatch row for this operation, format and shape on this target";
        info->max_bytes = 0;
    }
    if (native)
        *native = 0;
    if (why)
        *why = (range && !native_missing) ? MXK_ERR_RANGE : MXK_ERR_UNSUPPORTED;
    return MXK_PATH_NONE;
}

mxk_status mxk_gemm_dispatch_query(const char *backend, const char *target, mxk_op op, mxk_dtype fmt,
                                   const mxk_gemm_shape *shape, mxk_path_info *info)
{
    if (!backend || !target || !info)
        return MXK_ERR_NULL;
    if (op < MXK_OP_GEMM_MX || op >= MXK_OP_COUNT || (unsigned)fmt >= MXK_DTYPE_COUNT)
        return MXK_ERR_MODE;
    if (strcmp(backend, "cpu") && strcmp(backend, "hip"))
        return MXK_ERR_BACKEND;
    mxk_status why = MXK_OK;
    mxk_gemm_dispatch_lookup(backend, target, op, fmt, -1, shape, info, NULL, &why);
    return why == MXK_ERR_RANGE ? MXK_ERR_RANGE : MXK_OK;
}

/* ---- the compile matrix of this build ---- */
#ifndef MXK_AMD_COMPILED
#define MXK_AMD_COMPILED ""
#endif
#ifndef MXK_NVIDIA_COMPILED
#define MXK_NVIDIA_COMPILED ""
#endif

typedef struct tgt {
    const char *name, *platform;
} tgt;
static const tgt all_targets[] = {
    {"cpu", "host"},     {"gfx908", "amd"},  {"gfx90a", "amd"},  {"gfx942", "amd"},
    {"gfx950", "amd"},   {"gfx1100", "amd"}, {"gfx1200", "amd"}, {"gfx1201", "amd"},
    {"sm_90", "nvidia"},
};
#define N_TARGETS (sizeof all_targets / sizeof all_targets[0])

static const char *target_status(const tgt *t)
{
    if (!strcmp(t->platform, "host"))
        return "built (runs here)";
    if (!strcmp(t->platform, "nvidia"))
        return list_has(MXK_NVIDIA_COMPILED, t->name) ? "built (HIP via CUDA)" : "not built";
    if (list_has(MXK_AMD_COMPILED, t->name))
        return "compiled, not run";
    if (!strcmp(t->name, "gfx950"))
        return "not in this binary; compile+ISA check: ci/amd-compile-check.sh (clang 22 from PyPI "
               "ziglang; Debian clang-19 cannot target it)";
    return "not in this binary; compile+ISA check: ci/amd-compile-check.sh (clang-19)";
}

size_t mxk_build_target_count(void) { return N_TARGETS; }

mxk_status mxk_build_target_get(size_t i, mxk_build_target *out)
{
    if (!out)
        return MXK_ERR_NULL;
    if (i >= N_TARGETS)
        return MXK_ERR_SIZE;
    out->target = all_targets[i].name;
    out->platform = all_targets[i].platform;
    out->status = target_status(&all_targets[i]);
    return MXK_OK;
}
