/* --profile and single-knob overrides, resolved against the profile table. */
#include <string.h>
#include "knob_opts.h"
#include "cli_common.h"
#include "mxcts/profile.h"

static const char *const round_names[MXCTS_ROUND_COUNT] = {"rne", "rtz", "rup", "rdn"};
static const char *const overflow_names[MXCTS_OVERFLOW_COUNT] = {"sat", "nonsat"};
static const char *const nan_sign_names[MXCTS_NAN_SIGN_COUNT] = {"preserve", "clear"};
static const char *const e8_round_names[MXCTS_E8M0_ROUND_COUNT] = {"rtz", "rup", "nearest-up", "nearest"};
static const char *const e8_overflow_names[MXCTS_E8M0_OVERFLOW_COUNT] = {"sat", "nonsat"};
static const char *const e8_zero_names[MXCTS_E8M0_ZERO_COUNT] = {"min", "nan"};
static const char *const e8_neg_names[MXCTS_E8M0_NEGATIVE_COUNT] = {"abs", "nan"};

int knob_args_take(knob_args *a, const char *opt, const char *val)
{
    const char **slot = !strcmp(opt, "--profile")    ? &a->profile
                        : !strcmp(opt, "--round")    ? &a->round
                        : !strcmp(opt, "--overflow") ? &a->overflow
                        : !strcmp(opt, "--nan-sign") ? &a->nan_sign
                        : !strcmp(opt, "--zero")     ? &a->zero
                        : !strcmp(opt, "--negative") ? &a->negative
                                                     : NULL;
    if (!slot)
        return 0;
    *slot = val;
    return 1;
}

static int pick(const char *cmd, const char *opt, const char *val, const char *const *names, int n,
                int *out)
{
    if (!val)
        return 0;
    if (!cli_enum(val, names, n, out))
        return cli_usage_error(cmd, opt, val);
    return 0;
}

int knob_args_resolve(const char *cmd, const knob_args *a, mxcts_format fmt, mxcts_convert *cv,
                      mxcts_e8m0_convert *e8)
{
    mxcts_convert c;
    mxcts_e8m0_convert e;
    if (mxcts_profile_apply(a->profile, &c, &e, NULL))
        return cli_usage_error(cmd, "unknown profile (see mxcts profiles)", a->profile);
    const mxcts_format_info *f = mxcts_format_get(fmt);
    int rc = 0;
    if (f && f->kind == MXCTS_KIND_SCALE) {
        if (a->nan_sign)
            return cli_usage_error(cmd, "--nan-sign does not apply to e8m0", a->nan_sign);
        if ((rc = pick(cmd, "bad --round for e8m0 (rtz|rup|nearest-up|nearest)", a->round,
                       e8_round_names, MXCTS_E8M0_ROUND_COUNT, (int *)&e.round)) ||
            (rc = pick(cmd, "bad --overflow (sat|nonsat)", a->overflow, e8_overflow_names,
                       MXCTS_E8M0_OVERFLOW_COUNT, (int *)&e.overflow)) ||
            (rc = pick(cmd, "bad --zero (min|nan)", a->zero, e8_zero_names, MXCTS_E8M0_ZERO_COUNT,
                       (int *)&e.zero)) ||
            (rc = pick(cmd, "bad --negative (abs|nan)", a->negative, e8_neg_names,
                       MXCTS_E8M0_NEGATIVE_COUNT, (int *)&e.negative)))
            return rc;
    } else {
        if (a->zero || a->negative)
            return cli_usage_error(cmd, "--zero/--negative apply to e8m0 only",
                                   a->zero ? a->zero : a->negative);
        if ((rc = pick(cmd, "bad --round (rne|rtz|rup|rdn)", a->round, round_names,
                       MXCTS_ROUND_COUNT, (int *)&c.round)) ||
            (rc = pick(cmd, "bad --overflow (sat|nonsat)", a->overflow, overflow_names,
                       MXCTS_OVERFLOW_COUNT, (int *)&c.overflow)) ||
            (rc = pick(cmd, "bad --nan-sign (preserve|clear)", a->nan_sign, nan_sign_names,
                       MXCTS_NAN_SIGN_COUNT, (int *)&c.nan_sign)))
            return rc;
    }
    if (cv)
        *cv = c;
    if (e8)
        *e8 = e;
    return 0;
}
