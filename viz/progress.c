/* Terminal progress bar (see progress.h). */
#include "viz/progress.h"

#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double monotonic_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int viz_progress_init(viz_progress *p, FILE *out, int reps_total, double days_per_rep)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->enabled = out && isatty(fileno(out));
    p->reps_total = reps_total > 0 ? reps_total : 1;
    p->days_total = p->reps_total * (days_per_rep > 0 ? days_per_rep : 0);
    p->start_s = monotonic_s();
    p->last_draw_s = -1;
    return pthread_mutex_init(&p->lock, NULL) == 0 ? 0 : -1;
}

void viz_progress_enable(viz_progress *p, int enabled)
{
    pthread_mutex_lock(&p->lock);
    p->enabled = enabled && p->out;
    pthread_mutex_unlock(&p->lock);
}

static void format_eta(char *buf, size_t size, double seconds)
{
    if (!isfinite(seconds) || seconds < 0) {
        snprintf(buf, size, "--:--");
        return;
    }
    long s = lround(seconds);
    if (s >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

int viz_progress_format(char *buf, size_t size, int reps_done, int reps_total,
                        double days_done, double days_total, double elapsed_s, int bar_width)
{
    double done = days_total > 0 ? days_done / days_total
                                 : (reps_total > 0 ? (double)reps_done / reps_total : 0);
    done = done < 0 ? 0 : done > 1 ? 1 : done;
    char bar[128], eta[32];
    if (bar_width > (int)sizeof bar - 3)
        bar_width = (int)sizeof bar - 3;
    int filled = (int)floor(done * bar_width + 1e-9);
    bar[0] = '[';
    for (int k = 0; k < bar_width; k++)
        bar[1 + k] = k < filled ? '#' : '.';
    bar[1 + bar_width] = ']';
    bar[2 + bar_width] = '\0';
    format_eta(eta, sizeof eta, done > 0 ? elapsed_s * (1 - done) / done : NAN);
    return snprintf(buf, size, "%s %d/%d reps  %.0f/%.0f days  %3.0f%%  ETA %s", bar,
                    reps_done, reps_total, days_done, days_total, floor(100 * done + 1e-9), eta);
}

/* Draws the current state; the caller holds the lock. */
static void draw(viz_progress *p, double now_s)
{
    char line[256];
    viz_progress_format(line, sizeof line, p->reps_done, p->reps_total, p->days_done,
                        p->days_total, now_s - p->start_s, 30);
    fprintf(p->out, "\r%s\x1b[K", line); /* ESC[K clears what a longer line left */
    fflush(p->out);
    p->drawn = 1;
    p->last_draw_s = now_s;
}

void viz_progress_add(viz_progress *p, int reps_finished, double days)
{
    pthread_mutex_lock(&p->lock);
    p->reps_done += reps_finished;
    p->days_done += days;
    if (p->enabled) {
        double now_s = monotonic_s();
        if (p->last_draw_s < 0 || now_s - p->last_draw_s >= 0.1)
            draw(p, now_s);
    }
    pthread_mutex_unlock(&p->lock);
}

void viz_progress_finish(viz_progress *p)
{
    pthread_mutex_lock(&p->lock);
    if (p->enabled) {
        draw(p, monotonic_s());
        fputc('\n', p->out);
        fflush(p->out);
    }
    p->enabled = 0; /* later calls draw nothing */
    pthread_mutex_unlock(&p->lock);
}

void viz_progress_fini(viz_progress *p)
{
    pthread_mutex_destroy(&p->lock);
}
