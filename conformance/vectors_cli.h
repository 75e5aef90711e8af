/* `mxcts vectors`: generator (vectors_gen.c) and manifest helpers shared
 * with cmd_vectors.c (verify, list). File format: spec/vectors.md. */
#ifndef MXCTS_VECTORS_CLI_H
#define MXCTS_VECTORS_CLI_H

#include <stddef.h>
#include <stdint.h>

#define VEC_GENERATOR "mxcts-vectors/1"

/* One MANIFEST line: sha256, size, generator, path (relative to the
 * vectors directory), what it covers, which implementations agree. */
typedef struct vec_entry {
    char sha256[65];
    uint64_t size;
    char generator[48];
    char path[160];
    char covers[400];
    char agrees[600];
} vec_entry;

typedef struct vec_manifest {
    vec_entry *v;
    size_t n, cap;
} vec_manifest;

/* Parse DIR/MANIFEST. Returns 0, or non-zero with a message in err (line number). */
int vec_manifest_read(const char *dir, vec_manifest *m, char *err, size_t errsize);
int vec_manifest_write(const char *dir, const vec_manifest *m);
void vec_manifest_free(vec_manifest *m);
vec_entry *vec_manifest_add(vec_manifest *m);

/* sha256 of a file as 64 hex digits (OpenSSL libcrypto); 0 on success. */
int vec_sha256_file(const char *path, char hex[65], uint64_t *size);

/* Write every vector file under dir and dir/MANIFEST. Keeps the `agrees`
 * column of an existing MANIFEST line whose sha256 is unchanged. 0 on success. */
int vec_generate(const char *dir, int verbose);

/* The vectors directory to use: arg if given, else $MXCTS_VECTORS, else the
 * source tree's vectors/, else ./vectors. */
const char *vec_default_dir(const char *arg);

#endif
