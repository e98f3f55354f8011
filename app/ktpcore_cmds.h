/* Subcommands of the ktpcore program, one function each, split over app/ktpcore*.c.
 * Each takes the arguments after the subcommand name (argv[0] is the subcommand) and returns
 * the process exit code: 0 success, 1 failure, 2 bad usage or bad input. */
#ifndef KTPCORE_CMDS_H
#define KTPCORE_CMDS_H

/* app/ktpcore_bio.c: biometric measurements. */
int ktpcore_cmd_impostors(int argc, char **argv); /* ktpcore impostors --pairs N --json */
int ktpcore_cmd_bench(int argc, char **argv);     /* ktpcore bench --gallery N ... */
int ktpcore_cmd_bench_index(int argc, char **argv); /* ktpcore bench --index ... */

#endif
