/* OCP <-> FNUZ re-encoding: same bits, value halved/doubled, special codes
 * remapped (see mxcts/fnuz.h). Decisions are made on the format table's
 * facts, not on literal codes, wherever the table has them. */
#include "mxcts/fnuz.h"

static int partner(mxcts_format f, mxcts_format *p)
{
    switch (f) {
    case MXCTS_E4M3: *p = MXCTS_E4M3FNUZ; return 1;
    case MXCTS_E5M2: *p = MXCTS_E5M2FNUZ; return 1;
    case MXCTS_E4M3FNUZ: *p = MXCTS_E4M3; return 1;
    case MXCTS_E5M2FNUZ: *p = MXCTS_E5M2; return 1;
    default: return 0;
    }
}

mxcts_status mxcts_ocp_to_fnuz(mxcts_format ocp, const uint8_t *in, size_t n, uint8_t *out,
                               unsigned *flags)
{
    mxcts_format fz;
    if ((!in || !out) && n)
        return MXCTS_ERR_NULL;
    if ((ocp != MXCTS_E4M3 && ocp != MXCTS_E5M2) || !partner(ocp, &fz))
        return MXCTS_ERR_FORMAT;
    const mxcts_format_info *f = mxcts_format_get(ocp);
    unsigned fl = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = in[i], mag = c & 0x7F;
        if (mxcts_code_is_nan(ocp, c)) {
            c = 0x80;
        } else if (f->has_inf && mag == f->inf_code) {
            c = 0x80; /* FNUZ has no Inf */
            fl |= MXCTS_FLAG_INVALID;
        } else if (mag == 0) {
            c = 0x00; /* OCP -0 -> FNUZ +0, never the NaN 0x80 */
        }
        out[i] = c;
    }
    if (flags)
        *flags |= fl;
    return MXCTS_OK;
}

mxcts_status mxcts_fnuz_to_ocp(mxcts_format fnuz, const uint8_t *in, size_t n,
                               mxcts_overflow overflow, uint8_t *out, unsigned *flags)
{
    mxcts_format oc;
    if ((!in || !out) && n)
        return MXCTS_ERR_NULL;
    if ((fnuz != MXCTS_E4M3FNUZ && fnuz != MXCTS_E5M2FNUZ) || !partner(fnuz, &oc))
        return MXCTS_ERR_FORMAT;
    if ((unsigned)overflow >= MXCTS_OVERFLOW_COUNT)
        return MXCTS_ERR_MODE;
    const mxcts_format_info *o = mxcts_format_get(oc);
    unsigned fl = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = in[i], sign = c & 0x80, mag = c & 0x7F;
        if (c == 0x80) {
            c = o->nan_code;
        } else if (mag > o->max_code) { /* the FNUZ top binade: 2 * value > OCP max */
            fl |= MXCTS_FLAG_OVERFLOW | MXCTS_FLAG_INEXACT;
            if (overflow == MXCTS_OVERFLOW_SAT)
                c = sign | o->max_code;
            else
                c = sign | (o->has_inf ? o->inf_code : o->nan_code);
        }
        out[i] = c;
    }
    if (flags)
        *flags |= fl;
    return MXCTS_OK;
}
