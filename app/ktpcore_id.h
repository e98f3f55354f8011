/* The identity subcommands of ktpcore (app/ktpcore.c, app/ktpcore_id.c): NIK tools, the
 * registry, enrolment and card transitions. Same conventions as ktpcore_cmds.h: argv[0] is
 * the subcommand; the return value is the exit code (0 ok, 1 failure, 2 bad usage/input). */
#ifndef KTPCORE_ID_H
#define KTPCORE_ID_H

#include <stdio.h>

#define KTPCORE_VERSION "0.1.0"

int ktpcore_cmd_nik(int argc, char **argv);      /* ktpcore nik parse|validate|compose */
int ktpcore_cmd_registry(int argc, char **argv); /* ktpcore registry init|info|check|person */
int ktpcore_cmd_enrol(int argc, char **argv);    /* ktpcore enrol FILE --name ... */
int ktpcore_cmd_issue(int argc, char **argv);    /* ktpcore issue FILE --card N --to STATUS */
int ktpcore_cmd_demo(int argc, char **argv);     /* ktpcore demo FILE --people N */

/* Exit code for a core_status: 2 for bad input (invalid, not found, corrupt, newer version,
 * illegal transition), 1 for failures (I/O, memory, busy, exhausted). */
int ktpcore_exit_code(int status);
/* Writes s as a JSON string literal (with quotes) to f. */
void ktpcore_json_string(FILE *f, const char *s);
/* Parses "PP.KK.CC" into PPKKCC; -1 if malformed. */
long ktpcore_parse_district(const char *text);
/* Parses "YYYY-MM-DD"; 0 on success, -1 if malformed (existence is checked by core). */
int ktpcore_parse_date(const char *text, int *year, int *month, int *day);

#endif
