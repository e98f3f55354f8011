/* Commands of the ktpsim program, shared between its source files (app/ktpsim*.c). */
#ifndef APP_KTPSIM_CMDS_H
#define APP_KTPSIM_CMDS_H

#include "models/scenario/scenario.h"

/* Keep in step with project(VERSION) in the top CMakeLists.txt. */
#define KTPSIM_VERSION "0.1.0"

/* `ktpsim run ARGS`: argv holds the arguments after "run". Returns the exit status. */
int ktpsim_run_command(int argc, char **argv);

/* `ktpsim compare A B [options]` (app/ktpsim_compare.c). Returns the exit status. */
int ktpsim_compare_command(int argc, char **argv);

struct summary;
/* With an "ikd" key: the IKD lines of `ktpsim run` (app/ktpsim_ikd.c). */
void ktpsim_print_ikd(const struct summary *s);

/* app/ktpsim_run_table.c: the region table (the `top` regions with the lowest one-hour
 * share when there are more) and, when offices ran out of blanks, the supply table. */
void ktpsim_print_regions(const struct summary *s, size_t top);
void ktpsim_print_supply(const struct summary *s, size_t top);
/* The late-causes table of all regions together (late_causes.csv's "all" rows). */
void ktpsim_print_late(const struct summary *s);

/* app/ktpsim_queue_check.c: whether region r's recording office is exactly an M/M/c queue,
 * and for each such region the line that checks its mean wait against Erlang C. */
int ktpsim_is_mmc_office(const scenario *s, const scenario_region *r);
void ktpsim_print_queue_check(const scenario *s, const struct summary *result);

/* app/ktpsim_stop.c: until _disarm, SIGINT and SIGTERM first remove the temporary registry
 * files of replications 0..replications-1 in dir, then end the process. Returns 0 or -1. */
int ktpsim_stop_cleanup_arm(const char *dir, int replications);
void ktpsim_stop_cleanup_disarm(void);

/* app/ktpsim_outdir.c: before a run simulates, creates dir, proves it writable, removes the
 * previous run's result files and registries and the temporary files of dead processes.
 * Returns 0, or -1 with why ("cannot write in DIR: Permission denied"). */
int ktpsim_outdir_prepare(const char *dir, char *why, size_t why_size);
/* Like `mkdir -p` (app/ktpsim_outdir.c). Returns 0 or -1 with errno set. */
int ktpsim_make_directories(const char *path);

/* Prints a loader's error list to stderr, one message a line. */
void ktpsim_print_errors(const scenario_errors *errors);

#endif
