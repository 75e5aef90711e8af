/* Backend selection from a --backend spec. */
#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "mxcts/profile.h"

const char *rb_op_name(rb_op op)
{
    static const char *const n[RB_OP_COUNT] = {"encode", "decode", "mx_quantize", "mx_dequantize", "gemm_mx",
                                               "reencode"};
    return (unsigned)op < RB_OP_COUNT ? n[op] : "?";
}

int rb_open(const char *spec, const char *profile, double timeout_s, rb_backend *b, char *err, size_t errsize)
{
    memset(b, 0, sizeof *b);
    snprintf(b->spec, sizeof b->spec, "%s", spec);
    b->timeout_s = timeout_s;
    snprintf(b->profile, sizeof b->profile, "%s", profile ? profile : "ocp");
    int rc;
    if (!strcmp(spec, "ref"))
        rc = rb_open_ref(b, err, errsize);
    else if (!strcmp(spec, "cpu") || !strcmp(spec, "hip") || !strncmp(spec, "hip:", 4))
        rc = rb_open_mxk(b, spec, err, errsize);
    else if (!strncmp(spec, "plugin:", 7) && spec[7])
        rc = rb_open_plugin(b, spec + 7, err, errsize);
    else {
        snprintf(err, errsize, "unknown backend '%s' (cpu, hip, hip:N, plugin:PATH, ref)", spec);
        return 2;
    }
    if (rc)
        return rc;
    /* A plugin states its profile; --profile must agree with it. */
    if (profile && strcmp(profile, b->profile)) {
        snprintf(err, errsize, "--profile %s, but the plugin claims profile '%s'", profile, b->profile);
        rb_close(b);
        return 2;
    }
    if (!mxcts_profile_find(b->profile)) {
        snprintf(err, errsize, "unknown profile '%s' (mxcts profiles lists them)", b->profile);
        rb_close(b);
        return 2;
    }
    for (int i = 0; i < RB_OP_COUNT; i++)
        if (!b->not_supported[i])
            b->not_supported[i] = "backend has no such operation";
    return 0;
}

void rb_close(rb_backend *b)
{
    if (b->close)
        b->close(b);
    b->close = NULL;
}
