// Compares CUDA's own conversions with the mxcts reference over every f32 input.
//
//   __nv_cvt_float_to_fp8  (E4M3, E5M2) x (__NV_SATFINITE, __NV_NOSAT)  vs cuda_satfinite / cuda_nosat
//   __nv_cvt_float_to_e8m0 (cudaRoundZero, cudaRoundPosInf) x (SATFINITE, NOSAT)
//                                                   vs cuda_satfinite / cuda_nosat E8M0 knobs, round overridden
//   __nv_cvt_float_to_fp6  (E2M3, E3M2), __nv_cvt_float_to_fp4 (E2M1), cudaRoundNearest vs cuda_satfinite
//
// Device: all 2^32 inputs per conversion (GPU kernel, chunks of 2^28), each
// chunk compared with mxcts_encode_bulk / mxcts_e8m0_encode_bulk on the host.
// Host: the same CUDA header functions compiled for the CPU, every 257th input.
// Prints agreement counts per conversion; exit 1 on any disagreement.
//
//   crosscheck_cuda [--host-stride N] [--only NAME] [--host-only]
//   crosscheck_cuda --table FORMAT PROFILE   raw f32 truth table (= mxcts table FORMAT
//                                            --profile PROFILE --raw) for crosscheck_torch.py
#include <cuda_fp4.h>
#include <cuda_fp6.h>
#include <cuda_fp8.h>
#include <cuda_runtime.h>
#include <omp.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "mxcts/e8m0.h"
#include "mxcts/profile.h"

enum Kind { FP8, E8M0, FP6, FP4 };

struct Conv {
    const char *name;
    Kind kind;
    int interp;       // __nv_fp8/fp6/fp4_interpretation_t
    int sat;          // __nv_saturation_t
    int round;        // cudaRoundMode
    mxcts_format fmt; // the mxcts format
    const char *profile;
    int e8_round;     // mxcts_e8m0_round override, -1 none
};

static const Conv convs[] = {
    {"fp8_e4m3_satfinite", FP8, __NV_E4M3, __NV_SATFINITE, cudaRoundNearest, MXCTS_E4M3, "cuda_satfinite", -1},
    {"fp8_e4m3_nosat", FP8, __NV_E4M3, __NV_NOSAT, cudaRoundNearest, MXCTS_E4M3, "cuda_nosat", -1},
    {"fp8_e5m2_satfinite", FP8, __NV_E5M2, __NV_SATFINITE, cudaRoundNearest, MXCTS_E5M2, "cuda_satfinite", -1},
    {"fp8_e5m2_nosat", FP8, __NV_E5M2, __NV_NOSAT, cudaRoundNearest, MXCTS_E5M2, "cuda_nosat", -1},
    {"e8m0_rz_satfinite", E8M0, 0, __NV_SATFINITE, cudaRoundZero, MXCTS_E8M0, "cuda_satfinite", MXCTS_E8M0_RTZ},
    {"e8m0_rz_nosat", E8M0, 0, __NV_NOSAT, cudaRoundZero, MXCTS_E8M0, "cuda_nosat", MXCTS_E8M0_RTZ},
    {"e8m0_rp_satfinite", E8M0, 0, __NV_SATFINITE, cudaRoundPosInf, MXCTS_E8M0, "cuda_satfinite", MXCTS_E8M0_RUP},
    {"e8m0_rp_nosat", E8M0, 0, __NV_NOSAT, cudaRoundPosInf, MXCTS_E8M0, "cuda_nosat", MXCTS_E8M0_RUP},
    {"fp6_e2m3_rn", FP6, __NV_E2M3, 0, cudaRoundNearest, MXCTS_E2M3, "cuda_satfinite", -1},
    {"fp6_e3m2_rn", FP6, __NV_E3M2, 0, cudaRoundNearest, MXCTS_E3M2, "cuda_satfinite", -1},
    {"fp4_e2m1_rn", FP4, __NV_E2M1, 0, cudaRoundNearest, MXCTS_E2M1, "cuda_satfinite", -1},
};
#define N_CONVS (sizeof convs / sizeof convs[0])

__host__ __device__ static inline uint8_t cvt(uint32_t bits, Kind kind, int interp, int sat, int round)
{
    float x;
    memcpy(&x, &bits, 4);
    switch (kind) {
    case FP8: return __nv_cvt_float_to_fp8(x, (__nv_saturation_t)sat, (__nv_fp8_interpretation_t)interp);
    case E8M0: return __nv_cvt_float_to_e8m0(x, (__nv_saturation_t)sat, (cudaRoundMode)round);
    case FP6: return __nv_cvt_float_to_fp6(x, (__nv_fp6_interpretation_t)interp, (cudaRoundMode)round);
    default: return __nv_cvt_float_to_fp4(x, (__nv_fp4_interpretation_t)interp, (cudaRoundMode)round);
    }
}

__global__ void kcvt(uint8_t *out, uint32_t base, uint32_t n, Kind kind, int interp, int sat, int round)
{
    for (uint32_t i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
        out[i] = cvt(base + i, kind, interp, sat, round);
}

#define CK(x)                                                                              \
    do {                                                                                   \
        cudaError_t e_ = (x);                                                              \
        if (e_ != cudaSuccess) {                                                           \
            fprintf(stderr, "%s: %s\n", #x, cudaGetErrorString(e_));                       \
            exit(2);                                                                       \
        }                                                                                  \
    } while (0)

struct Ref {
    mxcts_format fmt;
    mxcts_convert cv;
    mxcts_e8m0_convert e8;
};

static Ref make_ref(const Conv &c)
{
    Ref r;
    r.fmt = c.fmt;
    if (mxcts_profile_apply(c.profile, &r.cv, &r.e8, NULL)) {
        fprintf(stderr, "no profile %s\n", c.profile);
        exit(2);
    }
    if (c.e8_round >= 0)
        r.e8.round = (mxcts_e8m0_round)c.e8_round;
    return r;
}

static void ref_encode(const Ref &r, const uint32_t *in, size_t n, uint8_t *out)
{
    mxcts_status st = r.fmt == MXCTS_E8M0 ? mxcts_e8m0_encode_bulk(MXCTS_WIDE_F32, in, n, out, &r.e8, NULL)
                                          : mxcts_encode_bulk(r.fmt, MXCTS_WIDE_F32, in, n, out, &r.cv, NULL);
    if (st) {
        fprintf(stderr, "mxcts: %s\n", mxcts_status_string(st));
        exit(2);
    }
}

static int table_mode(const char *fname, const char *profile)
{
    mxcts_format fmt;
    Conv c = {"table", FP8, 0, 0, 0, MXCTS_E4M3, profile, -1};
    if (mxcts_format_from_name(fname, &fmt)) {
        fprintf(stderr, "unknown format %s\n", fname);
        return 2;
    }
    c.fmt = fmt;
    Ref r = make_ref(c);
    const size_t chunk = 1u << 24;
    std::vector<uint32_t> in(chunk);
    std::vector<uint8_t> out(chunk);
    for (uint64_t base = 0; base < (1ull << 32); base += chunk) {
#pragma omp parallel for
        for (long i = 0; i < (long)chunk; i++)
            in[i] = (uint32_t)(base + i);
        ref_encode(r, in.data(), chunk, out.data());
        if (fwrite(out.data(), 1, chunk, stdout) != chunk)
            return 2;
    }
    return fflush(stdout) ? 2 : 0;
}

int main(int argc, char **argv)
{
    uint32_t host_stride = 257;
    const char *only = NULL;
    int host_only = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--table") && i + 2 < argc)
            return table_mode(argv[i + 1], argv[i + 2]);
        else if (!strcmp(argv[i], "--host-stride") && i + 1 < argc)
            host_stride = (uint32_t)strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--host-only"))
            host_only = 1;
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else {
            fprintf(stderr, "usage: crosscheck_cuda [--host-stride N] [--only NAME] | --table FORMAT PROFILE\n");
            return 2;
        }
    }
    const uint32_t chunk = 1u << 28;
    uint8_t *dout = NULL;
    if (!host_only) {
        cudaDeviceProp prop;
        int dev = 0, rt = 0, drv = 0;
        CK(cudaGetDevice(&dev));
        CK(cudaGetDeviceProperties(&prop, dev));
        cudaRuntimeGetVersion(&rt);
        cudaDriverGetVersion(&drv);
        printf("device %s (sm_%d%d), CUDA runtime %d, driver %d, host threads %d\n", prop.name, prop.major,
               prop.minor, rt, drv, omp_get_max_threads());
        CK(cudaMalloc(&dout, chunk));
    }
    std::vector<uint8_t> gpu(host_only ? 0 : chunk), ref(host_only ? 0 : chunk);
    std::vector<uint32_t> in(host_only ? 0 : chunk);
    long long total_bad = 0;
    for (size_t k = 0; k < N_CONVS; k++) {
        const Conv &c = convs[k];
        if (only && strcmp(only, c.name))
            continue;
        Ref r = make_ref(c);
        long long bad = 0, shown = 0;
        for (uint64_t base = 0; base < (host_only ? 0 : (1ull << 32)); base += chunk) {
            kcvt<<<4096, 256>>>(dout, (uint32_t)base, chunk, c.kind, c.interp, c.sat, c.round);
            CK(cudaGetLastError());
            CK(cudaMemcpy(gpu.data(), dout, chunk, cudaMemcpyDeviceToHost));
#pragma omp parallel for
            for (long i = 0; i < (long)chunk; i++)
                in[i] = (uint32_t)(base + i);
            ref_encode(r, in.data(), chunk, ref.data());
            long long cb = 0;
#pragma omp parallel for reduction(+ : cb)
            for (long i = 0; i < (long)chunk; i++)
                cb += gpu[i] != ref[i];
            if (cb)
                for (long i = 0; i < (long)chunk && shown < 6; i++)
                    if (gpu[i] != ref[i]) {
                        printf("    %s f32 0x%08x: cuda 0x%02x mxcts(%s) 0x%02x\n", c.name, in[i], gpu[i],
                               c.profile, ref[i]);
                        shown++;
                    }
            bad += cb;
        }
        // host path of the same header functions, strided
        long long hn = 0, hbad = 0;
#pragma omp parallel for reduction(+ : hn, hbad)
        for (int64_t x = 0; x < (1ll << 32); x += host_stride) {
            uint32_t b = (uint32_t)x;
            uint8_t h = cvt(b, c.kind, c.interp, c.sat, c.round), m;
            ref_encode(r, &b, 1, &m);
            hn++;
            hbad += h != m;
        }
        printf("%-8s %-20s vs %-15s device: %10lld / %s agree; host (stride %u): %lld / %lld agree\n",
               bad || hbad ? "DISAGREE" : "ok", c.name, c.profile, host_only ? 0 : 4294967296ll - bad, host_only ? "0 (--host-only)" : "4294967296", host_stride, hn - hbad, hn);
        fflush(stdout);
        total_bad += bad + hbad;
    }
    if (dout)
        cudaFree(dout);
    printf("crosscheck_cuda: %s: %lld disagreements\n", total_bad ? "FAIL" : "PASS", total_bad);
    return total_bad != 0;
}
