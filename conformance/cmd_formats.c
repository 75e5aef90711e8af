/* mxcts formats: the format table, as the reference holds it. */
#include <stdio.h>
#include "commands.h"
#include "mxcts/format.h"

int cmd_formats(int argc, char **argv)
{
    (void)argc, (void)argv;
    printf("%-9s %4s %7s %5s %13s %12s %12s %8s %4s %4s %s\n", "format", "bits", "exp/man", "bias",
           "max_finite", "min_normal", "min_subnorm", "emax_el", "inf", "nan", "description");
    for (int i = 0; i < MXCTS_FORMAT_COUNT; i++) {
        const mxcts_format_info *f = mxcts_format_get((mxcts_format)i);
        char em[16], inf[8] = "-", nan[8] = "-";
        snprintf(em, sizeof em, "%d/%d", f->exp_bits, f->man_bits);
        if (f->has_inf)
            snprintf(inf, sizeof inf, "0x%02x", f->inf_code);
        if (f->nan_kind != MXCTS_NAN_NONE)
            snprintf(nan, sizeof nan, "0x%02x", f->nan_code);
        printf("%-9s %4d %7s %5d %13.9g %12.6g %12.6g %8d %4s %4s %s\n", f->name, f->bits, em, f->bias,
               f->max_finite, f->min_normal, f->min_subnormal, f->emax_elem, inf, nan, f->description);
    }
    return 0;
}
