/* The profile table: structure (ocp first and equal to the library defaults,
 * every row valid, names unique, lookups) and the observed behaviour of every
 * stack from mx-semantics 2.4 (E4M3/E5M2 special-input matrix), 2.5 (FNUZ),
 * 2.6 (FP6/FP4 NaN and Inf) and 2.7 (E8M0), typed in per profile. */
#include <stdio.h>
#include <string.h>
#include "mxcts/e8m0.h"
#include "mxcts/profile.h"
#include "test_util.h"

static long checks;
#define CHECK(c, ...) TU_COUNT_CHECK(checks, c, __VA_ARGS__)

/* profile, format, f32 input, expected code (overflow override: -1 none). */
typedef struct row {
    const char *profile;
    mxcts_format fmt;
    uint32_t x;
    unsigned want;
    int overflow;
} row;

#define NAN_P 0x7FC00000u
#define NAN_N 0xFFC00000u
#define INF_P 0x7F800000u
#define INF_N 0xFF800000u

static const row rows[] = {
    /* 2.4, SPEC-S = ocp */
    {"ocp", MXCTS_E4M3, 0x43E00000, 0x7E, -1}, {"ocp", MXCTS_E4M3, 0x43E08000, 0x7E, -1},
    {"ocp", MXCTS_E4M3, 0x43E80000, 0x7E, -1}, {"ocp", MXCTS_E4M3, 0x43E80001, 0x7E, -1},
    {"ocp", MXCTS_E4M3, INF_P, 0x7E, -1}, {"ocp", MXCTS_E4M3, INF_N, 0xFE, -1},
    {"ocp", MXCTS_E4M3, 0x80000000, 0x80, -1}, {"ocp", MXCTS_E4M3, 0x3A800000, 0x00, -1},
    {"ocp", MXCTS_E5M2, 0x47600001, 0x7B, -1}, {"ocp", MXCTS_E5M2, 0x476FFFFF, 0x7B, -1},
    {"ocp", MXCTS_E5M2, 0x47700000, 0x7B, -1}, {"ocp", MXCTS_E5M2, INF_P, 0x7B, -1},
    /* SPEC-N = ocp with --overflow nonsat */
    {"ocp", MXCTS_E4M3, 0x43E80001, 0x7F, 1}, {"ocp", MXCTS_E4M3, INF_P, 0x7F, 1},
    {"ocp", MXCTS_E5M2, 0x47700000, 0x7C, 1}, {"ocp", MXCTS_E5M2, INF_P, 0x7C, 1},
    /* CU-S */
    {"cuda_satfinite", MXCTS_E4M3, 0x43E80000, 0x7E, -1}, {"cuda_satfinite", MXCTS_E4M3, 0x43E80001, 0x7E, -1},
    {"cuda_satfinite", MXCTS_E4M3, INF_P, 0x7E, -1}, {"cuda_satfinite", MXCTS_E4M3, INF_N, 0xFE, -1},
    {"cuda_satfinite", MXCTS_E4M3, NAN_P, 0x7F, -1}, {"cuda_satfinite", MXCTS_E4M3, NAN_N, 0x7F, -1},
    {"cuda_satfinite", MXCTS_E5M2, 0x47700000, 0x7B, -1}, {"cuda_satfinite", MXCTS_E5M2, INF_P, 0x7B, -1},
    {"cuda_satfinite", MXCTS_E5M2, NAN_P, 0x7F, -1}, {"cuda_satfinite", MXCTS_E5M2, NAN_N, 0x7F, -1},
    /* CU-N */
    {"cuda_nosat", MXCTS_E4M3, 0x43E80000, 0x7E, -1}, {"cuda_nosat", MXCTS_E4M3, 0x43E80001, 0x7F, -1},
    {"cuda_nosat", MXCTS_E4M3, INF_P, 0x7F, -1}, {"cuda_nosat", MXCTS_E4M3, INF_N, 0xFF, -1},
    {"cuda_nosat", MXCTS_E4M3, NAN_N, 0x7F, -1}, {"cuda_nosat", MXCTS_E5M2, 0x47700000, 0x7C, -1},
    {"cuda_nosat", MXCTS_E5M2, INF_P, 0x7C, -1}, {"cuda_nosat", MXCTS_E5M2, NAN_N, 0x7F, -1},
    /* MLD */
    {"ml_dtypes", MXCTS_E4M3, 0x43E80000, 0x7E, -1}, {"ml_dtypes", MXCTS_E4M3, 0x43E80001, 0x7F, -1},
    {"ml_dtypes", MXCTS_E4M3, INF_P, 0x7F, -1}, {"ml_dtypes", MXCTS_E4M3, INF_N, 0xFF, -1},
    {"ml_dtypes", MXCTS_E4M3, NAN_N, 0xFF, -1}, {"ml_dtypes", MXCTS_E5M2, 0x47700000, 0x7C, -1},
    {"ml_dtypes", MXCTS_E5M2, NAN_P, 0x7E, -1}, {"ml_dtypes", MXCTS_E5M2, NAN_N, 0xFE, -1},
    /* PT */
    {"torch_eager", MXCTS_E4M3, 0x43E80000, 0x7E, -1}, {"torch_eager", MXCTS_E4M3, 0x43E80001, 0x7F, -1},
    {"torch_eager", MXCTS_E4M3, INF_N, 0xFF, -1}, {"torch_eager", MXCTS_E4M3, NAN_N, 0xFF, -1},
    {"torch_eager", MXCTS_E5M2, NAN_P, 0x7F, -1}, {"torch_eager", MXCTS_E5M2, NAN_N, 0xFF, -1},
    {"torch_eager", MXCTS_E5M2, INF_P, 0x7C, -1},
    /* HIP-S (profile default) and HIP-N (--overflow nonsat) */
    {"hip_sw", MXCTS_E4M3, 0x43E08000, 0x7E, -1}, {"hip_sw", MXCTS_E4M3, 0x43E80001, 0x7E, -1},
    {"hip_sw", MXCTS_E4M3, INF_P, 0x7F, -1}, {"hip_sw", MXCTS_E4M3, INF_N, 0xFF, -1},
    {"hip_sw", MXCTS_E4M3, NAN_N, 0xFF, -1}, {"hip_sw", MXCTS_E5M2, 0x47700000, 0x7B, -1},
    {"hip_sw", MXCTS_E5M2, INF_P, 0x7C, -1},
    {"hip_sw", MXCTS_E4M3, 0x43E08000, 0x7F, 1}, {"hip_sw", MXCTS_E4M3, 0x43E80000, 0x7F, 1},
    {"hip_sw", MXCTS_E4M3, 0x43E00000, 0x7E, 1}, {"hip_sw", MXCTS_E5M2, 0x47600001, 0x7C, 1},
    {"hip_sw", MXCTS_E5M2, 0x476FFFFF, 0x7C, 1},
    /* AMD950 */
    {"amd_gfx950_emu", MXCTS_E4M3, 0x43E80000, 0x7E, -1}, {"amd_gfx950_emu", MXCTS_E4M3, 0x43E80001, 0x7F, -1},
    {"amd_gfx950_emu", MXCTS_E4M3, 0x4E6E6B28, 0x7F, -1}, {"amd_gfx950_emu", MXCTS_E4M3, INF_P, 0x7F, -1},
    {"amd_gfx950_emu", MXCTS_E4M3, INF_N, 0xFF, -1}, {"amd_gfx950_emu", MXCTS_E4M3, NAN_N, 0xFF, -1},
    {"amd_gfx950_emu", MXCTS_E5M2, 0x47700000, 0x7B, -1}, {"amd_gfx950_emu", MXCTS_E5M2, INF_P, 0x7B, -1},
    {"amd_gfx950_emu", MXCTS_E5M2, NAN_P, 0x7E, -1}, {"amd_gfx950_emu", MXCTS_E5M2, NAN_N, 0xFE, -1},
    /* 2.5 FNUZ (torch, ml_dtypes, HIP-S, HIP-N) */
    {"torch_eager", MXCTS_E4M3FNUZ, 0x80000000, 0x00, -1}, {"ml_dtypes", MXCTS_E4M3FNUZ, 0xB9800000, 0x00, -1},
    {"ml_dtypes", MXCTS_E4M3FNUZ, INF_P, 0x80, -1}, {"ml_dtypes", MXCTS_E4M3FNUZ, NAN_N, 0x80, -1},
    {"ml_dtypes", MXCTS_E4M3FNUZ, 0x4377FFFF, 0x7F, -1}, {"ml_dtypes", MXCTS_E4M3FNUZ, 0x43780000, 0x80, -1},
    {"torch_eager", MXCTS_E5M2FNUZ, 0x47700000, 0x80, -1}, {"hip_sw", MXCTS_E4M3FNUZ, 0x43780000, 0x7F, -1},
    {"hip_sw", MXCTS_E4M3FNUZ, INF_P, 0x80, -1}, {"hip_sw", MXCTS_E4M3FNUZ, 0x43708000, 0x80, 1},
    {"hip_sw", MXCTS_E4M3FNUZ, 0x43708000, 0x7F, -1}, {"hip_sw", MXCTS_E5M2FNUZ, 0x47600001, 0x80, 1},
    {"ocp", MXCTS_E4M3FNUZ, 0x43708000, 0x7F, 1}, {"ocp", MXCTS_E4M3FNUZ, 0x3A000000, 0x00, -1},
    {"ocp", MXCTS_E4M3FNUZ, 0x3A800000, 0x01, -1},
    /* 2.6 FP6 / FP4 NaN and Inf */
    {"cuda_satfinite", MXCTS_E2M1, NAN_P, 0x7, -1}, {"cuda_satfinite", MXCTS_E2M1, NAN_N, 0x7, -1},
    {"cuda_satfinite", MXCTS_E2M1, INF_N, 0xF, -1}, {"cuda_satfinite", MXCTS_E2M3, NAN_N, 0x1F, -1},
    {"cuda_satfinite", MXCTS_E3M2, NAN_N, 0x1F, -1},
    {"ml_dtypes", MXCTS_E2M1, NAN_P, 0x8, -1}, {"ml_dtypes", MXCTS_E2M1, NAN_N, 0x0, -1},
    {"ml_dtypes", MXCTS_E2M1, INF_P, 0x7, -1}, {"ml_dtypes", MXCTS_E2M1, INF_N, 0xF, -1},
    {"ml_dtypes", MXCTS_E2M3, NAN_P, 0x20, -1}, {"ml_dtypes", MXCTS_E2M3, NAN_N, 0x00, -1},
    {"ml_dtypes", MXCTS_E3M2, NAN_P, 0x20, -1}, {"ml_dtypes", MXCTS_E3M2, NAN_N, 0x00, -1},
    {"triton_kernels", MXCTS_E2M1, NAN_P, 0x7, -1}, {"triton_kernels", MXCTS_E2M1, NAN_N, 0xF, -1},
    {"amd_gfx950_emu", MXCTS_E2M1, NAN_N, 0xF, -1}, {"amd_gfx950_emu", MXCTS_E2M3, NAN_N, 0x3F, -1},
    {"amd_gfx950_emu", MXCTS_E3M2, NAN_P, 0x1F, -1},
    {"ocp", MXCTS_E2M1, 0x40E00000, 0x7, -1}, {"ml_dtypes", MXCTS_E2M1, 0x40E00000, 0x7, -1},
    {"ocp", MXCTS_E2M1, 0xAEDBE6FF, 0x8, -1}, {"ocp", MXCTS_E2M3, 0x80000000, 0x20, -1},
};

/* 2.7: E8M0 per profile */
static const row e8rows[] = {
    {"cuda_satfinite", MXCTS_E8M0, 0x00000000, 0x00, -1}, {"cuda_satfinite", MXCTS_E8M0, 0x3FC00000, 0x80, -1},
    {"cuda_satfinite", MXCTS_E8M0, 0x7F7FFFFF, 0xFE, -1}, {"cuda_satfinite", MXCTS_E8M0, INF_N, 0xFE, -1},
    {"cuda_satfinite", MXCTS_E8M0, 0xBF800000, 0x7F, -1}, {"cuda_nosat", MXCTS_E8M0, 0x7F7FFFFF, 0xFF, -1},
    {"cuda_nosat", MXCTS_E8M0, INF_P, 0xFF, -1}, {"cuda_nosat", MXCTS_E8M0, 0x00400001, 0x01, -1},
    {"torch_eager", MXCTS_E8M0, 0x3FC00000, 0x80, -1}, {"torch_eager", MXCTS_E8M0, 0x3FBFFFFF, 0x7F, -1},
    {"torch_eager", MXCTS_E8M0, 0x00400001, 0x01, -1}, {"torch_eager", MXCTS_E8M0, 0x7F400000, 0xFF, -1},
    {"torch_eager", MXCTS_E8M0, 0xAEDBE6FF, 0x5E, -1}, {"torch_eager", MXCTS_E8M0, 0x00000000, 0x00, -1},
    {"ml_dtypes", MXCTS_E8M0, 0x00000000, 0xFF, -1}, {"ml_dtypes", MXCTS_E8M0, 0xBF800000, 0xFF, -1},
    {"ml_dtypes", MXCTS_E8M0, 0x7F3FFFFF, 0xFE, -1}, {"ml_dtypes", MXCTS_E8M0, 0x00400000, 0x00, -1},
    {"torchao", MXCTS_E8M0, 0x7F000001, 0xFF, -1}, {"torchao", MXCTS_E8M0, 0x7F7FFFFF, 0xFF, -1},
    {"torchao", MXCTS_E8M0, INF_P, 0xFF, -1}, {"torchao", MXCTS_E8M0, 0x00400001, 0x01, -1},
    {"transformer_engine", MXCTS_E8M0, INF_P, 0xFE, -1}, {"transformer_engine", MXCTS_E8M0, 0x7F7FFFFF, 0xFE, -1},
    {"transformer_engine", MXCTS_E8M0, 0x00400000, 0x00, -1}, {"transformer_engine", MXCTS_E8M0, 0x00400001, 0x01, -1},
    {"transformer_engine", MXCTS_E8M0, NAN_P, 0xFF, -1},
};

int main(void)
{
    /* structure */
    size_t n = mxcts_profile_count();
    CHECK(n == 11, "11 profiles, got %zu", n);
    const mxcts_profile *ocp = mxcts_profile_at(0);
    CHECK(ocp && !strcmp(ocp->name, "ocp"), "ocp first");
    if (!ocp)
        return 1;
    mxcts_convert cv;
    mxcts_e8m0_convert e8;
    mxcts_block_config bc;
    mxcts_convert_init(&cv);
    mxcts_e8m0_init(&e8);
    mxcts_block_config_init(&bc);
    CHECK(!memcmp(&cv, &ocp->elem, sizeof cv), "ocp element knobs == mxcts_convert_init");
    CHECK(!memcmp(&e8, &ocp->e8m0, sizeof e8), "ocp e8m0 knobs == mxcts_e8m0_init");
    CHECK(!memcmp(&bc, &ocp->block, sizeof bc), "ocp block knobs == mxcts_block_config_init");
    char diff[1024];
    CHECK(mxcts_profile_diff(ocp, ocp, diff, sizeof diff) == 0 && diff[0] == 0, "ocp vs ocp: no diff");
    for (size_t i = 0; i < n; i++) {
        const mxcts_profile *p = mxcts_profile_at(i);
        CHECK(mxcts_convert_validate(&p->elem) == MXCTS_OK, "%s elem valid", p->name);
        CHECK(mxcts_e8m0_validate(&p->e8m0) == MXCTS_OK, "%s e8m0 valid", p->name);
        CHECK(mxcts_block_config_validate(&p->block) == MXCTS_OK, "%s block valid", p->name);
        CHECK(p->elem.round == MXCTS_ROUND_RNE && p->block.block_size == 32, "%s RNE, k=32", p->name);
        CHECK(p->summary && p->summary[0] && p->evidence && strlen(p->evidence) > 40 && p->unmodelled,
              "%s documented", p->name);
        CHECK(mxcts_profile_find(p->name) == p, "%s findable", p->name);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(p->name, mxcts_profile_at(j)->name) != 0, "duplicate %s", p->name);
        if (i) {
            size_t len = mxcts_profile_diff(p, ocp, diff, sizeof diff);
            CHECK(len > 0 && strlen(diff) == len, "%s differs from ocp", p->name);
            char small[8];
            CHECK(mxcts_profile_diff(p, ocp, small, sizeof small) == len && strlen(small) == 7,
                  "%s diff truncates", p->name);
        }
    }
    CHECK(mxcts_profile_at(n) == NULL && mxcts_profile_find("nope") == NULL, "unknown lookups");
    CHECK(mxcts_profile_find("torch_eager_le_2_12") == mxcts_profile_find("torch_eager"), "alias");
    cv.overflow = MXCTS_OVERFLOW_NONSAT;
    mxcts_convert keep = cv;
    CHECK(mxcts_profile_apply("nope", &cv, NULL, NULL) == MXCTS_ERR_MODE && !memcmp(&cv, &keep, sizeof cv),
          "unknown profile: error, nothing written");
    CHECK(mxcts_profile_apply(NULL, &cv, &e8, &bc) == MXCTS_OK && cv.overflow == MXCTS_OVERFLOW_SAT,
          "NULL name is ocp");

    /* behaviour */
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const row *r = &rows[i];
        CHECK(mxcts_profile_apply(r->profile, &cv, NULL, NULL) == MXCTS_OK, "profile %s", r->profile);
        if (r->overflow >= 0)
            cv.overflow = (mxcts_overflow)r->overflow;
        uint8_t code = 0xAA, bulk = 0xAA;
        mxcts_encode_f32(r->fmt, r->x, &cv, &code, NULL);
        mxcts_encode_bulk(r->fmt, MXCTS_WIDE_F32, &r->x, 1, &bulk, &cv, NULL);
        CHECK(code == r->want && bulk == r->want, "%s %s%s 0x%08x: got 0x%02x (bulk 0x%02x) want 0x%02x",
              r->profile, mxcts_format_get(r->fmt)->name, r->overflow >= 0 ? " nonsat" : "", r->x, code,
              bulk, r->want);
    }
    for (size_t i = 0; i < sizeof e8rows / sizeof e8rows[0]; i++) {
        const row *r = &e8rows[i];
        mxcts_profile_apply(r->profile, NULL, &e8, NULL);
        uint8_t code = 0xAA;
        mxcts_e8m0_encode_f32(r->x, &e8, &code, NULL);
        CHECK(code == r->want, "%s e8m0 0x%08x: got 0x%02x want 0x%02x", r->profile, r->x, code, r->want);
    }
    return tu_finish("test_profiles_table", checks);
}
