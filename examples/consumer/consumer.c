/* A program that links the installed mxcts libraries (examples/consumer).
 * It MX-quantises one block with the kernel library (cpu backend) and checks
 * every element against the bit-exact reference, then prints one line.
 * Exit status: 0 when the library and the reference agree bit for bit. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <mxcts/convert.h>
#include <mxcts/kernels.h>

int main(void)
{
    float src[MXK_BLOCK];
    uint8_t elems[MXK_BLOCK], scale = 0;
    for (int i = 0; i < MXK_BLOCK; i++)
        src[i] = (float)(i - 16) * 0.75f; /* amax 12 -> E8M0 2^(3-8) = 2^-5 */

    mxk_context *ctx = NULL;
    mxk_status st = mxk_context_create("cpu", &ctx);
    if (st != MXK_OK) {
        fprintf(stderr, "consumer: mxk_context_create: %s\n", mxk_status_string(st));
        return 1;
    }
    mxk_tensor s = mxk_tensor_2d(src, MXK_F32, 1, MXK_BLOCK);
    mxk_tensor e = mxk_tensor_2d(elems, MXK_E4M3, 1, MXK_BLOCK);
    mxk_tensor x = mxk_tensor_2d(&scale, MXK_E8M0, 1, 1);
    mxk_mx_opts mo = mxk_mx_opts_ocp();
    st = mxk_mx_quantize(ctx, NULL, &s, &e, &x, &mo);
    mxk_context_destroy(ctx);
    if (st != MXK_OK) {
        fprintf(stderr, "consumer: mxk_mx_quantize: %s\n", mxk_status_string(st));
        return 1;
    }

    /* Reference: the scale is 2^(scale-127); each element is src / 2^(scale-127)
     * (exact: a power of two) encoded to E4M3 with RNE and saturation. */
    mxcts_convert cv;
    mxcts_convert_init(&cv);
    int bad = 0;
    for (int i = 0; i < MXK_BLOCK; i++) {
        float q = src[i];
        for (int k = scale; k < 127; k++)
            q *= 2.0f;
        for (int k = 127; k < scale; k++)
            q *= 0.5f;
        uint32_t bits;
        uint8_t code = 0;
        memcpy(&bits, &q, sizeof bits);
        if (mxcts_encode_f32(MXCTS_E4M3, bits, &cv, &code, NULL) != MXCTS_OK || code != elems[i])
            bad++;
    }
    printf("consumer: MX-E4M3 block, scale 0x%02x, %d of %d elements differ from the reference\n",
           scale, bad, MXK_BLOCK);
    return bad != 0 || scale != 122;
}
