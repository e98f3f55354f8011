/* Commands of the ktpsim program, shared between its source files (app/ktpsim*.c). */
#ifndef APP_KTPSIM_CMDS_H
#define APP_KTPSIM_CMDS_H

#include "models/scenario/scenario.h"
#include "models/scenario/scenario_set.h"

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

/* `ktpsim plan PLAN.json [options]` (app/ktpsim_plan.c). Returns the exit status. */
int ktpsim_plan_command(int argc, char **argv);

/* Like `mkdir -p` (app/ktpsim_outdir.c). Returns 0 or -1 with errno set. */
int ktpsim_make_directories(const char *path);

/* app/ktpsim_outdir.c: before a run simulates, creates dir, proves it writable, removes the
 * previous run's result files and registries and the temporary files of dead processes.
 * Returns 0, or -1 with why ("cannot write in DIR: Permission denied"). */
int ktpsim_outdir_prepare(const char *dir, char *why, size_t why_size);

/* --set POINTER=VALUE (repeatable) and --region CODE, shared by run, compare and check
 * (app/ktpsim_changes.c). The strings point into argv. */
#define KTPSIM_MAX_CHANGES 64
typedef struct ktpsim_changes {
    scenario_change items[KTPSIM_MAX_CHANGES];
    size_t count;
    const char *region; /* NULL: every region */
} ktpsim_changes;

/* Takes every "--set POINTER=VALUE" and "--region CODE" out of argv (argc updated, the rest
 * kept in order). Returns 0, or 2 after printing "PROGRAM: --set ..." to stderr. */
int ktpsim_changes_take(const char *program, int *argc, char **argv, ktpsim_changes *out);

/* scenario_load_file with the changes; prints the loader's errors. Returns its status. */
int ktpsim_changes_load(const char *path, const ktpsim_changes *changes, scenario **out);

struct summary;
/* Copies the changes into s->changes ("POINTER=VALUE", "--region CODE") for summary.json.
 * Returns 0 or -1 (out of memory). */
int ktpsim_changes_record(const ktpsim_changes *changes, struct summary *s);

/* Prints a loader's error list to stderr, one message a line (app/ktpsim_changes.c). */
void ktpsim_print_errors(const scenario_errors *errors);

#endif
