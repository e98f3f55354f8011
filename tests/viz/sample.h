/* Writes a small result folder that follows docs/results.md exactly (what `ktpsim run`
 * writes), with deterministic synthetic numbers, for the viz tests. */
#ifndef TESTS_VIZ_SAMPLE_H
#define TESTS_VIZ_SAMPLE_H

typedef struct sample_options {
    int replications; /* >= 1 */
    int days;         /* >= 1 */
    int central;      /* write central.csv */
    int ikd;          /* nonzero ikd_active */
    int observed;     /* the six printed_..._share metrics and an "observed" block */
    const char *second_name; /* name of region 2 (may hold HTML) */
} sample_options;

#define SAMPLE_EVIL_NAME "Kota <script>alert('x')</script> & \"Co\""

/* Creates dir (if needed) and writes the five files. Returns 0, or -1. */
int sample_write(const char *dir, const sample_options *o);

/* mkdtemp under $TMPDIR or /tmp; returns a malloc'd path or NULL. */
char *sample_tempdir(void);

#endif
