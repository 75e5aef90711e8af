/* HIP kernels of the kernel library: FP8/FP6/FP4/INT8 encode and decode,
 * MX quantise / dequantise, OCP <-> FNUZ re-encode; plus their host
 * launchers (extern "C", called by kernels/src/api.c after the guards).
 *
 * One source for every target: AMD (hip-clang; gfx908, gfx90a, gfx942,
 * gfx950, gfx1100, gfx1200, gfx1201) and NVIDIA (nvcc through
 * compat/mxk_hip_compat.h). Wave-size agnostic: the only cross-lane step is
 * a butterfly inside aligned groups of 8 lanes, valid for waves of 32 and 64.
 * The element arithmetic is kernels/common/mxk_codec.h, shared with the cpu
 * backend; per-target hardware conversion paths are selected by the
 * dispatch table (kernels/src/dispatch.c) and compiled only where the
 * target has the instruction. */
#include "compat/mxk_hip_compat.h"
#include "../common/mxk_codec.h"
#include "../common/mxk_gemm_common.h"

#ifndef MXK_HIP_BARE
#include <string.h>
#include <stdio.h>
#include "../src/internal.h"
#endif

#if defined(__gfx1200__) || defined(__gfx1201__)
#define MXK_GFX12 1
#endif

namespace mxk {

struct alignas(16) u32x4 { uint32_t a, b, c, d; };
struct alignas(8) u32x2 { uint32_t a, b; };

enum { P_SW = 0, P_GFX942 = 1, P_GFX12 = 2, P_GFX950 = 3, P_SM90 = 4 };

template <int SRC>
__device__ __forceinline__ uint32_t load1(const char *p, int64_t i)
{
    if (SRC == MXK_C_F32)
        return ((const uint32_t *)p)[i];
    if (SRC == MXK_C_BF16)
        return mxk_bf16_to_f32(((const uint16_t *)p)[i]);
    return mxk_f16_to_f32(((const uint16_t *)p)[i]);
}

/* Hardware conversion of one f32 (bits x) to an 8-bit code, RNE + SAT,
 * exactly equal to mxk_encode_f32(f, x, RNE, SAT, nclr). Falls back to the
 * software encoder where the target lacks the instruction. */
template <int FMT, int PATH>
__device__ __forceinline__ uint32_t hw_encode(uint32_t x, int nclr)
{
    const mxk_fmt f = mxk_fmt_of(FMT);
    const bool is_nan = (x & 0x7FFFFFFFu) > 0x7F800000u;
#if defined(__CUDA_ARCH__) && (__CUDA_ARCH__ >= 890)
    if (PATH == P_SM90 && (FMT == MXK_C_E4M3 || FMT == MXK_C_E5M2)) {
        unsigned short r;
        float v = mxk_u2f(x);
        if (FMT == MXK_C_E4M3)
            asm("cvt.rn.satfinite.e4m3x2.f32 %0, %1, %2;" : "=h"(r) : "f"(0.0f), "f"(v));
        else
            asm("cvt.rn.satfinite.e5m2x2.f32 %0, %1, %2;" : "=h"(r) : "f"(0.0f), "f"(v));
        uint32_t c = r & 0xFFu;
        if (is_nan) /* PTX gives +NaN 0x7F: apply the NaN sign policy */
            c = ((x >> 31) && !nclr ? 0x80u : 0u) | 0x7Fu;
        return c;
    }
#endif
#if defined(__gfx942__) && !defined(__CUDACC__)
    if (PATH == P_GFX942 && (FMT == MXK_C_E4M3FNUZ || FMT == MXK_C_E5M2FNUZ)) {
        if (is_nan)
            return 0x80u;
        /* clamp first: RNE of the clamped value is exactly OFP8 SAT */
        float v = __builtin_amdgcn_fmed3f(mxk_u2f(x), -f.max_val, f.max_val);
        int w = (FMT == MXK_C_E4M3FNUZ) ? __builtin_amdgcn_cvt_pk_fp8_f32(v, v, 0, false)
                                         : __builtin_amdgcn_cvt_pk_bf8_f32(v, v, 0, false);
        uint32_t c = (uint32_t)w & 0xFFu;
        return c == 0x80u ? 0u : c; /* FNUZ has no -0: a rounded-to-zero negative is +0 */
    }
#endif
#if defined(MXK_GFX12) && !defined(__CUDACC__)
    if (PATH == P_GFX12 && (FMT == MXK_C_E4M3 || FMT == MXK_C_E5M2)) {
        if (is_nan)
            return ((x >> 31) && !nclr ? 0x80u : 0u) | 0x7Fu;
        float v = __builtin_amdgcn_fmed3f(mxk_u2f(x), -f.max_val, f.max_val);
        int w = (FMT == MXK_C_E4M3) ? __builtin_amdgcn_cvt_pk_fp8_f32(v, v, 0, false)
                                    : __builtin_amdgcn_cvt_pk_bf8_f32(v, v, 0, false);
        return (uint32_t)w & 0xFFu;
    }
#endif
#if defined(__gfx950__) && !defined(__CUDACC__) && __has_builtin(__builtin_amdgcn_cvt_scalef32_pk_fp8_f32)
    if (PATH == P_GFX950 && (FMT == MXK_C_E4M3 || FMT == MXK_C_E5M2)) {
        if (is_nan)
            return ((x >> 31) && !nclr ? 0x80u : 0u) | 0x7Fu;
        float v = __builtin_amdgcn_fmed3f(mxk_u2f(x), -f.max_val, f.max_val);
        typedef short v2s __attribute__((ext_vector_type(2)));
        v2s old = {0, 0};
        v2s w = (FMT == MXK_C_E4M3) ? __builtin_amdgcn_cvt_scalef32_pk_fp8_f32(old, v, v, 1.0f, false)
                                    : __builtin_amdgcn_cvt_scalef32_pk_bf8_f32(old, v, v, 1.0f, false);
        return (uint32_t)w[0] & 0xFFu;
    }
#endif
    (void)is_nan;
    return mxk_encode_f32(f, x, MXK_C_RNE, 1, nclr, -128);
}

/* ---- encode: rows x cols, grid-stride in x over columns, y over rows ---- */
template <int SRC, int FMT, int PATH>
__global__ void encode_kernel(const char *src, int64_t lds, uint8_t *dst, int64_t ldd, int64_t rows,
                              int64_t cols, float scale, int rnd, int sat, int nclr, int i8)
{
    const mxk_fmt f = mxk_fmt_of(FMT);
    const int scaled = scale != 1.0f;
    const int64_t step = (int64_t)MXK_GDIM_X * MXK_BDIM_X;
    const int ssz = SRC == MXK_C_F32 ? 4 : 2;
    for (int64_t r = MXK_BID_Y; r < rows; r += MXK_GDIM_Y) {
        const char *in = src + r * lds * ssz;
        uint8_t *out = dst + r * ldd;
        for (int64_t c = (int64_t)MXK_BID_X * MXK_BDIM_X + MXK_TID_X; c < cols; c += step) {
            uint32_t x = load1<SRC>(in, c);
            if (scaled)
                x = mxk_f2u(mxk_u2f(x) * scale);
            uint32_t q;
            if (PATH != P_SW)
                q = hw_encode<FMT, PATH>(x, nclr);
            else
                q = mxk_encode_f32(f, x, rnd, sat, nclr, i8);
            out[c] = (uint8_t)q;
        }
    }
}

template <int FMT>
__global__ void decode_kernel(const uint8_t *src, int64_t lds, char *dst, int64_t ldd, int64_t rows,
                              int64_t cols, float scale, int bf)
{
    const mxk_fmt f = mxk_fmt_of(FMT);
    const int scaled = scale != 1.0f;
    const int64_t step = (int64_t)MXK_GDIM_X * MXK_BDIM_X;
    for (int64_t r = MXK_BID_Y; r < rows; r += MXK_GDIM_Y) {
        for (int64_t c = (int64_t)MXK_BID_X * MXK_BDIM_X + MXK_TID_X; c < cols; c += step) {
            uint32_t v = mxk_decode_f32(f, src[r * lds + c]);
            if (scaled)
                v = mxk_f2u(mxk_u2f(v) * scale);
            if (bf)
                ((uint16_t *)dst)[r * ldd + c] = mxk_f32_to_bf16(v);
            else
                ((uint32_t *)dst)[r * ldd + c] = v;
        }
    }
}

/* ---- MX quantise. Lanes per 32-element block: 4 (8 elements a lane,
 * 16-byte loads of bf16/f16, 8-byte stores) on the vector path of 16-bit
 * sources, else 8 (4 elements a lane); amax by a butterfly inside the
 * group. VEC: the host checked 16-byte source and 8/4-byte output
 * alignment. PATH P_SM90: elements through cvt.rn.satfinite (exactly the
 * RNE + SAT element rule, NaN fixed up to the positive NaN code). ---- */

template <int SRC, bool VEC>
struct quant_geom {
    static const int lanes = (VEC && SRC != MXK_C_F32) ? 4 : 8;
    static const int epl = 32 / lanes; /* elements per lane */
};

template <int SRC, bool VEC>
__device__ __forceinline__ void quant_load(const char *in, int64_t e0, uint32_t *x)
{
    if (VEC && SRC == MXK_C_F32) {
        u32x4 v = *(const u32x4 *)(in + e0 * 4);
        x[0] = v.a, x[1] = v.b, x[2] = v.c, x[3] = v.d;
    } else if (VEC) {
        u32x4 v = *(const u32x4 *)(in + e0 * 2);
        uint32_t w[4] = {v.a, v.b, v.c, v.d};
        for (int i = 0; i < 8; i++) {
            uint16_t h = (uint16_t)(w[i >> 1] >> (16 * (i & 1)));
            x[i] = SRC == MXK_C_BF16 ? mxk_bf16_to_f32(h) : mxk_f16_to_f32(h);
        }
    } else {
        for (int i = 0; i < 4; i++)
            x[i] = load1<SRC>(in, e0 + i);
    }
}

/* Two MX elements (f32 bits a, b) of a block with scale X != 0xFF: the byte
 * pair b:a, each exactly mxk_mx_elem. */
template <int FMT, int PATH>
__device__ __forceinline__ uint32_t quant_pair(const mxk_fmt f, uint32_t a, uint32_t b, uint32_t X, int nan_in,
                                               int i8)
{
#if defined(__CUDA_ARCH__) && (__CUDA_ARCH__ >= 890)
    if (PATH == P_SM90 && (FMT == MXK_C_E4M3 || FMT == MXK_C_E5M2)) {
        /* 2^(127 - X) is a normal f32 here (X <= 254 - emax_elem <= 246), so one
         * correctly rounded multiply is mxk_ldexp's exactly-then-once-rounded value */
        const float s = mxk_u2f((254u - X) << 23);
        float qa = mxk_u2f(a) * s, qb = mxk_u2f(b) * s;
        unsigned short r;
        if (FMT == MXK_C_E4M3)
            asm("cvt.rn.satfinite.e4m3x2.f32 %0, %1, %2;" : "=h"(r) : "f"(qb), "f"(qa));
        else
            asm("cvt.rn.satfinite.e5m2x2.f32 %0, %1, %2;" : "=h"(r) : "f"(qb), "f"(qa));
        uint32_t lo = r & 0xFFu, hi = (uint32_t)r >> 8;
        if (nan_in) { /* NaN elements (policy ignore) take the positive NaN code */
            if ((a & 0x7FFFFFFFu) > 0x7F800000u)
                lo = mxk_mx_nan_elem(f);
            if ((b & 0x7FFFFFFFu) > 0x7F800000u)
                hi = mxk_mx_nan_elem(f);
        }
        return lo | hi << 8;
    }
#endif
    (void)nan_in;
    return mxk_mx_elem(f, a, X, i8) | mxk_mx_elem(f, b, X, i8) << 8;
}

__device__ __forceinline__ uint32_t umax32(uint32_t a, uint32_t b) { return a > b ? a : b; }

/* Scale code of one block from its EPL elements per lane (L lanes): the
 * largest |bits| over the group; a NaN/Inf among them gives 0xFF, or with
 * NaN policy "ignore" the amax of the finite elements (a second pass, rare;
 * *nan_in set). */
template <int L, int EPL>
__device__ __forceinline__ uint32_t quant_scale(const mxk_fmt f, const uint32_t *x, int mode, int ign, int *nan_in)
{
    uint32_t m = 0;
    for (int i = 0; i < EPL; i++)
        m = umax32(m, x[i] & 0x7FFFFFFFu);
    /* integer max on |bits| is the float max for finite values */
    for (int s = 1; s < L; s <<= 1)
        m = umax32(m, (uint32_t)mxk_shfl_xor_g(m, s, L));
    if (m >= 0x7F800000u) {
        if (!ign)
            return 0xFFu;
        *nan_in = 1; /* NaN/Inf elements in a block with a finite scale */
        m = 0;
        for (int i = 0; i < EPL; i++) {
            uint32_t a = x[i] & 0x7FFFFFFFu;
            m = a < 0x7F800000u ? umax32(m, a) : m;
        }
        for (int s = 1; s < L; s <<= 1)
            m = umax32(m, (uint32_t)mxk_shfl_xor_g(m, s, L));
    }
    return mxk_mx_scale(f, m, mode);
}

/* One lane's EPL element bytes of a block with scale X, little-endian in out. */
template <int FMT, int PATH, int EPL>
__device__ __forceinline__ void quant_elems(const mxk_fmt f, const uint32_t *x, uint32_t X, int nan_in, int i8,
                                            uint32_t *out)
{
    out[0] = out[1] = 0;
    if (X == 0xFFu) {
        out[0] = out[1] = mxk_mx_nan_elem(f) * 0x01010101u;
        return;
    }
    for (int i = 0; i < EPL; i += 2)
        out[i >> 2] |= quant_pair<FMT, PATH>(f, x[i], x[i + 1], X, nan_in, i8) << (8 * (i & 3));
}

template <bool VEC, int EPL>
__device__ __forceinline__ void quant_store(uint8_t *qo, const uint32_t *out)
{
    if (VEC && EPL == 8) {
        u32x2 o2 = {out[0], out[1]};
        *(u32x2 *)qo = o2;
    } else if (VEC) {
        *(uint32_t *)qo = out[0];
    } else {
        for (int i = 0; i < EPL; i++)
            qo[i] = (uint8_t)(out[i >> 2] >> (8 * (i & 3)));
    }
}

/* One group of lanes per block; on the H100 one 16-byte load a lane with
 * full occupancy (<= 32 registers) measured faster than 2 or 4 loads in
 * flight a lane (docs/PERFORMANCE.md). */
template <int SRC, int FMT, bool VEC, int PATH>
__global__ void mx_quant_kernel(const char *src, int64_t lds, uint8_t *q, int64_t ldq, uint8_t *sc,
                                int64_t ldsc, int64_t rows, int64_t nb, int mode, int ign, int i8, int lay)
{
    const mxk_fmt f = mxk_fmt_of(FMT);
    const int L = quant_geom<SRC, VEC>::lanes, EPL = quant_geom<SRC, VEC>::epl;
    const int lane = (int)(MXK_TID_X & (unsigned)(L - 1));
    const int64_t gpb = MXK_BDIM_X / L; /* groups per thread block */
    const int64_t step = (int64_t)MXK_GDIM_X * gpb;
    const int ssz = SRC == MXK_C_F32 ? 4 : 2;
    for (int64_t r = MXK_BID_Y; r < rows; r += MXK_GDIM_Y) {
        const char *in = src + r * lds * ssz;
        /* whole groups leave the loop together: the shuffles stay inside a group */
        for (int64_t b = (int64_t)MXK_BID_X * gpb + (MXK_TID_X / L); b < nb; b += step) {
            uint32_t x[EPL];
            quant_load<SRC, VEC>(in, b * 32 + lane * EPL, x);
            int nan_in = 0;
            const uint32_t X = quant_scale<L, EPL>(f, x, mode, ign, &nan_in);
            uint32_t out[2];
            quant_elems<FMT, PATH, EPL>(f, x, X, nan_in, i8, out);
            quant_store<VEC, EPL>(q + r * ldq + b * 32 + lane * EPL, out);
            if (lane == 0)
                sc[mxk_scale_offset(lay, ldsc, r, b)] = (uint8_t)X;
        }
    }
}

template <int FMT>
__global__ void mx_dequant_kernel(const uint8_t *q, int64_t ldq, const uint8_t *sc, int64_t ldsc, char *dst,
                                  int64_t ldd, int64_t rows, int64_t cols, int ot, int lay)
{
    const mxk_fmt f = mxk_fmt_of(FMT);
    const int64_t step = (int64_t)MXK_GDIM_X * MXK_BDIM_X;
    for (int64_t r = MXK_BID_Y; r < rows; r += MXK_GDIM_Y) {
        for (int64_t c = (int64_t)MXK_BID_X * MXK_BDIM_X + MXK_TID_X; c < cols; c += step) {
            /* exact f32 product (or Inf, or below 2^-126 a signed zero in bf16 / f16): one rounding */
            const uint32_t v = mxk_mx_deq(f, q[r * ldq + c], sc[mxk_scale_offset(lay, ldsc, r, c >> 5)]);
            mxk_store_out(ot, dst, r * ldd + c, mxk_u2f(v));
        }
    }
}

__global__ void reencode_kernel(const uint8_t *src, int64_t lds, uint8_t *dst, int64_t ldd, int64_t rows,
                                int64_t cols, int from, int to, int bits, int rnd, int sat, int nclr)
{
    const mxk_fmt fs = mxk_fmt_of(from), fd = mxk_fmt_of(to);
    const int64_t step = (int64_t)MXK_GDIM_X * MXK_BDIM_X;
    for (int64_t r = MXK_BID_Y; r < rows; r += MXK_GDIM_Y) {
        for (int64_t c = (int64_t)MXK_BID_X * MXK_BDIM_X + MXK_TID_X; c < cols; c += step) {
            uint32_t code = src[r * lds + c];
            dst[r * ldd + c] = (uint8_t)(bits ? mxk_reencode_bits(from, code)
                                              : mxk_encode_f32(fd, mxk_decode_f32(fs, code), rnd, sat, nclr, -128));
        }
    }
}

#ifdef MXK_HIP_BARE
/* Device-only builds (ISA check) instantiate every kernel and path here. */
#define INST_ENC(S, F)                                                                                  \
    template __global__ void encode_kernel<S, F, P_SW>(const char *, int64_t, uint8_t *, int64_t, int64_t, \
                                                       int64_t, float, int, int, int, int);
INST_ENC(MXK_C_F32, MXK_C_E4M3)
INST_ENC(MXK_C_F32, MXK_C_E5M2)
INST_ENC(MXK_C_F32, MXK_C_E4M3FNUZ)
INST_ENC(MXK_C_F32, MXK_C_E5M2FNUZ)
INST_ENC(MXK_C_F32, MXK_C_E2M1)
template __global__ void encode_kernel<MXK_C_F32, MXK_C_E4M3FNUZ, P_GFX942>(const char *, int64_t, uint8_t *,
                                                                           int64_t, int64_t, int64_t, float,
                                                                           int, int, int, int);
template __global__ void encode_kernel<MXK_C_F32, MXK_C_E5M2FNUZ, P_GFX942>(const char *, int64_t, uint8_t *,
                                                                           int64_t, int64_t, int64_t, float,
                                                                           int, int, int, int);
template __global__ void encode_kernel<MXK_C_F32, MXK_C_E4M3, P_GFX12>(const char *, int64_t, uint8_t *,
                                                                      int64_t, int64_t, int64_t, float, int,
                                                                      int, int, int);
template __global__ void encode_kernel<MXK_C_F32, MXK_C_E5M2, P_GFX12>(const char *, int64_t, uint8_t *,
                                                                      int64_t, int64_t, int64_t, float, int,
                                                                      int, int, int);
template __global__ void encode_kernel<MXK_C_F32, MXK_C_E4M3, P_GFX950>(const char *, int64_t, uint8_t *,
                                                                       int64_t, int64_t, int64_t, float, int,
                                                                       int, int, int);
template __global__ void encode_kernel<MXK_C_F32, MXK_C_E5M2, P_GFX950>(const char *, int64_t, uint8_t *,
                                                                       int64_t, int64_t, int64_t, float, int,
                                                                       int, int, int);
template __global__ void mx_quant_kernel<MXK_C_BF16, MXK_C_E4M3, true, P_SW>(const char *, int64_t, uint8_t *,
                                                                      int64_t, uint8_t *, int64_t, int64_t,
                                                                      int64_t, int, int, int, int);
template __global__ void mx_quant_kernel<MXK_C_F32, MXK_C_E2M1, false, P_SW>(const char *, int64_t, uint8_t *,
                                                                      int64_t, uint8_t *, int64_t, int64_t,
                                                                      int64_t, int, int, int, int);
template __global__ void mx_dequant_kernel<MXK_C_E4M3>(const uint8_t *, int64_t, const uint8_t *, int64_t,
                                                       char *, int64_t, int64_t, int64_t, int, int);
template __global__ void decode_kernel<MXK_C_E5M2>(const uint8_t *, int64_t, char *, int64_t, int64_t,
                                                   int64_t, float, int);
#endif

} // namespace mxk

#ifndef MXK_HIP_BARE
/* ======================= host launchers ============================== */
using namespace mxk;

namespace {

struct dev_guard { /* select `device` for this thread; restore on exit */
    int prev = -1;
    hipError_t err = hipSuccess;
    explicit dev_guard(int device)
    {
        if (hipGetDevice(&prev) != hipSuccess)
            prev = -1;
        err = hipSetDevice(device);
    }
    ~dev_guard()
    {
        if (prev >= 0)
            (void)hipSetDevice(prev);
    }
};

const int TPB = 256;

dim3 grid2d(int64_t rows, int64_t cols_work)
{
    int64_t gx = (cols_work + TPB - 1) / TPB;
    if (gx > 65535)
        gx = 65535;
    int64_t gy = rows > 65535 ? 65535 : rows;
    /* keep the total modest: grid-stride loops cover the rest */
    while (gx * gy > (1 << 20) && gy > 1)
        gy = (gy + 1) / 2;
    return dim3((unsigned)gx, (unsigned)gy, 1);
}

mxk_status launched()
{
    return hipGetLastError() == hipSuccess ? MXK_OK : MXK_ERR_RUNTIME;
}

int src_code(mxk_dtype t) { return t == MXK_F32 ? MXK_C_F32 : t == MXK_BF16 ? MXK_C_BF16 : MXK_C_F16; }

template <int SRC, int FMT>
void launch_encode_p(int path, dim3 g, hipStream_t s, const mxk_tensor *a, const mxk_tensor *d, float scale,
                     int rnd, int sat, int nclr, int i8)
{
    const char *src = (const char *)a->data;
    uint8_t *dst = (uint8_t *)d->data;
#define ENC_ARGS src, a->ld, dst, d->ld, a->rows, a->cols, scale, rnd, sat, nclr, i8
    /* only the paths of this platform are instantiated */
    switch (path) {
#if defined(__CUDACC__)
    case P_SM90: encode_kernel<SRC, FMT, P_SM90><<<g, TPB, 0, s>>>(ENC_ARGS); break;
#else
    case P_GFX942: encode_kernel<SRC, FMT, P_GFX942><<<g, TPB, 0, s>>>(ENC_ARGS); break;
    case P_GFX12: encode_kernel<SRC, FMT, P_GFX12><<<g, TPB, 0, s>>>(ENC_ARGS); break;
    case P_GFX950: encode_kernel<SRC, FMT, P_GFX950><<<g, TPB, 0, s>>>(ENC_ARGS); break;
#endif
    default: encode_kernel<SRC, FMT, P_SW><<<g, TPB, 0, s>>>(ENC_ARGS); break;
    }
#undef ENC_ARGS
}

template <int SRC>
void launch_encode_f(int fmt, int path, dim3 g, hipStream_t s, const mxk_tensor *a, const mxk_tensor *d,
                     float scale, int rnd, int sat, int nclr, int i8)
{
    switch (fmt) {
    case MXK_C_E4M3: launch_encode_p<SRC, MXK_C_E4M3>(path, g, s, a, d, scale, rnd, sat, nclr, i8); break;
    case MXK_C_E5M2: launch_encode_p<SRC, MXK_C_E5M2>(path, g, s, a, d, scale, rnd, sat, nclr, i8); break;
    case MXK_C_E4M3FNUZ: launch_encode_p<SRC, MXK_C_E4M3FNUZ>(path, g, s, a, d, scale, rnd, sat, nclr, i8); break;
    case MXK_C_E5M2FNUZ: launch_encode_p<SRC, MXK_C_E5M2FNUZ>(path, g, s, a, d, scale, rnd, sat, nclr, i8); break;
    case MXK_C_E2M3: launch_encode_p<SRC, MXK_C_E2M3>(P_SW, g, s, a, d, scale, rnd, sat, nclr, i8); break;
    case MXK_C_E3M2: launch_encode_p<SRC, MXK_C_E3M2>(P_SW, g, s, a, d, scale, rnd, sat, nclr, i8); break;
    case MXK_C_E2M1: launch_encode_p<SRC, MXK_C_E2M1>(P_SW, g, s, a, d, scale, rnd, sat, nclr, i8); break;
    default: launch_encode_p<SRC, MXK_C_INT8>(P_SW, g, s, a, d, scale, rnd, sat, nclr, i8); break;
    }
}

int path_code(mxk_path_id id)
{
    switch (id) {
    case MXK_PATH_HIP_GFX942_FNUZ: return P_GFX942;
    case MXK_PATH_HIP_GFX12_OCP: return P_GFX12;
    case MXK_PATH_HIP_GFX950_OCP: return P_GFX950;
    case MXK_PATH_HIP_SM90_SATFINITE: return P_SM90;
    default: return P_SW;
    }
}

template <int SRC, int FMT, bool VEC>
void launch_quant_v(int path, dim3 g, hipStream_t s, const mxk_tensor *a, const mxk_tensor *q,
                    const mxk_tensor *sc, int mode, int ign, int i8, int lay)
{
    const int64_t nb = a->cols / 32;
#define Q_ARGS (const char *)a->data, a->ld, (uint8_t *)q->data, q->ld, (uint8_t *)sc->data, sc->ld, a->rows, nb, \
               mode, ign, i8, lay
#if defined(__CUDACC__)
    /* the hardware variant exists for the two OCP FP8 formats only */
    const int HW = (FMT == MXK_C_E4M3 || FMT == MXK_C_E5M2) ? P_SM90 : P_SW;
    if (path == P_SM90) {
        mx_quant_kernel<SRC, FMT, VEC, HW><<<g, TPB, 0, s>>>(Q_ARGS);
        return;
    }
#endif
    (void)path;
    mx_quant_kernel<SRC, FMT, VEC, P_SW><<<g, TPB, 0, s>>>(Q_ARGS);
#undef Q_ARGS
}

template <int SRC, int FMT>
void launch_quant_t(int path, bool vec, dim3 g, hipStream_t s, const mxk_tensor *a, const mxk_tensor *q,
                    const mxk_tensor *sc, int mode, int ign, int i8, int lay)
{
    if (vec)
        launch_quant_v<SRC, FMT, true>(path, g, s, a, q, sc, mode, ign, i8, lay);
    else
        launch_quant_v<SRC, FMT, false>(path, g, s, a, q, sc, mode, ign, i8, lay);
}

template <int SRC>
void launch_quant_f(int fmt, int path, bool vec, dim3 g, hipStream_t s, const mxk_tensor *a, const mxk_tensor *q,
                    const mxk_tensor *sc, int mode, int ign, int i8, int lay)
{
#define QF_ARGS path, vec, g, s, a, q, sc, mode, ign, i8, lay
    switch (fmt) {
    case MXK_C_E4M3: launch_quant_t<SRC, MXK_C_E4M3>(QF_ARGS); break;
    case MXK_C_E5M2: launch_quant_t<SRC, MXK_C_E5M2>(QF_ARGS); break;
    case MXK_C_E2M3: launch_quant_t<SRC, MXK_C_E2M3>(QF_ARGS); break;
    case MXK_C_E3M2: launch_quant_t<SRC, MXK_C_E3M2>(QF_ARGS); break;
    case MXK_C_E2M1: launch_quant_t<SRC, MXK_C_E2M1>(QF_ARGS); break;
    default: launch_quant_t<SRC, MXK_C_INT8>(QF_ARGS); break;
    }
#undef QF_ARGS
}

bool aligned(const void *p, int64_t ld, int64_t esz, int64_t vec_bytes)
{
    return ((uintptr_t)p % (uintptr_t)vec_bytes) == 0 && (ld * esz) % vec_bytes == 0;
}

} // namespace

extern "C" {

mxk_status mxk_hip_device_count(int *count)
{
    int n = 0;
    if (hipGetDeviceCount(&n) != hipSuccess) {
        (void)hipGetLastError();
        n = 0;
    }
    *count = n;
    return MXK_OK;
}

mxk_status mxk_hip_target_info(int device, mxk_target_info *info)
{
    hipDeviceProp_t p;
    if (hipGetDeviceProperties(&p, device) != hipSuccess)
        return MXK_ERR_BACKEND;
    memset(info, 0, sizeof *info);
    strcpy(info->backend, "hip");
    info->device = device;
#if defined(__CUDACC__)
    snprintf(info->target, sizeof info->target, "sm_%d%d", p.major, p.minor);
    info->hw_fp8_ocp = p.major * 10 + p.minor >= 89;
#else
    /* exact target name: the arch before any ":feature" suffix */
    snprintf(info->target, sizeof info->target, "%s", p.gcnArchName);
    char *colon = strchr(info->target, ':');
    if (colon)
        *colon = 0;
    info->hw_fp8_fnuz = !strcmp(info->target, "gfx942");
    info->hw_fp8_ocp = !strcmp(info->target, "gfx1200") || !strcmp(info->target, "gfx1201");
#endif
    snprintf(info->name, sizeof info->name, "%.95s", p.name);
    snprintf(info->platform, sizeof info->platform, "%s", MXK_PLATFORM_NAME);
    info->wave_size = p.warpSize;
    info->compute_units = p.multiProcessorCount;
    info->global_mem = (int64_t)p.totalGlobalMem;
    return MXK_OK;
}

mxk_status mxk_hip_synchronize(int device, mxk_stream st)
{
    dev_guard dg(device);
    if (dg.err != hipSuccess)
        return MXK_ERR_RUNTIME;
    return hipStreamSynchronize((hipStream_t)st) == hipSuccess ? MXK_OK : MXK_ERR_RUNTIME;
}

mxk_status mxk_hip_alloc(int device, size_t bytes, void **ptr)
{
    dev_guard dg(device);
    if (dg.err != hipSuccess)
        return MXK_ERR_RUNTIME;
    void *p = NULL;
    if (hipMalloc(&p, bytes) != hipSuccess) {
        (void)hipGetLastError();
        return MXK_ERR_ALLOC;
    }
    *ptr = p;
    return MXK_OK;
}

mxk_status mxk_hip_free(int device, void *ptr)
{
    dev_guard dg(device);
    if (dg.err != hipSuccess)
        return MXK_ERR_RUNTIME;
    return hipFree(ptr) == hipSuccess ? MXK_OK : MXK_ERR_RUNTIME;
}

mxk_status mxk_hip_copy(int device, void *dst, const void *src, size_t bytes, int kind)
{
    dev_guard dg(device);
    if (dg.err != hipSuccess)
        return MXK_ERR_RUNTIME;
    hipError_t e = hipMemcpy(dst, src, bytes,
                             kind == 2   ? hipMemcpyDeviceToDevice
                             : kind == 1 ? hipMemcpyHostToDevice
                                         : hipMemcpyDeviceToHost);
    return e == hipSuccess ? MXK_OK : MXK_ERR_RUNTIME;
}

mxk_status mxk_hip_encode(int device, mxk_stream st, mxk_path_id path, const mxk_tensor *src,
                          const mxk_tensor *dst, float scale, const mxk_convert_opts *o)
{
    dev_guard dg(device);
    if (dg.err != hipSuccess)
        return MXK_ERR_RUNTIME;
    dim3 g = grid2d(src->rows, src->cols);
    hipStream_t s = (hipStream_t)st;
    const int rnd = o->round, sat = o->overflow == MXK_SAT, nclr = o->nan_sign == MXK_NAN_SIGN_CLEAR;
    const int p = path_code(path), fmt = (int)dst->dtype;
    switch (src_code(src->dtype)) {
    case MXK_C_F32: launch_encode_f<MXK_C_F32>(fmt, p, g, s, src, dst, scale, rnd, sat, nclr, o->int8_min); break;
    case MXK_C_BF16: launch_encode_f<MXK_C_BF16>(fmt, p, g, s, src, dst, scale, rnd, sat, nclr, o->int8_min); break;
    default: launch_encode_f<MXK_C_F16>(fmt, p, g, s, src, dst, scale, rnd, sat, nclr, o->int8_min); break;
    }
    return launched();
}

mxk_status mxk_hip_decode(int device, mxk_stream st, const mxk_tensor *src, const mxk_tensor *dst, float scale)
{
    dev_guard dg(device);
    if (dg.err != hipSuccess)
        return MXK_ERR_RUNTIME;
    dim3 g = grid2d(src->rows, src->cols);
    hipStream_t s = (hipStream_t)st;
    const int bf = dst->dtype == MXK_BF16;
#define D_ARGS (const uint8_t *)src->data, src->ld, (char *)dst->data, dst->ld, src->rows, src->cols, scale, bf
    switch ((int)src->dtype) {
    case MXK_C_E4M3: decode_kernel<MXK_C_E4M3><<<g, TPB, 0, s>>>(D_ARGS); break;
    case MXK_C_E5M2: decode_kernel<MXK_C_E5M2><<<g, TPB, 0, s>>>(D_ARGS); break;
    case MXK_C_E4M3FNUZ: decode_kernel<MXK_C_E4M3FNUZ><<<g, TPB, 0, s>>>(D_ARGS); break;
    case MXK_C_E5M2FNUZ: decode_kernel<MXK_C_E5M2FNUZ><<<g, TPB, 0, s>>>(D_ARGS); break;
    case MXK_C_E2M3: decode_kernel<MXK_C_E2M3><<<g, TPB, 0, s>>>(D_ARGS); break;
    case MXK_C_E3M2: decode_kernel<MXK_C_E3M2><<<g, TPB, 0, s>>>(D_ARGS); break;
    case MXK_C_E2M1: decode_kernel<MXK_C_E2M1><<<g, TPB, 0, s>>>(D_ARGS); break;
    default: decode_kernel<MXK_C_INT8><<<g, TPB, 0, s>>>(D_ARGS); break;
    }
#undef D_ARGS
    return launched();
}

mxk_status mxk_hip_mx_quantize(int device, mxk_stream st, mxk_path_id path, const mxk_tensor *src,
                               const mxk_tensor *elems, const mxk_tensor *scales, const mxk_mx_opts *o)
{
    dev_guard dg(device);
    if (dg.err != hipSuccess)
        return MXK_ERR_RUNTIME;
    const int64_t nb = src->cols / 32;
    hipStream_t s = (hipStream_t)st;
    const int ssz = src->dtype == MXK_F32 ? 4 : 2;
    /* vector path: 16-byte source loads, 16 / ssz elements a lane */
    const bool vec = aligned(src->data, src->ld, ssz, 16) && aligned(elems->data, elems->ld, 1, 16 / ssz);
    const int lanes = (vec && ssz == 2) ? 4 : 8; /* as quant_geom */
    dim3 g = grid2d(src->rows, nb * lanes);
    const int mode = o->scale_mode, ign = o->nan_policy == MXK_BLOCK_NAN_IGNORE, fmt = (int)elems->dtype;
    const int p = path_code(path), lay = (int)o->layout;
    /* padding cells of a hardware scale layout (dense: ld == cols) are 0x00 */
    if (lay != MXK_LAYOUT_ROW_MAJOR &&
        hipMemsetAsync(scales->data, 0, (size_t)(scales->rows * scales->cols), s) != hipSuccess)
        return MXK_ERR_RUNTIME;
#define QA_ARGS fmt, p, vec, g, s, src, elems, scales, mode, ign, o->int8_min, lay
    switch (src_code(src->dtype)) {
    case MXK_C_F32: launch_quant_f<MXK_C_F32>(QA_ARGS); break;
    case MXK_C_BF16: launch_quant_f<MXK_C_BF16>(QA_ARGS); break;
    default: launch_quant_f<MXK_C_F16>(QA_ARGS); break;
    }
#undef QA_ARGS
    return launched();
}

mxk_status mxk_hip_mx_dequantize(int device, mxk_stream st, const mxk_tensor *elems, const mxk_tensor *scales,
                                 const mxk_tensor *dst, mxk_scale_layout layout)
{
    dev_guard dg(device);
    if (dg.err != hipSuccess)
        return MXK_ERR_RUNTIME;
    dim3 g = grid2d(elems->rows, elems->cols);
    hipStream_t s = (hipStream_t)st;
    const int ot = (int)dst->dtype; /* MXK_C_F32 / _F16 / _BF16 */
#define DQ_ARGS (const uint8_t *)elems->data, elems->ld, (const uint8_t *)scales->data, scales->ld, \
                (char *)dst->data, dst->ld, elems->rows, elems->cols, ot, (int)layout
    switch ((int)elems->dtype) {
    case MXK_C_E4M3: mx_dequant_kernel<MXK_C_E4M3><<<g, TPB, 0, s>>>(DQ_ARGS); break;
    case MXK_C_E5M2: mx_dequant_kernel<MXK_C_E5M2><<<g, TPB, 0, s>>>(DQ_ARGS); break;
    case MXK_C_E2M3: mx_dequant_kernel<MXK_C_E2M3><<<g, TPB, 0, s>>>(DQ_ARGS); break;
    case MXK_C_E3M2: mx_dequant_kernel<MXK_C_E3M2><<<g, TPB, 0, s>>>(DQ_ARGS); break;
    case MXK_C_E2M1: mx_dequant_kernel<MXK_C_E2M1><<<g, TPB, 0, s>>>(DQ_ARGS); break;
    default: mx_dequant_kernel<MXK_C_INT8><<<g, TPB, 0, s>>>(DQ_ARGS); break;
    }
#undef DQ_ARGS
    return launched();
}

mxk_status mxk_hip_reencode(int device, mxk_stream st, const mxk_tensor *src, const mxk_tensor *dst,
                            mxk_reencode_mode mode, const mxk_convert_opts *o)
{
    dev_guard dg(device);
    if (dg.err != hipSuccess)
        return MXK_ERR_RUNTIME;
    dim3 g = grid2d(src->rows, src->cols);
    reencode_kernel<<<g, TPB, 0, (hipStream_t)st>>>((const uint8_t *)src->data, src->ld, (uint8_t *)dst->data,
                                                   dst->ld, src->rows, src->cols, (int)src->dtype,
                                                   (int)dst->dtype, mode == MXK_REENCODE_BITS, o->round,
                                                   o->overflow == MXK_SAT,
                                                   o->nan_sign == MXK_NAN_SIGN_CLEAR);
    return launched();
}

} // extern "C"
#endif
