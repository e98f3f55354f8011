/* The report's "Probability of meeting the target" section (summary.json "targets"): for each
 * target, the share of replications that met it with its Wilson 95% interval, for the whole
 * scenario and for the regions least likely to meet it. */
#include <stdlib.h>

#include "viz/report_internal.h"

#define MAX_TARGET_ROWS 30

static void share_row(viz_text *t, const char *where, const viz_target_share *s)
{
    viz_text_append(t, "<tr><td class=\"text\">");
    viz_text_append_html(t, where);
    viz_text_printf(t, "</td><td>%.0f of %.0f</td><td>", s->met, s->trials);
    if (s->has_interval)
        viz_text_printf(t, "%.1f%%</td><td>%.1f%% &ndash; %.1f%%", 100 * s->probability,
                        100 * s->lo, 100 * s->hi);
    else
        viz_text_append(t, "n/a</td><td>n/a");
    viz_text_append(t, "</td></tr>\n");
}

/* Regions with an interval, least likely first (ties: scenario order), at most max. */
static size_t least_likely(const viz_target *g, size_t n, size_t *idx, size_t max)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!g->regions[i].present || !g->regions[i].has_interval)
            continue;
        size_t at = count < max ? count++ : max;
        while (at > 0 && g->regions[idx[at - 1]].probability > g->regions[i].probability) {
            if (at < max)
                idx[at] = idx[at - 1];
            at--;
        }
        if (at < max)
            idx[at] = i;
    }
    return count;
}

void viz__html_targets(viz_text *t, const viz_results *r)
{
    if (r->target_count == 0)
        return;
    size_t *idx = malloc(MAX_TARGET_ROWS * sizeof *idx);
    if (idx == NULL) {
        t->failed = 1;
        return;
    }
    viz_text_append(t, "<h2>Probability of meeting the target</h2>\n<p class=\"meta\">The "
                       "share of replications (each one run of the scenario's period) in "
                       "which the target was met, with its Wilson 95% interval.</p>\n");
    for (size_t k = 0; k < r->target_count; k++) {
        const viz_target *g = &r->targets[k];
        viz_text_append(t, "<h3><code>");
        viz_text_append_html(t, g->text);
        viz_text_append(t, "</code></h3>\n<table>\n<tr><th class=\"text\">where</th>"
                           "<th>met in</th><th>probability</th><th>Wilson 95%</th></tr>\n");
        share_row(t, "all regions", &g->national);
        size_t shown = least_likely(g, r->region_count, idx, MAX_TARGET_ROWS);
        for (size_t i = 0; i < shown; i++) {
            char label[300];
            viz__region_label(&r->regions[idx[i]], label, sizeof label);
            share_row(t, label, &g->regions[idx[i]]);
        }
        viz_text_append(t, "</table>\n");
        if (r->region_count > shown)
            viz_text_printf(t, "<p class=\"meta\">The %zu regions least likely to meet it "
                               "are shown.</p>\n", shown);
    }
    free(idx);
}
