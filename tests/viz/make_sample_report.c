/* viz_sample_report DIR: writes the synthetic result folder of sample.h into DIR (two
 * regions, two replications, central and IKD data, a name holding HTML) and runs
 * `ktpsim report DIR` on it. Used by the browser test; exit status as `ktpsim report`. */
#include <stdio.h>

#include "app/ktpsim_viz.h"
#include "sample.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: viz_sample_report DIR\n");
        return 2;
    }
    sample_options o = {.replications = 2, .days = 6, .central = 1, .ikd = 1,
                        .second_name = SAMPLE_EVIL_NAME};
    if (sample_write(argv[1], &o) != 0) {
        fprintf(stderr, "viz_sample_report: cannot write %s\n", argv[1]);
        return 1;
    }
    char *args[] = {argv[1], NULL};
    return ktpsim_cmd_report(1, args);
}
