// Peer for `mxcts bench encode`: NVIDIA's own f32 -> FP8 conversion from the
// CUDA 13 headers (cuda_fp8.hpp host path, __nv_cvt_float_to_fp8), timed on
// the same inputs (tools/bench/bench_inputs.h) with the same OpenMP split.
// Build: g++ -O2 -fopenmp -I/usr/local/cuda/include peer_cuda_host.cpp
#include <cuda_fp8.h>
#include <omp.h>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>
extern "C" {
#include "bench_inputs.h"
}

static double now_s()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static void encode(const uint32_t *in, uint8_t *out, long n, __nv_fp8_interpretation_t fmt,
                   __nv_saturation_t sat)
{
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
        float f;
        std::memcpy(&f, &in[i], 4);
        out[i] = __nv_cvt_float_to_fp8(f, sat, fmt);
    }
}

static double best_rate(const uint32_t *in, uint8_t *out, long n, __nv_fp8_interpretation_t fmt,
                        __nv_saturation_t sat, int reps)
{
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        double t0 = now_s();
        encode(in, out, n, fmt, sat);
        best = std::min(best, now_s() - t0);
    }
    return n / best;
}

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "e4m3";
    bool sweep = argc > 2 && !std::strcmp(argv[2], "--sweep");
    __nv_fp8_interpretation_t fmt = std::strcmp(name, "e5m2") ? __NV_E4M3 : __NV_E5M2;
    long n = 1L << 24;
    std::vector<uint32_t> in(n);
    std::vector<uint8_t> out(n);
    bench_fill_f32(in.data(), (size_t)n, BENCH_SEED);
    int threads = omp_get_max_threads();
    omp_set_num_threads(1);
    double one = best_rate(in.data(), out.data(), n, fmt, __NV_SATFINITE, 3);
    omp_set_num_threads(threads);
    double all = best_rate(in.data(), out.data(), n, fmt, __NV_SATFINITE, 3);
    std::printf("peer cuda_host f32->%s n=%ld: 1 thread %.1f Melem/s, %d threads %.1f Melem/s\n", name, n,
                one / 1e6, threads, all / 1e6);
    if (sweep) {
        const long chunk = 1L << 24;
        uint64_t sum = 0;
        double t0 = now_s();
        for (uint64_t base = 0; base < (1ull << 32); base += chunk) {
#pragma omp parallel for schedule(static)
            for (long i = 0; i < chunk; i++)
                in[i] = (uint32_t)(base + i);
            encode(in.data(), out.data(), chunk, fmt, __NV_SATFINITE);
            for (long i = 0; i < chunk; i += 4096)
                sum = sum * 31 + out[i];
        }
        std::printf("peer cuda_host exhaustive sweep, %d threads: %.2f s (checksum %016llx)\n", threads,
                    now_s() - t0, (unsigned long long)sum);
    }
    return 0;
}
