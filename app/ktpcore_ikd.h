/* The IKD credential subcommand of ktpcore (app/ktpcore_ikd.c): issue, verify, revoke,
 * export-key and show. Same conventions as ktpcore_cmds.h: argv[0] is "ikd"; the return
 * value is the exit code: 0 success (verify: valid), 1 failure (verify: not valid, with the
 * reason on stdout), 2 bad usage or bad input. */
#ifndef KTPCORE_IKD_H
#define KTPCORE_IKD_H

int ktpcore_cmd_ikd(int argc, char **argv); /* ktpcore ikd issue|verify|revoke|export-key|show */

#endif
