/* Targets on result metrics: parsing "METRIC OP VALUE" and the probability that a replication
 * (a quarter, a year: whatever the scenario's horizon is) meets it, with a Wilson interval
 * (sim/stats), which stays inside [0, 1] and is not empty when all or none meet it. */
#include "app/ktpsim_target.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/run/metrics.h"
#include "models/run/summary.h"
#include "sim/stats.h"

static const struct { const char *text; ktpsim_op op; } ops[] = {
    {">=", KTPSIM_GE}, {"<=", KTPSIM_LE}, {"==", KTPSIM_EQ}, {">", KTPSIM_GT},
    {"<", KTPSIM_LT}, {"=", KTPSIM_EQ}};

int ktpsim_target_parse(const char *text, ktpsim_target *out, char *why, size_t why_size)
{
    memset(out, 0, sizeof *out);
    snprintf(out->text, sizeof out->text, "%s", text);
    size_t name = 0;
    while (text[name] == '_' || islower((unsigned char)text[name]) ||
           isdigit((unsigned char)text[name]))
        name++;
    if (name == 0 || name >= sizeof out->metric) {
        snprintf(why, why_size, "expected METRIC OP VALUE (e.g. cards_within_1h_share>=0.9), "
                 "got \"%s\"", text);
        return -1;
    }
    memcpy(out->metric, text, name);
    const char *rest = text + name;
    while (*rest == ' ')
        rest++;
    size_t k = 0;
    while (k < sizeof ops / sizeof ops[0] && strncmp(rest, ops[k].text, strlen(ops[k].text)) != 0)
        k++;
    if (k == sizeof ops / sizeof ops[0]) {
        snprintf(why, why_size, "expected a comparison (>=, >, <=, <, ==) after \"%s\", got "
                 "\"%s\"", out->metric, rest);
        return -1;
    }
    out->op = ops[k].op;
    rest += strlen(ops[k].text);
    char *end = NULL;
    errno = 0;
    out->value = strtod(rest, &end);
    while (end != NULL && *end == ' ')
        end++;
    if (end == rest || errno != 0 || *end != '\0' || !isfinite(out->value)) {
        snprintf(why, why_size, "expected a number after \"%.*s\", got \"%s\"",
                 (int)(rest - text), text, rest);
        return -1;
    }
    return 0;
}

int ktpsim_target_met(const ktpsim_target *t, double x)
{
    if (isnan(x))
        return 0;
    switch (t->op) {
    case KTPSIM_GE: return x >= t->value;
    case KTPSIM_GT: return x > t->value;
    case KTPSIM_LE: return x <= t->value;
    case KTPSIM_LT: return x < t->value;
    default: return x == t->value;
    }
}

void ktpsim_target_evaluate(const ktpsim_target *t, const double *values, size_t n,
                            ktpsim_target_result *out)
{
    out->met = out->trials = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(values[i]))
            continue;
        out->trials++;
        out->met += (size_t)ktpsim_target_met(t, values[i]);
    }
    sim_ci ci;
    sim_stats_wilson(out->met, out->trials, 0.95, &ci);
    out->probability = ci.mean;
    out->lo = ci.lo;
    out->hi = ci.hi;
}

static void to_share(const ktpsim_target *t, const summary_metric *m, summary_target_share *out)
{
    ktpsim_target_result r = {0, 0, NAN, NAN, NAN};
    if (m != NULL)
        ktpsim_target_evaluate(t, m->values, m->replications, &r);
    *out = (summary_target_share){r.met, r.trials, r.probability, r.lo, r.hi};
}

int ktpsim_targets_apply(summary *s, const ktpsim_target *targets, size_t count, char *why,
                         size_t why_size)
{
    for (size_t k = 0; k < count; k++)
        if (summary_find(s, targets[k].metric) == NULL) {
            snprintf(why, why_size, "--target %s: this run has no metric \"%s\" (the metrics "
                     "are the keys of summary.json's \"metrics\"; docs/results.md)",
                     targets[k].text, targets[k].metric);
            return -1;
        }
    s->targets = calloc(count ? count : 1, sizeof *s->targets);
    if (s->targets == NULL) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    for (size_t k = 0; k < count; k++) {
        summary_target *g = &s->targets[s->target_count++];
        snprintf(g->text, sizeof g->text, "%s", targets[k].text);
        to_share(&targets[k], summary_find(s, targets[k].metric), &g->national);
        g->regions = calloc(s->region_count ? s->region_count : 1, sizeof *g->regions);
        if (g->regions == NULL) {
            snprintf(why, why_size, "out of memory");
            return -1;
        }
        for (size_t i = 0; i < s->region_count; i++)
            to_share(&targets[k], summary_block_find(&s->regions[i], targets[k].metric),
                     &g->regions[i]);
    }
    return 0;
}

static void print_share(const char *label, const summary_target_share *t)
{
    if (t->trials == 0)
        printf("  %-30.30s no replication has a value: n/a\n", label);
    else
        printf("  %-30.30s met in %zu of %zu replications: probability %.2f [%.2f, %.2f]\n",
               label, t->met, t->trials, t->probability, t->lo, t->hi);
}

void ktpsim_targets_print(const summary *s, size_t top)
{
    size_t *order = malloc((s->region_count ? s->region_count : 1) * sizeof *order);
    for (size_t k = 0; order != NULL && k < s->target_count; k++) {
        const summary_target *g = &s->targets[k];
        printf("target %s (Wilson 95%% interval of the probability that a replication meets "
               "it):\n", g->text);
        print_share("all regions", &g->national);
        if (s->region_count < 2)
            continue;
        /* least likely first (regions without a value last; ties: scenario order) */
        for (size_t i = 0; i < s->region_count; i++) {
            size_t at = i;
            while (at > 0) {
                const summary_target_share *p = &g->regions[order[at - 1]], *q = &g->regions[i];
                int before = p->trials == 0 ? q->trials > 0
                                            : q->trials > 0 && q->probability < p->probability;
                if (!before)
                    break;
                order[at] = order[at - 1];
                at--;
            }
            order[at] = i;
        }
        size_t shown = s->region_count < top ? s->region_count : top;
        for (size_t j = 0; j < shown; j++) {
            char label[64];
            snprintf(label, sizeof label, "%s %.40s", s->regions[order[j]].code,
                     s->regions[order[j]].name);
            print_share(label, &g->regions[order[j]]);
        }
        if (shown < s->region_count)
            printf("  (%zu of %zu regions, least likely first; all in summary.json)\n", shown,
                   s->region_count);
    }
    free(order);
}

int ktpsim_targets_known(const ktpsim_target *targets, size_t count, char *why,
                         size_t why_size)
{
    size_t table_size;
    const run_metric *table = run_metrics(&table_size);
    for (size_t k = 0; k < count; k++) {
        size_t m = 0;
        while (m < table_size && strcmp(table[m].name, targets[k].metric) != 0)
            m++;
        if (m == table_size) {
            snprintf(why, why_size, "--target %s: no metric \"%s\" (the metrics are listed in "
                     "docs/results.md)", targets[k].text, targets[k].metric);
            return -1;
        }
    }
    return 0;
}
