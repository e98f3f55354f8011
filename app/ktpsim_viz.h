/* The ktpsim commands that draw results: `report` (gnuplot plots and an HTML page from a
 * result folder) and `view` (the SDL2 viewer, or a headless screenshot). */
#ifndef APP_KTPSIM_VIZ_H
#define APP_KTPSIM_VIZ_H

/* argv holds the arguments after the command name. Return the exit status: 0 success,
 * 1 the command failed, 2 bad usage, unusable input or a missing tool. */
int ktpsim_cmd_report(int argc, char **argv);
int ktpsim_cmd_view(int argc, char **argv);

#endif
