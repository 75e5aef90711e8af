/* The profile table: one row of knobs per stack, with its evidence. Section
 * numbers ("2.4") refer to the shared reference notes mx-semantics.md;
 * spec/conversion.md repeats every row with the full citations. Adding a
 * profile is adding a row: nothing else in the library branches on names. */
#include <stdio.h>
#include <string.h>
#include "mxcts/profile.h"

/* Element knobs: everything but overflow, NaN and Inf handling is the OCP rule. */
#define ELEM(OVF, NANSIGN, TEST, INF, NANF, E5NAN, INT8MIN, E4SATNAN, NANPOS)                  \
    {.round = MXCTS_ROUND_RNE, .overflow = MXCTS_OVERFLOW_##OVF, .nan_sign = MXCTS_NAN_SIGN_##NANSIGN, \
     .overflow_test = MXCTS_OVF_##TEST, .inf_policy = MXCTS_INF_##INF, .int8_min = INT8MIN,       \
     .nan_code_e5m2 = E5NAN, .nan_finite = MXCTS_NANF_##NANF, .e4m3_sat_nan = E4SATNAN, .nan_input_positive = NANPOS}
#define E8M0(R, OVF, ZERO, NEG)                                                                \
    {.round = MXCTS_E8M0_##R, .overflow = MXCTS_E8M0_##OVF, .zero = MXCTS_E8M0_ZERO_##ZERO,     \
     .negative = MXCTS_E8M0_NEG_##NEG}
#define BLOCK(SCALE, NAN, INF, INFEL, RND, INT8MIN)                                            \
    {.block_size = MXCTS_MX_BLOCK, .scale_mode = MXCTS_SCALE_##SCALE,                           \
     .nan_policy = MXCTS_BLOCK_NAN_##NAN, .inf_policy = MXCTS_BLOCK_INF_##INF,                  \
     .inf_elem = MXCTS_BLOCK_INF_ELEM_##INFEL, .round = MXCTS_ELEM_##RND, .int8_min = INT8MIN}

static const mxcts_profile profiles[] = {
    {"ocp", "the specifications: OFP8 rev 1.0 5.2.1 and OCP MX v1.0 (default)",
     ELEM(SAT, PRESERVE, AFTER_ROUNDING, FOLLOWS_OVERFLOW, MAX, 0x7F, -128, 0, 0),
     E8M0(RTZ, NONSAT, MIN, NAN),
     BLOCK(FLOOR, SPEC, SPEC, SAT, RNE, -128),
     "element: RNE, overflow tested after rounding, SAT with Inf -> +-max (OFP8 5.2.1 and "
     "Table 3, mx-semantics 2.1); NaN sign and NaN code implementation-defined (OFP8 5.2.1 "
     "point 4), mxcts keeps the sign and uses 0x7F; FP6/FP4/INT8 NaN implementation-defined "
     "(2.6), mxcts gives +-max. E8M0: the spec defines no conversion; Algorithm 1 uses "
     "floor(log2) -> toward zero; X never encodes Inf -> Inf/overflow NaN; amax 0 -> 0x00 "
     "(3.4, universal); a negative number is no scale -> NaN. Block: Algorithm 1 FLOOR, "
     "NaN/Inf in block -> X = 0xFF (3.1, 3.4), RNE, INT8 0x80 allowed (gfloat/TOSA, 3.3).",
     ""},
    {"cuda_satfinite", "CUDA 13 __nv_cvt_float_to_fp8/fp6/fp4/e8m0 with __NV_SATFINITE; PTX cvt.rn.satfinite (triton, torch.compile)",
     ELEM(SAT, PRESERVE, AFTER_ROUNDING, FOLLOWS_OVERFLOW, MAX_POSITIVE, 0x7F, -128, 0, 1),
     E8M0(RUP, SAT, MIN, ABS),
     BLOCK(RCEIL, SPEC, SPEC, SAT, RNE, -128),
     "element: cuda_fp8.hpp canonicalises NaN inputs to 0x7FFFFFFF -> 0x7F for either sign, "
     "while overflow/Inf keep the sign (l.227) (2.4 CU-S column, observed CUDA 13.0); Inf and overflow -> +-max (threshold test on "
     "maxnorm + 1/2 ulp = after-rounding result, 2.2); FP6/FP4 NaN -> +max for either sign "
     "(cuda_fp4.hpp l.154-160, cuda_fp6.hpp l.171-177, 2.6). E8M0: cudaRoundPosInf is the "
     "default of __nv_fp8_e8m0(float), SATFINITE: Inf/FLT_MAX -> 0xFE, 0 -> 0x00, negative "
     "-> |x| (2.7 table, observed). Block: cuDNN BlockScaling quantize_round_up(amax/vmax) "
     "= RCEIL (3.2).",
     "cuBLAS/cuDNN NaN/Inf-in-block behaviour is not documented in the sources (3.4): the "
     "block NaN/Inf knobs are the spec's."},
    {"cuda_nosat", "CUDA 13 conversions with __NV_NOSAT",
     ELEM(NONSAT, PRESERVE, AFTER_ROUNDING, FOLLOWS_OVERFLOW, MAX_POSITIVE, 0x7F, -128, 0, 1),
     E8M0(RUP, NONSAT, MIN, ABS),
     BLOCK(RCEIL, SPEC, SPEC, KEEP, RNE, -128),
     "element: as cuda_satfinite but overflow and Inf -> E4M3 0x7F / E5M2 +-Inf (2.4 CU-N, "
     "observed CUDA 13.0); FP6/FP4 have no NOSAT form and saturate (2.6). E8M0: RP NOSAT: "
     "FLT_MAX and Inf -> 0xFF (2.7 table).",
     "as cuda_satfinite"},
    {"ml_dtypes", "ml_dtypes 0.6.0 numpy astype (also JAX CPU casts for FP8/E8M0)",
     ELEM(NONSAT, PRESERVE, AFTER_ROUNDING, FOLLOWS_OVERFLOW, ZERO_XOR, 0x7E, -128, 0, 0),
     E8M0(NEAREST_UP, NONSAT, NAN, NAN),
     BLOCK(FLOOR, SPEC, SPEC, SAT, RNE, -128),
     "element: astype is non-saturating (ConvertImpl kSaturate=false; ml_dtypes#147); NaN and "
     "Inf are returned before saturation is looked at, NaN keeps its sign, E5M2 quiet_NaN is "
     "0x7E (float8.h l.932, l.1370-1378; 2.4 MLD column); FP6/FP4 quiet_NaN is the -0 pattern "
     "XOR-ed with the source sign, Inf -> max (mxfloat.h l.182-191; 2.6). E8M0: RNE with the "
     "implicit bit as LSB = ties up, 0x00400001 -> 0x01, zero and negatives -> NaN (float8.h "
     "l.1380-1400; 2.7, observed 0.6.0). Block: ml_dtypes has no MX block quantiser (OCP "
     "values).",
     "JAX/XLA maps FP4 NaN of either sign to 0x8 (MXCTS_NANF_NEG_ZERO), unlike numpy ml_dtypes."},
    {"torch_eager", "torch <= 2.12 eager .to(float8_*) casts (CPU and CUDA identical)",
     ELEM(NONSAT, PRESERVE, AFTER_ROUNDING, FOLLOWS_OVERFLOW, MAX, 0x7F, -128, 0, 0),
     E8M0(NEAREST_UP, NONSAT, MIN, ABS),
     BLOCK(FLOOR, SPEC, SPEC, SAT, RNE, -128),
     "element: c10 fp8e4m3fn_from_fp32_value: |x| >= 480 -> 0x7F, sign OR-ed -> non-"
     "saturating with sign-preserving NaN; E5M2 NaN 0x7F (2.4 PT column, observed torch "
     "2.11); FNUZ NaN/overflow 0x80 (2.5). E8M0: fp8e8m0fnu_from_fp32_value: ties up, "
     "0x00400001 -> 0x01, NaN/Inf/overflow -> 0xFF, 0 -> 0x00, sign ignored (-1e-10 -> "
     "0x5E) (2.7). torch >= 2.13 saturates E4M3 finite overflow (pytorch#178817): not this "
     "profile. Block: torch has no MX block quantiser (OCP values).",
     "torch has no FP6/FP4 element casts; those rows use the OCP knobs."},
    {"hip_sw", "HIP amd_hip_fp8.h software path internal::cast_to_f8 (clip = saturate by default)",
     ELEM(SAT, PRESERVE, BEFORE_ROUNDING, NEVER_SATURATES, MAX, 0x7F, -128, 0, 0),
     E8M0(RTZ, NONSAT, MIN, NAN),
     BLOCK(FLOOR, SPEC, SPEC, SAT, RNE, -128),
     "element: `(x & mask) > ifmax` before rounding -> in NONSAT every |x| in (max, max + "
     "1/2 ulp) overflows (E4M3 449 -> 0x7F, E5M2 57344.004 -> 0x7C); Inf never saturates "
     "(E4M3 +Inf -> 0x7F, E5M2 -> 0x7C, FNUZ -> 0x80 even with clip); NaN keeps its sign "
     "`(sign << 7) + 0x7f` (2.4 HIP-S/HIP-N columns, 2.5; replica built with g++). E8M0 and "
     "block: no HIP software E8M0 path in the sources (OCP values).",
     "rocm-systems#10591: 64-bit shift >= 64 makes E5M2 return up to 2^-14 for inputs "
     "~4e-25..3e-24 (a bug, not modelled); gfx942/gfx950 hardware fast path and the x2 "
     "clamp bug (2.4) are not this profile."},
    {"amd_gfx950_emu", "AMD host emulation of gfx950 OCP scaled conversions (amd_hip_ocp_host.hpp, sat = true)",
     ELEM(SAT, PRESERVE, AFTER_ROUNDING, FOLLOWS_OVERFLOW, MAX_SIGNED, 0x7E, -128, 1, 0),
     E8M0(RTZ, NONSAT, MIN, NAN),
     BLOCK(FLOOR, SPEC, SPEC, SAT, RNE, -128),
     "element: overflow after rounding goes to inf<E, sat>(); inf<E4M3, true> = sign | 0x7F "
     "(NaN), so E4M3 'sat' overflow and Inf give NaN while E5M2 saturates to 0x7B; E5M2 NaN "
     "0x7E with sign; nan<E2M1>(sign) = sign<<3 | 0x7, nan<FP6> = sign<<5 | 0x1F (2.4 AMD950 "
     "column, 2.6; code reading of triton third_party/amd amd_hip_ocp_host.hpp). E8M0 and "
     "block: scales come from software; no evidence (OCP values).",
     "stochastic rounding (from_float_sr, high bits of the seed; 2.8) is not modelled."},
    {"microxcaling", "microsoft/microxcaling MX emulation (round='nearest', saturate_normals)",
     ELEM(SAT, PRESERVE, AFTER_ROUNDING, NEVER_SATURATES, MAX, 0x7F, -127, 0, 0),
     E8M0(RTZ, NONSAT, MIN, ABS),
     BLOCK(FLOOR, SPEC, SPEC, KEEP, HALF_AWAY, -127),
     "element: saturate_normals clamps finite overflow after rounding; 'Infs and NaNs are not "
     "clamped' (MX paper Algorithm 1 commentary, 2.1); MXINT8 never produces 0x80 (README "
     "l.264-267, test_corners_mx.py; 3.3). E8M0: shared_exp = floor(log2(amax)) -> toward "
     "zero on |x| (mx_ops.py l.76-80). Block: FLOOR, torch.max propagates NaN -> NaN block "
     "(3.4), default round='nearest' = half away from zero (elemwise_ops.py l.62-63; 3.3).",
     "MXINT8 all-zero block gives X = 0x01 (log2 of 2^-126, 3.4); optional FTZ of f32 "
     "subnormal inputs (mx_flush_fp32_subnorms, default off); the emulation keeps values in "
     "float, so element NaN bytes are not defined by it."},
    {"torchao", "pytorch/ao prototype mx_formats (ScaleCalculationMode.FLOOR default)",
     ELEM(SAT, PRESERVE, AFTER_ROUNDING, FOLLOWS_OVERFLOW, MAX, 0x7F, -128, 0, 0),
     E8M0(RUP, NONSAT, MIN, ABS),
     BLOCK(FLOOR, SPEC, SPEC, SAT, RNE, -128),
     "element: explicit torch.clamp(+-max_pos) before the torch cast (E5M2 always, E4M3 on "
     "torch < 2.13; mx_tensor.py l.361-373) -> SAT incl. Inf; NaN through the torch cast "
     "keeps its sign (3.3). E8M0: _f32_to_e8m0_rceil = RP without satfinite: FLT_MAX, Inf -> "
     "0xFF, 0x00400001 -> 0x01 (mx_tensor.py l.111-129, _mxfp8_test_utils.py l.274-305; 2.7). "
     "Block: FLOOR default, NaN/Inf block -> 0xFF (mixed_nan, mixed_inf; 3.4), RNE.",
     "FP6/FP4 NaN codes of _f32_to_floatx_unpacked depend on the NaN payload (canonical +NaN "
     "-> E2M1 0x3; custom_fp_utils.py l.91-142, 2.6): not modelled, compare as don't-care."},
    {"transformer_engine", "NVIDIA TransformerEngine MXFP8 quantisation (quantize_mxfp8.cuh)",
     ELEM(SAT, PRESERVE, AFTER_ROUNDING, FOLLOWS_OVERFLOW, MAX_POSITIVE, 0x7F, -128, 0, 1),
     E8M0(RUP, SAT, MIN, ABS),
     BLOCK(RCEIL, IGNORE, MAX_SCALE, SAT, RNE, -128),
     "element: static_cast / PTX cvt.rn.satfinite: as cuda_satfinite (ptx.cuh l.562-686; 3.3). "
     "E8M0: float_to_e8m0 = RP, e = 0xFE stays (saturating), Inf -> 0xFE, NaN -> 0xFF, "
     "subnormal > 2^-127 -> 0x01, sign bits dropped by >> 23 truncation (ptx_arch_spec.cuh "
     "l.72-104; Blackwell cvt.rp.satfinite.ue8m0x2; 2.7). Block: amax * max_norm_rcp then "
     "float_to_e8m0 = RCEIL; fmaxf drops NaN from amax; Inf amax -> 0xFE and the Inf element "
     "saturates (quantize_mxfp8.cuh l.209-298; 3.2, 3.4).",
     "an all-NaN block gets X = 0x00 (amax starts at 0); grouped kernels scale by a bf16 "
     "reciprocal (exp2f_rcp<bf16>)."},
    {"triton_kernels", "triton_kernels downcast_to_mxfp (DEQUANT_SCALE_ROUNDING_MODE 0, after triton#8110)",
     ELEM(SAT, PRESERVE, AFTER_ROUNDING, FOLLOWS_OVERFLOW, MAX_SIGNED, 0x7F, -128, 0, 1),
     E8M0(RUP, NONSAT, MIN, ABS),
     BLOCK(TK_ROUND_UP, IGNORE, SPEC, SAT, RNE, -128),
     "element: FP8 via .to(fp8) = PTX cvt.rn.satfinite (NaN 0x7F either sign, Inf -> +-max; "
     "2.4); FP4 bit-twiddled RTNE with exponent 0xFF -> min(..., 0x7) -> +-6 keeping the sign "
     "(_downcast_to_mxfp.py; 2.6). E8M0: ROUND_UP (bits + 0x7FFFFF) & 0x7F800000 -> Inf and "
     "FLT_MAX give 0xFF (non-saturating) (3.2). Block: TK_ROUND_UP default; tl.max does not "
     "propagate NaN (3.4); Inf amax -> exponent 0xFF -> X = 0xFF.",
     "the scale's subnormal behaviour (every non-zero subnormal descale -> 2^-126) lives in "
     "the TK_ROUND_UP scale mode, not in the E8M0 knobs; the Inf element becomes NaN via "
     "quant_scale = 1/Inf = 0 (don't-care under X = 0xFF)."},
};

#define N_PROFILES (sizeof profiles / sizeof profiles[0])

size_t mxcts_profile_count(void) { return N_PROFILES; }

const mxcts_profile *mxcts_profile_at(size_t i) { return i < N_PROFILES ? &profiles[i] : NULL; }

const mxcts_profile *mxcts_profile_find(const char *name)
{
    if (!name)
        return NULL;
    if (!strcmp(name, "torch_eager_le_2_12"))
        name = "torch_eager";
    for (size_t i = 0; i < N_PROFILES; i++)
        if (!strcmp(profiles[i].name, name))
            return &profiles[i];
    return NULL;
}

mxcts_status mxcts_profile_apply(const char *name, mxcts_convert *elem, mxcts_e8m0_convert *e8m0,
                                 mxcts_block_config *block)
{
    const mxcts_profile *p = mxcts_profile_find(name ? name : "ocp");
    if (!p)
        return MXCTS_ERR_MODE;
    if (elem)
        *elem = p->elem;
    if (e8m0)
        *e8m0 = p->e8m0;
    if (block)
        *block = p->block;
    return MXCTS_OK;
}

/* ---- differences, for `mxcts profiles` ------------------------------------ */

static const char *const overflow_n[] = {"sat", "nonsat"};
static const char *const nan_sign_n[] = {"preserve", "clear"};
static const char *const ovf_test_n[] = {"after-rounding", "before-rounding"};
static const char *const inf_n[] = {"follows-overflow", "never-saturates"};
static const char *const nanf_n[] = {"max", "max-positive", "max-signed", "zero-xor", "neg-zero"};
static const char *const e8r_n[] = {"rtz", "rup", "nearest-up", "nearest"};
static const char *const e8o_n[] = {"sat", "nonsat"};
static const char *const e8z_n[] = {"min", "nan"};
static const char *const e8n_n[] = {"abs", "nan"};
static const char *const scale_n[] = {"floor", "ceil", "even", "rceil", "tk_round_up", "tk_round_down", "tosa"};
static const char *const bnan_n[] = {"spec", "ignore"};
static const char *const binf_n[] = {"spec", "max-scale", "ignore"};
static const char *const binfel_n[] = {"sat", "keep"};
static const char *const bround_n[] = {"rne", "half-away", "half-up"};

#define NAME(tab, v) ((unsigned)(v) < sizeof tab / sizeof tab[0] ? tab[(unsigned)(v)] : "?")

typedef struct sbuf {
    char *buf;
    size_t size, len;
} sbuf;

static void add(sbuf *s, const char *knob, const char *val)
{
    int n = snprintf(s->buf ? s->buf + (s->len < s->size ? s->len : s->size) : NULL,
                     s->len < s->size ? s->size - s->len : 0, "%s%s=%s", s->len ? ", " : "", knob, val);
    if (n > 0)
        s->len += (size_t)n;
}

#define DIFF_ENUM(FIELD, KNOB, TAB)                                                            \
    if (p->FIELD != base->FIELD)                                                               \
    add(&s, KNOB, NAME(TAB, p->FIELD))
#define DIFF_INT(FIELD, KNOB, FMT)                                                             \
    if (p->FIELD != base->FIELD) {                                                             \
        char v_[16];                                                                           \
        snprintf(v_, sizeof v_, FMT, p->FIELD);                                                \
        add(&s, KNOB, v_);                                                                     \
    }

size_t mxcts_profile_diff(const mxcts_profile *p, const mxcts_profile *base, char *buf, size_t size)
{
    sbuf s = {size ? buf : NULL, size, 0};
    if (s.buf)
        s.buf[0] = 0;
    if (!p || !base)
        return 0;
    DIFF_ENUM(elem.overflow, "overflow", overflow_n);
    DIFF_ENUM(elem.nan_sign, "nan-sign", nan_sign_n);
    DIFF_ENUM(elem.overflow_test, "overflow-test", ovf_test_n);
    DIFF_ENUM(elem.inf_policy, "inf", inf_n);
    DIFF_ENUM(elem.nan_finite, "nan-fp6-fp4", nanf_n);
    DIFF_INT(elem.nan_code_e5m2, "e5m2-nan", "0x%02X");
    DIFF_INT(elem.int8_min, "int8-min", "%d");
    DIFF_INT(elem.e4m3_sat_nan, "e4m3-sat-nan", "%d");
    DIFF_INT(elem.nan_input_positive, "nan-input-positive", "%d");
    DIFF_ENUM(e8m0.round, "e8m0-round", e8r_n);
    DIFF_ENUM(e8m0.overflow, "e8m0-overflow", e8o_n);
    DIFF_ENUM(e8m0.zero, "e8m0-zero", e8z_n);
    DIFF_ENUM(e8m0.negative, "e8m0-negative", e8n_n);
    DIFF_ENUM(block.scale_mode, "scale-mode", scale_n);
    DIFF_ENUM(block.nan_policy, "block-nan", bnan_n);
    DIFF_ENUM(block.inf_policy, "block-inf", binf_n);
    DIFF_ENUM(block.inf_elem, "block-inf-elem", binfel_n);
    DIFF_ENUM(block.round, "elem-round", bround_n);
    DIFF_INT(block.int8_min, "block-int8-min", "%d");
    if (s.buf && s.len >= s.size)
        s.buf[s.size - 1] = 0;
    return s.len;
}
