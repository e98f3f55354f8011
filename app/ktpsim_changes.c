/* Loading scenarios from the command line: --set POINTER=VALUE (repeatable) and --region
 * CODE on run, compare and check are taken out of argv before the ordinary option parser
 * sees them, applied by the scenario loader (models/scenario/scenario_set.h) and recorded in
 * summary.json; the loader's errors are printed one a line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ktpsim_cmds.h"
#include "models/run/summary.h"

int ktpsim_changes_take(const char *program, int *argc, char **argv, ktpsim_changes *out)
{
    memset(out, 0, sizeof *out);
    int kept = 0;
    for (int i = 0; i < *argc; i++) {
        int is_set = strcmp(argv[i], "--set") == 0, is_region = strcmp(argv[i], "--region") == 0;
        if (!is_set && !is_region) {
            argv[kept++] = argv[i];
            continue;
        }
        if (i + 1 >= *argc || argv[i + 1][0] == '\0') {
            fprintf(stderr, "%s: %s needs a value\n", program, argv[i]);
            return 2;
        }
        char *value = argv[++i], why[256];
        if (is_region) {
            out->region = value;
        } else if (out->count == KTPSIM_MAX_CHANGES) {
            fprintf(stderr, "%s: --set: at most %d changes\n", program, KTPSIM_MAX_CHANGES);
            return 2;
        } else if (scenario_change_parse(value, &out->items[out->count], why, sizeof why) != 0) {
            fprintf(stderr, "%s: --set %s\n", program, why);
            return 2;
        } else {
            out->count++;
        }
    }
    argv[kept] = NULL;
    *argc = kept;
    return 0;
}

void ktpsim_print_errors(const scenario_errors *errors)
{
    for (size_t i = 0; i < errors->count; i++)
        fprintf(stderr, "%s\n", errors->messages[i]);
    if (errors->dropped > 0)
        fprintf(stderr, "ktpsim: %zu more errors not shown\n", errors->dropped);
}

int ktpsim_changes_load(const char *path, const ktpsim_changes *changes, scenario **out)
{
    scenario_errors errors;
    scenario_errors_init(&errors);
    int status = scenario_load_file_with(path, changes->items, changes->count, changes->region,
                                         out, &errors);
    ktpsim_print_errors(&errors);
    scenario_errors_fini(&errors);
    return status;
}

int ktpsim_changes_record(const ktpsim_changes *changes, summary *s)
{
    size_t n = changes->count + (changes->region != NULL);
    if (n == 0)
        return 0;
    s->changes = calloc(n, sizeof *s->changes);
    if (s->changes == NULL)
        return -1;
    for (size_t i = 0; i < changes->count; i++) {
        const scenario_change *c = &changes->items[i];
        size_t size = strlen(c->pointer) + strlen(c->value) + 2;
        if ((s->changes[i] = malloc(size)) == NULL)
            return -1;
        snprintf(s->changes[i], size, "%s=%s", c->pointer, c->value);
        s->change_count = i + 1;
    }
    if (changes->region != NULL) {
        size_t size = strlen(changes->region) + 10;
        if ((s->changes[n - 1] = malloc(size)) == NULL)
            return -1;
        snprintf(s->changes[n - 1], size, "--region %s", changes->region);
        s->change_count = n;
    }
    return 0;
}
