/* Example vendor plugin built around four classic bugs of real stacks; the
 * runner must catch and name each one (conformance/tests/test_run_plugins.sh
 * checks that it does):
 *   E8M0 0x00 decoded as 0 instead of 2^-127   (triton#11624, TE before #2647)
 *   overflow tested before rounding            (HIP software cast_to_f8: 449 -> NaN)
 *   round half away from zero                  (microxcaling "nearest", aiter before #3992)
 *   FNUZ -0 written as 0x80 (= FNUZ NaN)       (onnxruntime before #18473)
 * Everything else is the correct implementation of mxp_good.c.
 *
 *   cc -O2 -fPIC -shared -I<mxcts>/include mxp_buggy.c -o libmxp_buggy.so -lm
 *   mxcts run --backend plugin:./libmxp_buggy.so --level quick     (exits 1)
 */
#define MXP_BUG_E8M0_ZERO 1
#define MXP_BUG_OVF_BEFORE_ROUND 1
#define MXP_BUG_HALF_AWAY 1
#define MXP_BUG_FNUZ_NEG_ZERO 1
#include "mxp_impl.h"

static const mxcts_plugin_v1 table = {
    .abi_version = MXCTS_PLUGIN_ABI_V1,
    .struct_size = sizeof(mxcts_plugin_v1),
    .name = "mxp-buggy (example with four classic bugs)",
    .version = "0.9",
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
