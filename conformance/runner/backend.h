/* A backend, as the conformance runner sees it: a table of operations on
 * host buffers plus facts about where they run. Every backend (the kernel
 * library's cpu and hip, a vendor plugin, the reference itself) is adapted
 * to this one shape, so the suites never know which one they judge.
 *
 * The operations mirror the plugin ABI (mxcts/plugin.h): f32 values are
 * passed as their bit patterns (uint32_t), codes one per byte, MX scales
 * [rows][k/32]. An operation that is NULL is NOT_SUPPORTED. Each returns an
 * mxcts_status value or one of the RB_* codes below. */
#ifndef MXCTS_RUNNER_BACKEND_H
#define MXCTS_RUNNER_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include "mxcts/status.h"

/* Outcomes beyond mxcts_status that an operation call can have. */
enum {
    RB_ERR_OTHER = 100,   /* the backend failed for another reason (runtime error, alloc) */
    RB_ERR_CRASH = 101,   /* the isolated call died on a signal */
    RB_ERR_TIMEOUT = 102, /* the isolated call ran past the time limit and was killed */
    RB_ERR_ISOLATE = 103  /* the runner could not isolate the call (fork / mmap failed) */
};

typedef struct rb_backend rb_backend;

typedef struct rb_ops {
    int (*encode)(rb_backend *b, int fmt, const uint32_t *src, size_t n, uint8_t *dst, int round,
                  int overflow);
    int (*decode)(rb_backend *b, int fmt, const uint8_t *src, size_t n, uint32_t *dst);
    int (*mx_quantize)(rb_backend *b, int elem, const uint32_t *src, int64_t rows, int64_t k,
                       int scale_mode, uint8_t *codes, uint8_t *scales);
    int (*mx_dequantize)(rb_backend *b, int elem, const uint8_t *codes, const uint8_t *scales,
                         int64_t rows, int64_t k, uint32_t *dst);
    int (*gemm_mx)(rb_backend *b, int fmt_a, int fmt_b, int64_t m, int64_t n, int64_t k,
                   const uint8_t *a, const uint8_t *as, const uint8_t *bb, const uint8_t *bs,
                   uint32_t *c);
    int (*reencode)(rb_backend *b, int src_fmt, int dst_fmt, const uint8_t *src, size_t n,
                    uint8_t *dst);
} rb_ops;

/* Which of the ops a backend has (for NOT_SUPPORTED reasons). */
typedef enum rb_op {
    RB_OP_ENCODE = 0,
    RB_OP_DECODE,
    RB_OP_MX_QUANTIZE,
    RB_OP_MX_DEQUANTIZE,
    RB_OP_GEMM_MX,
    RB_OP_REENCODE,
    RB_OP_COUNT
} rb_op;
const char *rb_op_name(rb_op op);

struct rb_backend {
    char spec[512];       /* as given: "cpu", "hip:1", "plugin:/x/libacme.so", "ref" */
    char kind[16];        /* "ref", "cpu", "hip", "plugin" */
    char name[128];       /* implementation name (plugin name, "mxk cpu", ...) */
    char impl_version[64];/* implementation version */
    char profile[64];     /* profile the implementation claims ("ocp" by default) */
    char target[64];      /* exact target: "cpu", "sm_90", "gfx942", ... */
    char device[160];     /* device name as reported */
    char platform[16];    /* "host", "nvidia", "amd", "plugin" */
    char driver[96];      /* driver version when known, else "" */
    char runtime[96];     /* runtime version when known, else "" */
    int accum_kind;       /* mxcts_accum_kind of gemm_mx */
    int accum_block;
    int isolated;         /* 1: every op call runs in a child process with a time limit */
    int no_fork;          /* 1: device contexts do not survive fork(): guard cases run in-process */
    double timeout_s;     /* time limit of an isolated call */
    size_t out_cap;       /* non-zero: no output buffer is larger than this (guard suite) */
    const char *not_supported[RB_OP_COUNT]; /* reason per NULL op */
    char last_reason[256];/* set by an op that returns MXCTS_ERR_UNSUPPORTED / RB_ERR_OTHER */
    rb_ops ops;
    /* Optional: the accumulation gemm_mx declares for this shape (the kernel
     * library's mxk_gemm_accum_get); NULL means accum_kind / accum_block with
     * full fp32 sums. inner_bits: bits kept by a block's inner sum (24 for
     * fp32; Hopper's FP8 tensor cores keep fewer); extra_roundings: roundings
     * beyond the sum's; path: the path that runs the shape. */
    int (*gemm_accum)(rb_backend *b, int fmt_a, int fmt_b, int64_t m, int64_t n, int64_t k, int *inner_bits,
                      int *extra_roundings, char *path, size_t pathsz);
    void *impl;           /* backend private state */
    void (*close)(rb_backend *b);
};

/* Open a backend from its spec; on failure returns non-zero and writes a
 * reason to err. profile (may be NULL) is --profile: it overrides the claim
 * for the kernel library (whose options are set per call) and must match a
 * plugin's own claim (or the plugin's claim is used when NULL). */
int rb_open(const char *spec, const char *profile, double timeout_s, rb_backend *b, char *err,
            size_t errsize);
void rb_close(rb_backend *b);

/* The individual backends. */
int rb_open_ref(rb_backend *b, char *err, size_t errsize);
int rb_open_mxk(rb_backend *b, const char *which, char *err, size_t errsize);
int rb_open_plugin(rb_backend *b, const char *path, char *err, size_t errsize);

/* 1 if the kernel library was linked in. */
int rb_have_mxk(void);
/* Name of the best backend here: "hip" if a device is visible, else "cpu" (or "ref"). */
const char *rb_best_backend(void);

/* ---- isolation: run fn(arg) in a forked child with a time limit ----------
 * `outs` are the caller's output buffers: the child writes copies in shared
 * memory that are copied back only when the child exits normally. A NULL
 * out pointer stays NULL in the child. Returns fn's status, RB_ERR_CRASH
 * (sig gets the signal), RB_ERR_TIMEOUT or RB_ERR_ISOLATE. */
typedef struct rb_iso_buf {
    void *ptr;
    size_t size;
} rb_iso_buf;
int rb_isolate(int (*fn)(void *arg, void *const *outs), void *arg, const rb_iso_buf *outs,
               int nouts, double timeout_s, int *sig);

#endif
