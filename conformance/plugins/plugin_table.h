/* The plugin table checks of the loader (loader.c), shared with the fuzzer
 * fuzz/fuzz_plugin_table.c. */
#ifndef MXCTS_PLUGIN_TABLE_H
#define MXCTS_PLUGIN_TABLE_H

#include <stdint.h>
#include "../runner/backend.h"
#include "mxcts/plugin.h"

/* What the probe child sends back. */
typedef struct probe_info {
    int status; /* 0 ok, else error code below */
    char name[128], version[64], profile[64], device[160];
    int accum_kind, accum_block;
    int has[RB_OP_COUNT];
    uint32_t abi, size;
    char err[256];
} probe_info;

/* Check the table a plugin's mxcts_plugin_get_v1() returned (NULL, ABI
 * version, struct_size) and copy its metadata into *pi. Reads no field at or
 * beyond offsetof(mxcts_plugin_v1, reserved). 0: usable; 1: pi->err says why. */
int rb_plugin_table_read(const mxcts_plugin_v1 *t, probe_info *pi);

#endif
