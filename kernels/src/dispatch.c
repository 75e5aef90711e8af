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
    {{MXK_OP_MX_QUANTIZE, "*", "hip", "*", "*", "K%32==0", "hip_sw",
      "8 lanes per 32-element block, wave-size agnostic shuffles; software element encode", VA48},
     MXK_PATH_HIP_SW},
    {{MXK_OP_MX_DEQUANTIZE, "*", "hip", "*", "*", "K%32==0", "hip_sw", "software decode x 2^(X-127)", VA48},
     MXK_PATH_HIP_SW},
    {{MXK_OP_REENCODE, "*", "hip", "*", "*", "any", "hip_sw", "software re-encode", VA48}, MXK_PATH_HIP_SW},
};
#define N_ROWS (sizeof rows / sizeof rows[0])

size_t mxk_dispatch_row_count(void) { return N_ROWS; }

const mxk_dispatch_row *mxk_dispatch_row_get(size_t i)
{
    return i < N_ROWS ? &rows[i].row : NULL;
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
    mxk_dispatch_lookup(ctx, op, fmt, copts, info);
    return MXK_OK;
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
