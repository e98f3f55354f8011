/* The journey: takes each applicant from the recording office's hook through network,
 * ABIS, review, printing, blanks and collection, keeping per-place counts (for queues and
 * the conservation invariant), per-stage times and the region's totals and daily rows. The
 * routes below are the one seam between stages: each stage gets its exit at init
 * (pipeline_setup.c) and never names the next stage. */
#include "models/card/pipeline_run.h"
#include "models/abis/abis_embedded.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#define POOL_BLOCK PIPELINE_POOL_BLOCK

static const pipeline_stage stage_of_place[PLACE_COUNT] = {
    STAGE_RECORDING, STAGE_NETWORK, STAGE_DEDUP, STAGE_REVIEW, STAGE_NETWORK, STAGE_PRINTING,
    STAGE_BLANKS};

gsl_rng *pipeline_stream(sim_rng_streams *streams, const char *purpose,
                         const pipeline_region *r)
{
    char name[64];
    snprintf(name, sizeof name, "%s/%s", purpose, r->config->code);
    return sim_rng_streams_get(streams, name);
}

void pipeline_mark_failed(pipeline *p)
{
    p->failed = 1;
}

void pipeline_fail_at(pipeline_region *r, const char *file)
{
    pipeline *p = r->owner;
    p->failed = 1;
    if (p->failure[0] != '\0')
        return;
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t length = strcspn(base, ".");
    char why[200];
    sim_calendar_refusal_message(p->cal, why, sizeof why);
    snprintf(p->failure, sizeof p->failure, "region %s, %.*s: %s", r->config->code, (int)length,
             base, why[0] ? why : "a step of the model failed");
}

int64_t pipeline_central_take(pipeline *p, int64_t wanted)
{
    if (p->central_blanks < 0)
        return wanted;
    int64_t granted = wanted < p->central_blanks ? wanted : p->central_blanks;
    p->central_blanks -= granted;
    return granted;
}

static pipeline_applicant *applicant_get(pipeline *p)
{
    if (p->free_list == NULL) {
        if (p->block_count == p->block_capacity) {
            size_t capacity = p->block_capacity ? 2 * p->block_capacity : 16;
            void **grown = realloc(p->blocks, capacity * sizeof *grown);
            if (grown == NULL)
                return NULL;
            p->blocks = grown;
            p->block_capacity = capacity;
        }
        pipeline_applicant *block = malloc(POOL_BLOCK * sizeof *block);
        if (block == NULL)
            return NULL;
        p->blocks[p->block_count++] = block;
        for (int i = POOL_BLOCK - 1; i >= 0; i--) {
            block[i].next = p->free_list;
            p->free_list = &block[i];
        }
    }
    pipeline_applicant *a = p->free_list;
    p->free_list = a->next;
    memset(a, 0, sizeof *a);
    p->live++;
    if (p->live > p->peak_live)
        p->peak_live = p->live;
    return a;
}

static void applicant_put(pipeline_applicant *a)
{
    pipeline *p = a->region->owner;
    a->region->alive--;
    a->next = p->free_list;
    p->free_list = a;
    p->live--;
}

/* Ends the current place (its time goes to its stage) and enters `place`. */
void pipeline_move(pipeline_applicant *a, pipeline_place place)
{
    pipeline_region *r = a->region;
    double now = sim_calendar_now(r->owner->cal);
    a->stage_s[stage_of_place[a->place]] += (float)(now - a->entered_s);
    r->in_place[a->place]--;
    r->in_place[place]++;
    a->place = (uint8_t)place;
    a->entered_s = now;
}

static void leave(pipeline_applicant *a)
{
    pipeline_region *r = a->region;
    double now = sim_calendar_now(r->owner->cal);
    a->stage_s[stage_of_place[a->place]] += (float)(now - a->entered_s);
    r->in_place[a->place]--;
    applicant_put(a);
}

/* Measured, and arrived early enough that the one-hour outcome is known at the horizon. */
static int due(const pipeline_applicant *a)
{
    const pipeline *p = a->region->owner;
    return a->measured && a->arrival_s <= p->horizon_s - SCENARIO_CARD_TARGET_S;
}

/* Leaves with a decision that needs no card (a duplicate, an IKD holder wanting none). */
static void leave_without_card(pipeline_applicant *a)
{
    pipeline_region *r = a->region;
    r->measured_done += a->measured;
    r->due_not_owed += (uint64_t)due(a);
    leave(a);
}

static void send_up(pipeline_applicant *a)
{
    pipeline_move(a, PLACE_UPLOAD);
    if (network_send(&a->region->link, a, 1) != 0)
        pipeline_fail(a->region);
}

static void downloaded(pipeline_applicant *a);

void pipeline_on_recorded(void *ctx, double arrival_s, double start_s, double end_s)
{
    pipeline_region *r = ctx;
    pipeline *p = r->owner;
    pipeline_applicant *a = applicant_get(p);
    if (a == NULL) {
        p->failed = 1;
        return;
    }
    a->region = r;
    r->alive++;
    a->arrival_s = arrival_s;
    a->entered_s = end_s;
    a->place = PLACE_UPLOAD;
    r->in_place[PLACE_UPLOAD]++;
    a->stage_s[STAGE_RECORDING] = (float)(end_s - arrival_s);
    a->measured = arrival_s >= p->measure_from_s;
    a->first_time = gsl_rng_uniform(r->first_time_rng) < r->config->blanks.first_time_share;
    if (a->measured) {
        r->totals.recorded++;
        r->totals.rec_wait_sum += start_s - arrival_s;
        r->totals.rec_wait_count++;
        pipeline_hist_add(&r->totals.rec_wait, start_s - arrival_s);
    }
    /* A reprint: the record is already central, so the card goes straight to printing. */
    if (!a->first_time && r->reprint_rng != NULL &&
        gsl_rng_uniform(r->reprint_rng) < r->config->recording.reprint_share) {
        a->rerecord = 0;
        downloaded(a);
        return;
    }
    if (network_send(&r->link, a, 1) != 0)
        p->failed = 1;
}

static void uploaded(pipeline_applicant *a)
{
    pipeline_region *r = a->region;
    if (a->measured) {
        r->totals.upload_sum += sim_calendar_now(r->owner->cal) - a->entered_s;
        r->totals.upload_count++;
    }
    pipeline_move(a, PLACE_DEDUP);
    if (abis_submit(r->owner->abis, a) != 0)
        pipeline_fail(r);
}

static void send_down(pipeline_applicant *a, int rerecord)
{
    a->rerecord = (uint8_t)rerecord;
    pipeline_move(a, PLACE_DOWNLOAD);
    if (network_send(&a->region->link, a, 0) != 0)
        pipeline_fail(a->region);
}

void pipeline_abis_result(void *owner, void *record, abis_outcome outcome)
{
    (void)owner;
    pipeline_applicant *a = record;
    pipeline_region *r = a->region;
    int measured = a->measured;
    switch (outcome) {
    case ABIS_DUPLICATE:
        r->duplicates++;
        r->totals.duplicates_found += measured;
        leave_without_card(a);
        break;
    case ABIS_ADJUDICATE:
        r->totals.adjudicated += measured;
        pipeline_move(a, PLACE_REVIEW);
        break;
    case ABIS_ENROL_FAILURE:
        r->totals.enrol_failures += measured;
        send_down(a, 1);
        break;
    case ABIS_PRINT_READY:
        if (a->first_time && r->owner->ikd != NULL) /* now a NIK holder: may adopt IKD */
            ikd_adoption_new_eligible(r->owner->ikd, r->index);
        send_down(a, 0);
        break;
    }
}

/* Recorded again after an enrol failure (the office's hook; ctx is the region). */
void pipeline_recorded_again(void *ctx, void *tag, double end_s)
{
    (void)ctx;
    (void)end_s;
    send_up(tag);
}

/* The dedup result is back at the office: print, or record the person again. */
static void downloaded(pipeline_applicant *a)
{
    pipeline_region *r = a->region;
    if (a->rerecord) {
        pipeline_move(a, PLACE_RERECORD);
        if (recording_office_record_again(r->office, a) != 0)
            pipeline_fail(r);
        return;
    }
    /* The double track: a replacement by an IKD holder who no longer wants the card. */
    if (!a->first_time && r->owner->ikd != NULL &&
        ikd_adoption_ikd_only(r->owner->ikd, r->index, a->measured)) {
        r->ikd_only++;
        leave_without_card(a);
        return;
    }
    if (printing_submit(&r->printing, a) != 0)
        pipeline_fail(r);
}

void pipeline_after_link(pipeline_applicant *a)
{
    if (a->upward)
        uploaded(a);
    else
        downloaded(a);
}

void pipeline_after_backlog(pipeline_applicant *a)
{
    if (printing_submit(&a->region->printing, a) != 0)
        pipeline_fail(a->region);
}

const double pipeline_ttc_bin_upper_s[PIPELINE_TTC_BINS - 1] = {3600, 7200, 10800, 21600, 86400};

/* Card printed: the journey's metrics, then collection (no event needed: the time in hand
 * is known now). */
void pipeline_printed(pipeline_applicant *a)
{
    pipeline_region *r = a->region;
    pipeline *p = r->owner;
    double now = sim_calendar_now(p->cal);
    pipeline_move(a, PLACE_PRINT); /* adds the print time to the printing stage */
    r->printed++;
    abis_embedded_card_printed(p->abis, a); /* the registry file's card, embedded runs only */
    r->day_counts[DAILY_PRINTED]++;
    int same_day = floor(now / SIM_DAY_S) == floor(a->arrival_s / SIM_DAY_S);
    double in_hand = now;
    if (!(same_day && gsl_rng_uniform(r->collect_rng) < r->config->collection.wait_share))
        in_hand += sim_dist_sample(&r->config->collection.return_delay, r->collect_rng);
    long day = (long)floor(in_hand / SIM_DAY_S);
    if (in_hand < p->horizon_s && day >= 0 && day < p->s->horizon_days)
        r->daily[(size_t)day * DAILY_COLUMNS + DAILY_COLLECTED]++;
    if (now >= p->measure_from_s) {
        double ttc = now - a->arrival_s;
        int bin = 0;
        while (bin < PIPELINE_TTC_BINS - 1 && ttc > pipeline_ttc_bin_upper_s[bin])
            bin++;
        r->totals.printed_window++;
        r->totals.printed_bin[bin]++;
    }
    if (a->measured) {
        pipeline_totals *t = &r->totals;
        double ttc = now - a->arrival_s;
        r->measured_done++;
        t->cards_printed++;
        t->ttc_sum += ttc;
        t->within_1h += ttc <= SCENARIO_CARD_TARGET_S && due(a);
        pipeline_hist_add(&t->ttc, ttc);
        t->in_hand_sum += in_hand - a->arrival_s;
        t->in_hand_count++;
        pipeline_hist_add(&t->in_hand, in_hand - a->arrival_s);
        for (int s = 0; s < STAGE_COLLECTION; s++)
            t->stage_sum[s] += a->stage_s[s];
        t->stage_sum[STAGE_COLLECTION] += in_hand - now;
        t->dedup_sum += a->stage_s[STAGE_DEDUP] + a->stage_s[STAGE_REVIEW];
        t->dedup_count++;
        t->print_wait_sum += a->stage_s[STAGE_PRINTING] + a->stage_s[STAGE_BLANKS];
        t->print_wait_count++;
    }
    leave(a);
}
