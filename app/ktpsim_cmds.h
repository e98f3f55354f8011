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

/* app/ktpsim_stop.c: until _disarm, SIGINT and SIGTERM first remove the temporary registry
 * files of replications 0..replications-1 in dir, then end the process. Returns 0 or -1. */
int ktpsim_stop_cleanup_arm(const char *dir, int replications);
void ktpsim_stop_cleanup_disarm(void);

/* app/ktpsim_outdir.c: before a run simulates, creates dir, proves it writable, removes the
 * previous run's result files and registries and the temporary files of dead processes.
 * Returns 0, or -1 with why ("cannot write in DIR: Permission denied"). */
int ktpsim_outdir_prepare(const char *dir, char *why, size_t why_size);

/* Prints a loader's error list to stderr, one message a line. */
void ktpsim_print_errors(const scenario_errors *errors);

#endif
