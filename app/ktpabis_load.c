/* `ktpabis load`: the open-loop load test (in progress). */
#include <stdio.h>
#include "app/ktpabis_cmds.h"

int ktpabis_cmd_load(int argc, char **argv)
{
    (void)argc, (void)argv;
    fprintf(stderr, "ktpabis load: not built yet\n");
    return 1;
}
