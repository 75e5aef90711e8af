/* Default (OCP) conversion knobs and their validation. */
#include "mxcts/convert.h"

mxcts_status mxcts_convert_init(mxcts_convert *cv)
{
    if (!cv)
        return MXCTS_ERR_NULL;
    cv->round = MXCTS_ROUND_RNE;
    cv->overflow = MXCTS_OVERFLOW_SAT;
    cv->nan_sign = MXCTS_NAN_SIGN_PRESERVE;
    cv->overflow_test = MXCTS_OVF_AFTER_ROUNDING;
    cv->inf_policy = MXCTS_INF_FOLLOWS_OVERFLOW;
    cv->int8_min = -128;
    cv->nan_code_e5m2 = 0x7F;
    cv->nan_finite = MXCTS_NANF_MAX;
    cv->e4m3_sat_nan = 0;
    cv->nan_input_positive = 0;
    return MXCTS_OK;
}

mxcts_status mxcts_convert_validate(const mxcts_convert *cv)
{
    if (!cv)
        return MXCTS_ERR_NULL;
    if ((unsigned)cv->round >= MXCTS_ROUND_COUNT || (unsigned)cv->overflow >= MXCTS_OVERFLOW_COUNT ||
        (unsigned)cv->nan_sign >= MXCTS_NAN_SIGN_COUNT ||
        (unsigned)cv->overflow_test >= MXCTS_OVF_TEST_COUNT ||
        (unsigned)cv->inf_policy >= MXCTS_INF_POLICY_COUNT ||
        (unsigned)cv->nan_finite >= MXCTS_NANF_COUNT || (unsigned)cv->e4m3_sat_nan > 1 ||
        (unsigned)cv->nan_input_positive > 1)
        return MXCTS_ERR_MODE;
    if (cv->int8_min != -128 && cv->int8_min != -127)
        return MXCTS_ERR_MODE;
    if (cv->nan_code_e5m2 < 0x7D || cv->nan_code_e5m2 > 0x7F)
        return MXCTS_ERR_MODE;
    return MXCTS_OK;
}
