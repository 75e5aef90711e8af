/* libFuzzer target: the baseline reader of `mxcts run --baseline FILE`
 * (conformance/runner/baseline.c). The input is the file's content; when it
 * loads, every entry is applied to a few case ids and result statuses.
 * Invariants: a rejected file leaves an error message; a loaded entry has a
 * status that a baseline may hold; applying never leaves RN_BL_NONE. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "runner.h"

static int fd = -1;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fd < 0 && (fd = memfd_create("baseline", 0)) < 0)
        abort();
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    char path[64], err[512] = "";
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    rn_baseline_set bl;
    if (rn_baseline_load(path, &bl, err, sizeof err) != 0) {
        if (!err[0])
            abort();
        free(bl.v);
        return 0;
    }
    static const char *const ids[] = {"convert.e4m3.rne.sat", "block.e2m1.floor", "gemm.e4m3xe5m2.k64",
                                      "guard.null", "", "edge.e8m0.0x00"};
    for (size_t i = 0; i < bl.n; i++) {
        rn_status s = bl.v[i].status;
        if (s == RN_PASS || s == RN_EXPECTED_FAIL || (unsigned)s >= RN_STATUS_COUNT)
            abort();
    }
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        for (int s = 0; s < RN_STATUS_COUNT; s++) {
            rn_case k;
            memset(&k, 0, sizeof k);
            snprintf(k.id, sizeof k.id, "%s", ids[i]);
            rn_result r;
            memset(&r, 0, sizeof r);
            r.status = (rn_status)s;
            rn_baseline_apply(&bl, &k, &r);
            if (r.baseline == RN_BL_NONE || (unsigned)r.status >= RN_STATUS_COUNT)
                abort();
        }
    free(bl.v);
    return 0;
}
