/* A `ktpsim run` stopped by Ctrl-C (SIGINT) or kill (SIGTERM) leaves no half-written registry:
 * the embedded run's files, written under temporary names and possibly hundreds of MB, are
 * removed before the signal's default action ends the process. The paths are built before
 * the run, so the handler only calls unlink and raise (both async-signal-safe). */
#include "app/ktpsim_cmds.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/run/run.h"

/* A signal handler can reach only static storage; the process runs one `run` at a time. */
static char **temp_paths;
static int temp_count;

/* The action stays installed while the files go (no SA_RESETHAND): a second signal that
 * lands on another thread then runs this loop too instead of ending the process half-way.
 * Only the thread that has finished its loop restores the default action and re-raises. */
static void on_stop(int signal_number)
{
    for (int i = 0; i < temp_count; i++)
        unlink(temp_paths[i]);
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(signal_number, &fallback, NULL);
    raise(signal_number); /* blocked until this handler returns, then ends the process */
}

int ktpsim_stop_cleanup_arm(const char *dir, int replications)
{
    temp_paths = calloc((size_t)replications, sizeof *temp_paths);
    if (temp_paths == NULL)
        return -1;
    for (int r = 0; r < replications; r++) {
        char path[4200];
        if (run_registry_temp_path(dir, r, path, sizeof path) != 0 ||
            (temp_paths[r] = strdup(path)) == NULL) {
            ktpsim_stop_cleanup_disarm();
            return -1;
        }
        temp_count = r + 1;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_stop;
    sigemptyset(&action.sa_mask); /* SIGINT then SIGTERM on one thread: finish the loop first */
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    if (sigaction(SIGINT, &action, NULL) != 0 || sigaction(SIGTERM, &action, NULL) != 0) {
        ktpsim_stop_cleanup_disarm();
        return -1;
    }
    return 0;
}

void ktpsim_stop_cleanup_disarm(void)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    for (int i = 0; i < temp_count; i++)
        free(temp_paths[i]);
    free(temp_paths);
    temp_paths = NULL;
    temp_count = 0;
}
