/* Benchmark inputs shared with the peer benchmarks in tools/: a fixed
 * splitmix64 stream mapped to f32 values with exponents in [-20, 10], the
 * range activations and weights occupy, both signs. Header-only so that a
 * peer program (C or C++) generates byte-identical inputs. */
#ifndef MXCTS_BENCH_INPUTS_H
#define MXCTS_BENCH_INPUTS_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_SEED 0x6d786374735f6265ull

static inline uint64_t bench_splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline void bench_fill_f32(uint32_t *out, size_t n, uint64_t seed)
{
    uint64_t s = seed;
    for (size_t i = 0; i < n; i++) {
        uint64_t r = bench_splitmix64(&s);
        uint32_t exp = (uint32_t)(127 - 20 + (r >> 32) % 31);
        out[i] = (uint32_t)(r & 0x807FFFFFu) | exp << 23;
    }
}

#endif
