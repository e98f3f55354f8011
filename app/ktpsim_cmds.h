/* Commands of the ktpsim program, shared between its source files (app/ktpsim*.c). */
#ifndef APP_KTPSIM_CMDS_H
#define APP_KTPSIM_CMDS_H

#include "models/scenario.h"

/* Keep in step with project(VERSION) in the top CMakeLists.txt. */
#define KTPSIM_VERSION "0.1.0"

/* `ktpsim run ARGS`: argv holds the arguments after "run". Returns the exit status. */
int ktpsim_run_command(int argc, char **argv);

/* `ktpsim compare A B [options]` (app/ktpsim_compare.c). Returns the exit status. */
int ktpsim_compare_command(int argc, char **argv);

struct summary;
/* With an "ikd" key: the IKD lines of `ktpsim run` (app/ktpsim_ikd.c). */
void ktpsim_print_ikd(const struct summary *s);

/* Prints a loader's error list to stderr, one message a line. */
void ktpsim_print_errors(const scenario_errors *errors);

#endif
