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
