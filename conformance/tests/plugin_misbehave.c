/* Test plugin that misbehaves, for test_run_plugins.sh: decode dies on
 * SIGSEGV, encode to e5m2 never returns, encode to anything else writes
 * past nothing and answers UNSUPPORTED; mx_dequantize calls exit(3). Built
 * with -DMISBEHAVE_AT_LOAD its mxcts_plugin_get_v1() itself crashes. The
 * runner must survive all of it and say which case did what. */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "mxcts/plugin.h"

static int bad_encode(int fmt, const float *src, size_t n, uint8_t *dst, int round, int overflow)
{
    (void)src, (void)n, (void)dst, (void)round, (void)overflow;
    if (fmt == MXCTS_E5M2)
        for (;;)
            pause(); /* hang */
    return MXCTS_ERR_UNSUPPORTED;
}

static int bad_decode(int fmt, const uint8_t *src, size_t n, float *dst)
{
    (void)fmt, (void)src, (void)n, (void)dst;
    volatile int *p = NULL;
    // cppcheck-suppress nullPointer ; on purpose: the runner must survive a crashing plugin
    return *p; /* crash */ // NOLINT(clang-analyzer-core.NullDereference): on purpose, the runner must survive it
}

static int bad_dequantize(int elem, const uint8_t *codes, const uint8_t *scales, int64_t rows, int64_t k,
                          float *dst)
{
    (void)elem, (void)codes, (void)scales, (void)rows, (void)k, (void)dst;
    exit(3); /* leaves mid-call */
}

static const mxcts_plugin_v1 table = {
    .abi_version = MXCTS_PLUGIN_ABI_V1,
    .struct_size = sizeof(mxcts_plugin_v1),
    .name = "misbehaving test plugin",
    .version = "0",
    .profile = "ocp",
    .encode = bad_encode,
    .decode = bad_decode,
    .mx_dequantize = bad_dequantize,
};

const mxcts_plugin_v1 *mxcts_plugin_get_v1(void)
{
#ifdef MISBEHAVE_AT_LOAD
    raise(SIGSEGV);
#endif
    return &table;
}
