/* Printing at the office: printers (a sim_resource following the office's hours, with
 * optional breakdowns) take one blank per attempt when the attempt starts; a misprint
 * spoils its blank and the card is printed again. No blank at the start of an attempt: the
 * printer is released and the person joins the suket backlog (models/card/blanks.c). */
#include "models/card/pipeline.h"

#include <math.h>
#include <stdio.h>
#include <gsl/gsl_rng.h>

typedef struct print_job {
    pipeline_applicant *a;
} print_job;

static void start_attempt(printing_office *p, pipeline_applicant *a);

static printing_office *office_of(pipeline_applicant *a)
{
    return &a->region->printing;
}

static void on_attempt_done(sim_calendar *cal, void *ctx)
{
    (void)cal;
    pipeline_applicant *a = ctx;
    printing_office *p = office_of(a);
    int spoiled = gsl_rng_uniform(p->misprint_rng) < p->config->misprint_share;
    blank_store_attempt_done(&a->region->blanks, spoiled);
    if (spoiled) {
        start_attempt(p, a); /* keeps the printer */
        return;
    }
    if (sim_resource_release(&p->printers) != SIM_OK)
        pipeline_fail(a->region);
    p->exit(a);
}

/* Holding a printer: take a blank and print, or give the printer back and wait for blanks. */
static void start_attempt(printing_office *p, pipeline_applicant *a)
{
    if (!blank_store_take(&a->region->blanks)) {
        if (sim_resource_release(&p->printers) != SIM_OK)
            pipeline_fail(a->region);
        blank_store_wait(&a->region->blanks, a);
        return;
    }
    double print_s = sim_dist_sample(&p->config->print_time, p->time_rng);
    sim_calendar *cal = a->region->owner->cal;
    double now = sim_calendar_now(cal), end = now + print_s;
    if (a->region->config->power.has_cuts)
        end = outage_advance(&a->region->power, now, print_s);
    if (!isfinite(end) || sim_calendar_schedule(cal, end, on_attempt_done, a, NULL) != SIM_OK)
        pipeline_fail(a->region);
}

static void on_printer(sim_resource *r, void *ctx)
{
    (void)r;
    pipeline_applicant *a = ctx;
    start_attempt(office_of(a), a);
}

int printing_submit(printing_office *p, pipeline_applicant *a)
{
    pipeline_move(a, PLACE_PRINT);
    return sim_resource_request(&p->printers, a, on_printer) == SIM_OK ? 0 : -1;
}

int printing_office_init(printing_office *p, pipeline_region *region, sim_rng_streams *streams,
                         pipeline_exit printed)
{
    p->config = &region->config->printing;
    p->exit = printed;
    p->time_rng = pipeline_stream(streams, "printing.time", region);
    p->misprint_rng = pipeline_stream(streams, "printing.misprint", region);
    if (p->time_rng == NULL || p->misprint_rng == NULL ||
        sim_resource_init(&p->printers, region->owner->cal, p->config->printers) != SIM_OK ||
        sim_resource_follow_schedule(&p->printers, &region->hours) != SIM_OK)
        return -1;
    snprintf(p->label, sizeof p->label, "the printers of region %s", region->config->code);
    sim_resource_set_label(&p->printers, p->label);
    if (p->config->has_breakdowns) {
        p->failure_rng = pipeline_stream(streams, "printing.failure", region);
        if (p->failure_rng == NULL ||
            sim_resource_set_breakdowns(&p->printers, &p->config->time_to_failure,
                                        &p->config->repair_time, p->failure_rng) != SIM_OK)
            return -1;
    }
    return 0;
}

void printing_office_fini(printing_office *p)
{
    sim_resource_fini(&p->printers);
}
