/* Status codes of the viz library (result-file readers, report, viewer, progress).
 * VIZ_OK is 0; errors are negative. Functions that can fail on input also fill a caller's
 * message buffer naming the file and line. */
#ifndef VIZ_STATUS_H
#define VIZ_STATUS_H

typedef enum viz_status {
    VIZ_OK = 0,
    VIZ_EINPUT = -1,     /* a result file is missing or malformed */
    VIZ_EIO = -2,        /* an output file could not be written */
    VIZ_ENOGNUPLOT = -3, /* gnuplot is not on PATH */
    VIZ_EGNUPLOT = -4,   /* gnuplot ran but failed */
    VIZ_ENOMEM = -5,
    VIZ_ESDL = -6,       /* SDL or SDL_ttf failed (no display, no font) */
    VIZ_EARG = -7        /* a bad argument from the caller */
} viz_status;

/* A static English description of a status; never NULL. */
const char *viz_strerror(int status);

#endif
