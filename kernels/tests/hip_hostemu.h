/* Host emulation of the small HIP surface kernels/hip/mxk_gemm.hip uses, so
 * its kernels (generic tile strategy, gemv, MoE check) and its host
 * launchers run on the CPU in CI: one std::thread per GPU thread, blocks one
 * after another, __syncthreads as a block barrier, 32-lane xor shuffles
 * through a per-group exchange with a group barrier. The matrix-core
 * strategies (sm_90 mma, MFMA, WMMA) are not emulated: the dispatch of the
 * emulated target ("emu") only names the generic rows. Test-only. */
#ifndef MXK_HIP_HOSTEMU_H
#define MXK_HIP_HOSTEMU_H

#define MXK_HIP_HOSTEMU 1
#define MXK_HIP_COMPAT_H 1 /* the real compat header is skipped */

#include <barrier>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#define __global__
#define __device__
#define __host__
#define __shared__ static
#define __forceinline__ inline

struct dim3 {
    unsigned x, y, z;
    dim3(unsigned a = 1, unsigned b = 1, unsigned c = 1) : x(a), y(b), z(c) {}
};
typedef int hipError_t;
typedef void *hipStream_t;
enum { hipSuccess = 0, hipErrorMemoryAllocation = 2 };
enum { hipMemcpyHostToDevice = 1, hipMemcpyDeviceToHost = 2 };

namespace mxk_emu {
inline thread_local unsigned tid, bx, by;
inline unsigned bdim, gx, gy;
inline std::barrier<> *block_bar;
inline std::vector<std::unique_ptr<std::barrier<>>> group_bar;
inline uint32_t slots[1024];
} // namespace mxk_emu

#define MXK_TID_X (mxk_emu::tid)
#define MXK_BID_X (mxk_emu::bx)
#define MXK_BDIM_X (mxk_emu::bdim)
#define MXK_GDIM_X (mxk_emu::gx)
#define MXK_BID_Y (mxk_emu::by)
#define MXK_GDIM_Y (mxk_emu::gy)
#define MXK_PLATFORM_NAME "emu"
#define MXK_WAVE 32

static inline void mxk_emu_syncthreads() { mxk_emu::block_bar->arrive_and_wait(); }

/* xor shuffle inside aligned groups of 32 threads (each group synchronises alone) */
static inline uint32_t mxk_emu_shfl32(uint32_t v, int m)
{
    using namespace mxk_emu;
    std::barrier<> &b = *group_bar[tid / 32];
    slots[tid] = v;
    b.arrive_and_wait();
    uint32_t r = slots[(tid & ~31u) | ((tid & 31u) ^ (unsigned)m)];
    b.arrive_and_wait();
    return r;
}

/* Warp-collective helper for the emulated mma.sync: every lane of the
 * 32-lane group contributes 6 words and receives all 32 x 6. */
namespace mxk_emu {
inline uint32_t frag[1024][6];
}
static inline void mxk_emu_gather6(const uint32_t mine[6], uint32_t all[32][6])
{
    using namespace mxk_emu;
    std::barrier<> &b = *group_bar[tid / 32];
    for (int i = 0; i < 6; i++)
        frag[tid][i] = mine[i];
    b.arrive_and_wait();
    for (int l = 0; l < 32; l++)
        for (int i = 0; i < 6; i++)
            all[l][i] = frag[(tid & ~31u) + (unsigned)l][i];
    b.arrive_and_wait();
}

/* kernel(args...) on every thread of every block (blocks in order) */
template <class K, class... A>
static void mxk_emu_launch(K kernel, dim3 grid, unsigned block, A... args)
{
    using namespace mxk_emu;
    bdim = block, gx = grid.x, gy = grid.y;
    for (unsigned y = 0; y < grid.y; y++)
        for (unsigned x = 0; x < grid.x; x++) {
            std::barrier<> bar((std::ptrdiff_t)block);
            block_bar = &bar;
            group_bar.clear();
            for (unsigned g = 0; g < (block + 31) / 32; g++)
                group_bar.emplace_back(new std::barrier<>((std::ptrdiff_t)(block - 32 * g < 32 ? block - 32 * g : 32)));
            std::vector<std::thread> th;
            th.reserve(block);
            for (unsigned t = 0; t < block; t++)
                th.emplace_back([=] {
                    mxk_emu::tid = t, mxk_emu::bx = x, mxk_emu::by = y;
                    kernel(args...);
                });
            for (auto &t : th)
                t.join();
        }
}
#define MXKG_LAUNCH(kernel, grid, block, stream, ...) mxk_emu_launch(kernel, dim3(grid), (block), __VA_ARGS__)

/* runtime: host memory, synchronous */
static inline hipError_t hipGetDevice(int *d) { *d = 0; return hipSuccess; }
static inline hipError_t hipSetDevice(int) { return hipSuccess; }
static inline hipError_t hipGetLastError() { return hipSuccess; }
static inline hipError_t hipMalloc(void **p, size_t n)
{
    *p = std::malloc(n ? n : 1);
    return *p ? hipSuccess : hipErrorMemoryAllocation;
}
static inline hipError_t hipFree(void *p) { std::free(p); return hipSuccess; }
static inline hipError_t hipMemcpyAsync(void *d, const void *s, size_t n, int, hipStream_t)
{
    std::memcpy(d, s, n);
    return hipSuccess;
}
static inline hipError_t hipStreamSynchronize(hipStream_t) { return hipSuccess; }

#endif
