/* Messages for mxcts_status codes. */
#include "mxcts/status.h"

const char *mxcts_status_string(int status)
{
    switch (status) {
    case MXCTS_OK: return "ok";
    case MXCTS_ERR_NULL: return "a required pointer is NULL";
    case MXCTS_ERR_FORMAT: return "unknown format, or format not valid for this operation";
    case MXCTS_ERR_MODE: return "unknown rounding, overflow or policy value";
    case MXCTS_ERR_CODE_RANGE: return "code has bits set above the format's width";
    case MXCTS_ERR_SIZE: return "invalid size (zero, negative, misaligned or overflowing)";
    case MXCTS_ERR_UNSUPPORTED: return "valid request that is not supported";
    case MXCTS_ERR_PARSE: return "input could not be parsed";
    default: return "unknown status code";
    }
}
