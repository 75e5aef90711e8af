/* libFuzzer target: the checks of a vendor plugin's table (the part of
 * conformance/plugins/loader.c that runs on what mxcts_plugin_get_v1()
 * returned). The input becomes a table of exactly the size the "plugin"
 * claims when that is smaller than the struct (ASan then catches any read
 * past what the plugin provided), with string fields pointing at
 * NUL-terminated pieces of the input and function pointers set or NULL by
 * input bits. Invariants: accepted tables have the right ABI and a size that
 * covers every field read; copied strings are NUL-terminated. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "plugin_table.h"

static int dummy_op(void) { return 0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 16)
        return 0;
    mxcts_plugin_v1 full;
    memset(&full, 0, sizeof full);
    memcpy(&full.abi_version, data, 4);
    memcpy(&full.struct_size, data + 4, 4);
    if (data[12] & 1) /* mostly the right ABI, so that the rest is reached */
        full.abi_version = MXCTS_PLUGIN_ABI_V1;
    if (data[12] & 2)
        full.struct_size = (uint32_t)sizeof full;
    memcpy(&full.accum_kind, data + 8, 2);
    full.accum_block = (int8_t)data[10];
    unsigned fnbits = data[11];
    /* strings: the rest of the input, split at NULs (a copy that ends in one) */
    size_t rest = size - 16;
    char *str = malloc(rest + 1);
    memcpy(str, data + 16, rest);
    str[rest] = 0;
    const char *fields[4] = {NULL, NULL, NULL, NULL};
    char *p = str;
    for (int i = 0; i < 4 && p <= str + rest; i++) {
        if (!((data[13] >> i) & 1))
            fields[i] = p;
        p += strlen(p) + 1;
    }
    full.name = fields[0];
    full.version = fields[1];
    full.profile = fields[2];
    full.device = fields[3];
    typedef int (*anyfn)(void);
    anyfn f = dummy_op;
    memcpy(&full.encode, (fnbits & 1) ? &f : &(anyfn){NULL}, sizeof f);
    memcpy(&full.decode, (fnbits & 2) ? &f : &(anyfn){NULL}, sizeof f);
    memcpy(&full.mx_quantize, (fnbits & 4) ? &f : &(anyfn){NULL}, sizeof f);
    memcpy(&full.mx_dequantize, (fnbits & 8) ? &f : &(anyfn){NULL}, sizeof f);
    memcpy(&full.gemm_mx, (fnbits & 16) ? &f : &(anyfn){NULL}, sizeof f);
    memcpy(&full.reencode, (fnbits & 32) ? &f : &(anyfn){NULL}, sizeof f);

    /* The plugin's table holds only the bytes it claims (at least the two
     * leading fields, which every ABI version has). */
    size_t have = full.struct_size < sizeof full ? full.struct_size : sizeof full;
    if (have < 8)
        have = 8;
    mxcts_plugin_v1 *t = malloc(have);
    memcpy(t, &full, have);

    probe_info pi;
    memset(&pi, 0, sizeof pi);
    int rc = rb_plugin_table_read((data[14] & 1) && !(data[12] & 4) ? NULL : t, &pi);
    if (rc == 0) {
        if (t->abi_version != MXCTS_PLUGIN_ABI_V1 || t->struct_size < offsetof(mxcts_plugin_v1, reserved))
            abort();
        if (!memchr(pi.name, 0, sizeof pi.name) || !memchr(pi.profile, 0, sizeof pi.profile) ||
            !memchr(pi.device, 0, sizeof pi.device) || !memchr(pi.version, 0, sizeof pi.version))
            abort();
        if (pi.has[RB_OP_ENCODE] != !!(fnbits & 1) || pi.has[RB_OP_REENCODE] != !!(fnbits & 32))
            abort();
    } else if (!pi.err[0]) {
        abort();
    }
    free(t);
    free(str);
    return 0;
}
