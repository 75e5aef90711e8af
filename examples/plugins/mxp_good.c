/* Example vendor plugin: a correct, independent implementation of every
 * operation of the mxcts plugin ABI under the `ocp` profile.
 *
 *   cc -O2 -fPIC -shared -I<mxcts>/include mxp_good.c -o libmxp_good.so -lm
 *   mxcts run --backend plugin:./libmxp_good.so --level quick
 */
#include "mxp_impl.h"

static const mxcts_plugin_v1 table = {
    .abi_version = MXCTS_PLUGIN_ABI_V1,
    .struct_size = sizeof(mxcts_plugin_v1),
    .name = "mxp-good (example)",
    .version = "1.0",
    .profile = "ocp",
    .device = "host CPU (scalar C)",
    .accum_kind = MXCTS_PLUGIN_ACCUM_BLOCKED,
    .accum_block = 32,
    .encode = mxp_encode,
    .decode = mxp_decode,
    .mx_quantize = mxp_mx_quantize,
    .mx_dequantize = mxp_mx_dequantize,
    .gemm_mx = mxp_gemm_mx,
    .reencode = mxp_reencode,
};

const mxcts_plugin_v1 *mxcts_plugin_get_v1(void) { return &table; }
