/* A progress bar for `ktpsim run` on stderr: replications done, simulated days, ETA. It
 * draws only when its stream is a terminal (isatty), at most ten times a second, on one
 * line rewritten with '\r'. Safe to call from the replication threads (one mutex). */
#ifndef VIZ_PROGRESS_H
#define VIZ_PROGRESS_H

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

typedef struct viz_progress {
    FILE *out;
    int enabled, drawn;
    int reps_total, reps_done;
    double days_total, days_done; /* simulated days over all replications */
    double start_s, last_draw_s;  /* monotonic clock */
    pthread_mutex_t lock;
} viz_progress;

/* Sets up a bar for reps_total replications of days_per_rep simulated days each; enabled
 * only when `out` is a terminal. Returns 0, or -1 when the mutex cannot be made. */
int viz_progress_init(viz_progress *p, FILE *out, int reps_total, double days_per_rep);
/* Turns drawing on or off whatever `out` is (tests, a --progress/--quiet flag). */
void viz_progress_enable(viz_progress *p, int enabled);
/* Adds finished replications and simulated days (called by the run loop or its threads,
 * e.g. once per simulated day and once per finished replication). Redraws if due. */
void viz_progress_add(viz_progress *p, int reps_finished, double days);
/* Draws the final state and ends the line (when anything was drawn or enabled). */
void viz_progress_finish(viz_progress *p);
void viz_progress_fini(viz_progress *p);

/* The bar's text for the given state into buf (no '\r', no newline), bar_width cells wide:
 * "[#####.....]  3/10 reps   84/280 days  30%  ETA 1:02". ETA is "--:--" until some days
 * are done. Returns the length snprintf would have written. Pure; thread-safe. */
int viz_progress_format(char *buf, size_t size, int reps_done, int reps_total,
                        double days_done, double days_total, double elapsed_s, int bar_width);

#endif
