/* MX block quantiser knobs: OCP defaults, validation, command-line names. */
#include <string.h>
#include "mxcts/mxblock.h"

mxcts_status mxcts_block_config_init(mxcts_block_config *cfg)
{
    if (!cfg)
        return MXCTS_ERR_NULL;
    cfg->block_size = MXCTS_MX_BLOCK;
    cfg->scale_mode = MXCTS_SCALE_FLOOR;
    cfg->nan_policy = MXCTS_BLOCK_NAN_SPEC;
    cfg->inf_policy = MXCTS_BLOCK_INF_SPEC;
    cfg->inf_elem = MXCTS_BLOCK_INF_ELEM_SAT;
    cfg->round = MXCTS_ELEM_RNE;
    cfg->int8_min = -128;
    return MXCTS_OK;
}

mxcts_status mxcts_block_config_validate(const mxcts_block_config *cfg)
{
    if (!cfg)
        return MXCTS_ERR_NULL;
    if (cfg->block_size < 1)
        return MXCTS_ERR_SIZE;
    if ((unsigned)cfg->scale_mode >= MXCTS_SCALE_MODE_COUNT ||
        (unsigned)cfg->nan_policy >= MXCTS_BLOCK_NAN_COUNT ||
        (unsigned)cfg->inf_policy >= MXCTS_BLOCK_INF_COUNT ||
        (unsigned)cfg->inf_elem >= MXCTS_BLOCK_INF_ELEM_COUNT ||
        (unsigned)cfg->round >= MXCTS_ELEM_ROUND_COUNT)
        return MXCTS_ERR_MODE;
    if (cfg->int8_min != -128 && cfg->int8_min != -127)
        return MXCTS_ERR_MODE;
    return MXCTS_OK;
}

int mxcts_mx_elem_ok(mxcts_format elem)
{
    switch (elem) {
    case MXCTS_E4M3: case MXCTS_E5M2: case MXCTS_E2M3:
    case MXCTS_E3M2: case MXCTS_E2M1: case MXCTS_INT8:
        return 1;
    default:
        return 0;
    }
}

static const char *const scale_mode_names[MXCTS_SCALE_MODE_COUNT] = {
    "floor", "ceil", "even", "rceil", "tk_round_up", "tk_round_down", "tosa"};
static const char *const elem_round_names[MXCTS_ELEM_ROUND_COUNT] = {"rne", "half-away", "half-up"};
static const char *const nan_names[MXCTS_BLOCK_NAN_COUNT] = {"spec", "ignore"};
static const char *const inf_names[MXCTS_BLOCK_INF_COUNT] = {"spec", "max-scale", "ignore"};

static mxcts_status lookup(const char *name, const char *const *names, int n, int *out)
{
    if (!name || !out)
        return MXCTS_ERR_NULL;
    for (int i = 0; i < n; i++)
        if (!strcmp(name, names[i])) {
            *out = i;
            return MXCTS_OK;
        }
    return MXCTS_ERR_MODE;
}

#define NAME_FUNCS(TYPE, FN_NAME, FN_FROM, NAMES, COUNT)                     \
    const char *FN_NAME(TYPE v)                                               \
    {                                                                         \
        return (unsigned)v < (unsigned)(COUNT) ? NAMES[v] : "?";              \
    }                                                                         \
    mxcts_status FN_FROM(const char *name, TYPE *v)                           \
    {                                                                         \
        int i = 0;                                                            \
        if (!v)                                                               \
            return MXCTS_ERR_NULL;                                            \
        mxcts_status st = lookup(name, NAMES, (int)(COUNT), &i);              \
        if (st == MXCTS_OK)                                                   \
            *v = (TYPE)i;                                                     \
        return st;                                                            \
    }

NAME_FUNCS(mxcts_scale_mode, mxcts_scale_mode_name, mxcts_scale_mode_from_name, scale_mode_names,
           MXCTS_SCALE_MODE_COUNT)
NAME_FUNCS(mxcts_elem_round, mxcts_elem_round_name, mxcts_elem_round_from_name, elem_round_names,
           MXCTS_ELEM_ROUND_COUNT)
NAME_FUNCS(mxcts_block_nan, mxcts_block_nan_name, mxcts_block_nan_from_name, nan_names,
           MXCTS_BLOCK_NAN_COUNT)
NAME_FUNCS(mxcts_block_inf, mxcts_block_inf_name, mxcts_block_inf_from_name, inf_names,
           MXCTS_BLOCK_INF_COUNT)
