/* `ktpsim report DIR`: reads the result files of a run (docs/results.md; never re-runs
 * anything), writes gnuplot scripts and data into DIR/plots/, runs gnuplot to draw each plot
 * as PNG and SVG, and writes DIR/report.html (summary table, bottleneck per region, plots,
 * scenario name, source and seed). */
#ifndef VIZ_REPORT_H
#define VIZ_REPORT_H

#include <stddef.h>

typedef struct viz_report_options {
    const char *gnuplot; /* the program to run; NULL: "gnuplot" searched on PATH */
} viz_report_options;

/* Makes the report. All inputs are read and checked before anything is written; the plots
 * are drawn in a temporary folder that replaces DIR/plots only when every plot succeeded,
 * and report.html is written last (temporary name, then rename). Returns VIZ_OK, or
 * VIZ_EINPUT ("FILE:LINE: problem" in why), VIZ_ENOGNUPLOT, VIZ_EGNUPLOT (why quotes
 * gnuplot's first error line), VIZ_EIO or VIZ_ENOMEM. Does not print. Starts gnuplot as a
 * child process; not for concurrent use on the same DIR. options may be NULL. */
int viz_report_make(const char *dir, const viz_report_options *options, char *why,
                    size_t why_size);

/* Finds an executable named `name` in the directories of $PATH (a name with a '/' is taken
 * as it is). Returns 1 with the path in out, else 0. */
int viz_find_program(const char *name, char *out, size_t out_size);

#endif
