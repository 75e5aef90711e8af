/* Named compatibility profiles: each is one row of data bundling every knob
 * a real stack sets differently (element conversion, E8M0 conversion, MX
 * block quantisation), with the evidence for each setting. `ocp` is the
 * specification and the default; the others reproduce observed behaviour so
 * that a vendor can be certified against the profile it claims.
 * spec/conversion.md "Profiles" is the normative text; mx-semantics (shared
 * reference notes) sections 2.4-2.7 and 3.2-3.4 hold the evidence. */
#ifndef MXCTS_PROFILE_H
#define MXCTS_PROFILE_H

#include <stddef.h>
#include "mxcts/convert.h"
#include "mxcts/e8m0.h"
#include "mxcts/mxblock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mxcts_profile {
    const char *name;        /* command-line name, e.g. "cuda_satfinite" */
    const char *summary;     /* one line: what stack this is */
    mxcts_convert elem;      /* element conversion knobs (round is RNE in every profile) */
    mxcts_e8m0_convert e8m0; /* conversion to E8M0 */
    mxcts_block_config block;/* MX block quantiser knobs (block_size 32 in every profile) */
    const char *evidence;    /* per-setting evidence (mx-semantics sections, sources) */
    const char *unmodelled;  /* behaviour of that stack no knob expresses ("" if none) */
} mxcts_profile;

/* Number of profiles and the i-th one (0 is `ocp`); NULL when out of range. */
size_t mxcts_profile_count(void);
const mxcts_profile *mxcts_profile_at(size_t i);

/* The profile called `name` (case-sensitive; "torch_eager_le_2_12" is an alias of
 * "torch_eager"), or NULL. */
const mxcts_profile *mxcts_profile_find(const char *name);

/* Fill the knobs of profile `name` (NULL means "ocp") into whichever of
 * elem / e8m0 / block is not NULL. MXCTS_ERR_MODE for an unknown name,
 * nothing written then. This is the entry point for `--profile` in every
 * command (encode, table, quantize, ...). */
mxcts_status mxcts_profile_apply(const char *name, mxcts_convert *elem, mxcts_e8m0_convert *e8m0,
                                 mxcts_block_config *block);

/* Write "knob=value" items (separated by ", ") for every knob where `p`
 * differs from `base` into buf (always NUL-terminated when size > 0).
 * Returns the length the full text needs (like snprintf). */
size_t mxcts_profile_diff(const mxcts_profile *p, const mxcts_profile *base, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
