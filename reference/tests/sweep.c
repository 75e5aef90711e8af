#include <stdio.h>
#include <stdlib.h>
#include "oracle.h"
#include "sweep.h"
#include "test_util.h"

double sweep_value(mxcts_wide src, const void *in, size_t i)
{
    switch (src) {
    case MXCTS_WIDE_F64: return tu_f64_value(((const uint64_t *)in)[i]);
    case MXCTS_WIDE_F32: return tu_f32_value(((const uint32_t *)in)[i]);
    case MXCTS_WIDE_F16: return tu_f16_value(((const uint16_t *)in)[i]);
    default: return tu_bf16_value(((const uint16_t *)in)[i]);
    }
}

static void describe_input(mxcts_wide src, const void *in, size_t i, char *buf, size_t n)
{
    double x = sweep_value(src, in, i);
    switch (src) {
    case MXCTS_WIDE_F64:
        snprintf(buf, n, "f64 0x%016llX (%a)", (unsigned long long)((const uint64_t *)in)[i], x);
        break;
    case MXCTS_WIDE_F32:
        snprintf(buf, n, "f32 0x%08X (%a)", ((const uint32_t *)in)[i], x);
        break;
    default:
        snprintf(buf, n, "%s 0x%04X (%a)", src == MXCTS_WIDE_F16 ? "f16" : "bf16",
                 ((const uint16_t *)in)[i], x);
    }
}

static mxcts_status scalar(mxcts_wide src, mxcts_format f, const void *in, size_t i,
                           const mxcts_convert *cv, uint8_t *code, unsigned *fl)
{
    switch (src) {
    case MXCTS_WIDE_F64: return mxcts_encode_f64(f, ((const uint64_t *)in)[i], cv, code, fl);
    case MXCTS_WIDE_F32: return mxcts_encode_f32(f, ((const uint32_t *)in)[i], cv, code, fl);
    case MXCTS_WIDE_F16: return mxcts_encode_f16(f, ((const uint16_t *)in)[i], cv, code, fl);
    default: return mxcts_encode_bf16(f, ((const uint16_t *)in)[i], cv, code, fl);
    }
}

static long sweep_one(mxcts_wide src, const void *in, size_t n, mxcts_format f,
                      const mxcts_convert *cv, uint8_t *out)
{
    unsigned bulk_flags = 0, want_or = 0;
    mxcts_status st = mxcts_encode_bulk(f, src, in, n, out, cv, &bulk_flags);
    if (st != MXCTS_OK) {
        char d[200];
        tu_describe(f, cv, d, sizeof d);
        tu_fail("mxcts_encode_bulk [%s]: status %d", d, (int)st);
        return 1;
    }
#pragma omp parallel for schedule(static) reduction(| : want_or)
    for (ptrdiff_t i = 0; i < (ptrdiff_t)n; i++) {
        unsigned wf, sf = 0;
        uint8_t want = oracle_encode(f, sweep_value(src, in, (size_t)i), cv, &wf), code = 0;
        want_or |= wf;
        mxcts_status s = scalar(src, f, in, (size_t)i, cv, &code, &sf);
        if (out[i] != want || s != MXCTS_OK || code != want || sf != wf) {
            char buf[96];
            describe_input(src, in, (size_t)i, buf, sizeof buf);
            if (out[i] != want)
                tu_fail_encode("mxcts_encode_bulk", f, cv, buf, want, out[i], wf, wf);
            if (s != MXCTS_OK || code != want || sf != wf)
                tu_fail_encode("scalar encode", f, cv, buf, want, code, wf, sf);
        }
    }
    if (bulk_flags != want_or) {
        char d[200];
        tu_describe(f, cv, d, sizeof d);
        tu_fail("mxcts_encode_bulk [%s]: OR of flags 0x%X, expected 0x%X", d, bulk_flags, want_or);
    }
    return 2 * (long)n + 1;
}

long sweep_check(mxcts_wide src, const void *in, size_t n, int extended, mxcts_format fmt)
{
    uint8_t *out = malloc(n ? n : 1);
    if (!out) {
        tu_fail("out of memory");
        return 0;
    }
    long checks = 0;
    mxcts_convert cfg[TU_MAX_CONFIGS];
    for (int k = 0; k < TU_ELEM_COUNT; k++) {
        mxcts_format f = tu_elem_formats[k];
        if (fmt < MXCTS_FORMAT_COUNT && f != fmt)
            continue;
        int nc = tu_configs(f, extended, cfg);
        for (int c = 0; c < nc; c++)
            checks += sweep_one(src, in, n, f, &cfg[c], out);
    }
    free(out);
    return checks;
}
