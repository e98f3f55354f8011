/* The calibration plot of the report: the model's share of cards in each published bin of
 * time to card (mean over replications, with its 95% interval) beside the published share,
 * drawn when the scenario named a published distribution (its `observed` block). */
#include <math.h>
#include <stdio.h>

#include "viz/report_internal.h"
#include "viz/status.h"

int viz__plot_observed(viz__report *rep, char *why, size_t why_size)
{
    const viz_results *r = rep->r;
    const viz_observed *o = &r->observed;
    viz_text dat, gp;
    viz_text_init(&dat);
    viz_text_init(&gp);
    viz_text_append(&dat, "# bin model model_lo model_hi published (shares in %)\n");
    for (int b = 0; b < VIZ_OBSERVED_BINS; b++) {
        const viz_stat *s = viz_results_metric(r, viz_observed_metrics[b]);
        double mean = s && (s->has & VIZ_HAS_MEAN) ? s->mean : NAN;
        int ci = s && (s->has & VIZ_HAS_CI);
        viz__dat_string(&dat, viz_observed_labels[b]);
        viz__dat_number(&dat, 100 * mean);
        viz__dat_number(&dat, 100 * (ci ? s->ci_lo : mean));
        viz__dat_number(&dat, 100 * (ci ? s->ci_hi : mean));
        viz__dat_number(&dat, 100 * o->share[b]);
        viz_text_append(&dat, "\n");
    }
    viz__gp_begin(&gp, "observed", "Time to card: the model against the published distribution");
    viz_text_append(&gp, "set xlabel 'hours from application to card printed'\n"
                         "set ylabel 'share of cards printed (%)'\nset yrange [0:*]\n"
                         "set style fill solid 0.7 border -1\nset boxwidth 0.36\n"
                         "set key outside bottom center\nset grid ytics\n"
                         "plot 'observed.dat' using ($0-0.19):2:xtic(1) with boxes "
                         "lc rgb '#1f77b4' title 'model (mean of the replications)', \\\n"
                         "     '' using ($0-0.19):2:3:4 with yerrorbars lc rgb '#000000' pt -1 "
                         "title 'model 95% CI', \\\n"
                         "     '' using ($0+0.19):5 with boxes lc rgb '#ff7f0e' title ");
    char title[600];
    snprintf(title, sizeof title, "published%s%s", o->source[0] ? ": " : "", o->source);
    viz__gp_string(&gp, title);
    viz_text_append(&gp, "\n");
    viz__gp_end(&gp, "observed");
    char caption[512];
    if (o->what[0])
        snprintf(caption, sizeof caption, "The model's share of cards in each published bin of "
                 "time to card beside the published share (%s).", o->what);
    else
        snprintf(caption, sizeof caption, "The model's share of cards in each published bin of "
                 "time to card beside the published share.");
    return viz__plot_add(rep, "observed", caption, &dat, &gp, why, why_size);
}
