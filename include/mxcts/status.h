/* Status codes shared by the mxcts reference and tools. Every public
 * function returns one of these; 0 is success. */
#ifndef MXCTS_STATUS_H
#define MXCTS_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mxcts_status {
    MXCTS_OK = 0,
    MXCTS_ERR_NULL = 1,        /* a required pointer was NULL */
    MXCTS_ERR_FORMAT = 2,      /* unknown format, or format not valid for this operation */
    MXCTS_ERR_MODE = 3,        /* unknown rounding / overflow / policy value */
    MXCTS_ERR_CODE_RANGE = 4,  /* a code has bits set above the format's width */
    MXCTS_ERR_SIZE = 5,        /* a size is zero, negative, misaligned or overflows */
    MXCTS_ERR_UNSUPPORTED = 6, /* the combination is valid but not implemented */
    MXCTS_ERR_PARSE = 7        /* text input could not be parsed */
} mxcts_status;

/* A static, human-readable description of a status code (never NULL). */
const char *mxcts_status_string(int status);

#ifdef __cplusplus
}
#endif
#endif
