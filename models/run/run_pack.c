/* One replication's results as bytes (models/run/run.h, run_batch_pack): how a replication run
 * in another process reaches the one that reduces. The layout is the structs' own memory with
 * every owned array written after its struct, so it is only for processes running the same
 * build; a header of struct sizes turns a mismatch into an error instead of garbage. */
#include "models/run/run_slots.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACK_MAGIC 0x4b545052u /* "KTPR" */

typedef struct writer {
    unsigned char *bytes;
    size_t size, capacity;
    int failed;
} writer;

typedef struct reader {
    const unsigned char *bytes;
    size_t size, at;
    int failed;
} reader;

static void put(writer *w, const void *p, size_t n)
{
    if (w->failed || n == 0)
        return;
    if (w->size + n > w->capacity) {
        size_t capacity = w->capacity ? w->capacity : 4096;
        while (capacity < w->size + n)
            capacity *= 2;
        unsigned char *grown = realloc(w->bytes, capacity);
        if (!grown) {
            w->failed = 1;
            return;
        }
        w->bytes = grown;
        w->capacity = capacity;
    }
    memcpy(w->bytes + w->size, p, n);
    w->size += n;
}

static void get(reader *r, void *p, size_t n)
{
    if (r->failed || n > r->size - r->at) {
        r->failed = 1;
        return;
    }
    memcpy(p, r->bytes + r->at, n);
    r->at += n;
}

/* An owned array of count elements, or NULL: a presence byte, then the elements. */
static void put_array(writer *w, const void *p, size_t count, size_t element)
{
    unsigned char present = p != NULL;
    put(w, &present, 1);
    if (present)
        put(w, p, count * element);
}

static void *get_array(reader *r, size_t count, size_t element)
{
    unsigned char present = 0;
    get(r, &present, 1);
    if (r->failed || !present)
        return NULL;
    if (count > (r->size - r->at) / (element ? element : 1)) {
        r->failed = 1;
        return NULL;
    }
    void *p = malloc(count * element > 0 ? count * element : 1);
    if (!p) {
        r->failed = 1;
        return NULL;
    }
    get(r, p, count * element);
    return p;
}

typedef struct pack_header {
    uint32_t magic;
    uint32_t sizes[5]; /* slot, recording_result, pipeline_totals, balance, supply_result */
    uint64_t region_count;
    int32_t horizon_days;
} pack_header;

static pack_header header_for(const scenario *s, size_t region_count)
{
    pack_header h;
    memset(&h, 0, sizeof h);
    h.magic = PACK_MAGIC;
    h.sizes[0] = sizeof(replication_slot);
    h.sizes[1] = sizeof(recording_result);
    h.sizes[2] = sizeof(pipeline_totals);
    h.sizes[3] = sizeof(pipeline_balance);
    h.sizes[4] = sizeof(supply_result);
    h.region_count = region_count;
    h.horizon_days = s->horizon_days;
    return h;
}

static void put_hist(writer *w, const pipeline_hist *h)
{
    put(w, &h->bins, sizeof h->bins);
    put(w, &h->total, sizeof h->total);
    put_array(w, h->upper_s, h->bins, sizeof *h->upper_s);
    put_array(w, h->count, h->bins, sizeof *h->count);
}

static void get_hist(reader *r, pipeline_hist *h)
{
    memset(h, 0, sizeof *h);
    get(r, &h->bins, sizeof h->bins);
    get(r, &h->total, sizeof h->total);
    if (r->failed || h->bins > (r->size - r->at) / sizeof(double)) {
        r->failed = 1;
        return;
    }
    h->upper_s = get_array(r, h->bins, sizeof *h->upper_s);
    h->count = get_array(r, h->bins, sizeof *h->count);
}

int run__pack_slot(const scenario *s, const replication_slot *slot, void **bytes, size_t *size)
{
    writer w = {0};
    size_t n = slot->region_count, days = (size_t)s->horizon_days;
    pack_header h = header_for(s, n);
    put(&w, &h, sizeof h);
    put(&w, slot, sizeof *slot);
    for (size_t i = 0; i < n; i++) {
        const recording_result *rec = &slot->recording[i];
        put(&w, rec, sizeof *rec);
        put_array(&w, rec->waits_s, rec->wait_count, sizeof *rec->waits_s);
        const pipeline_totals *t = &slot->totals[i];
        put(&w, t, sizeof *t);
        put_hist(&w, &t->ttc);
        put_hist(&w, &t->in_hand);
        put_hist(&w, &t->rec_wait);
        put(&w, &slot->balance[i], sizeof slot->balance[i]);
        put_array(&w, slot->daily[i], days * DAILY_COLUMNS, sizeof(double));
    }
    if (slot->has_supply) {
        put_array(&w, slot->supply.daily, days * SUPPLY_DAILY_COLUMNS, sizeof(double));
        put_array(&w, slot->supply.region_in_transit, n, sizeof(double));
    }
    if (w.failed) {
        free(w.bytes);
        return -1;
    }
    *bytes = w.bytes;
    *size = w.size;
    return 0;
}

static void get_region(reader *r, replication_slot *slot, size_t i, size_t days)
{
    recording_result *rec = &slot->recording[i];
    get(r, rec, sizeof *rec);
    rec->waits_s = get_array(r, rec->wait_count, sizeof *rec->waits_s);
    rec->wait_capacity = rec->waits_s ? rec->wait_count : 0;
    pipeline_totals *t = &slot->totals[i];
    get(r, t, sizeof *t);
    /* get_hist replaces the sender's histogram pointers */
    get_hist(r, &t->ttc);
    get_hist(r, &t->in_hand);
    get_hist(r, &t->rec_wait);
    get(r, &slot->balance[i], sizeof slot->balance[i]);
    slot->daily[i] = get_array(r, days * DAILY_COLUMNS, sizeof(double));
}

int run__unpack_slot(const scenario *s, const void *bytes, size_t size, replication_slot *slot,
                    char *why, size_t why_size)
{
    reader r = {bytes, size, 0, 0};
    pack_header h, want = header_for(s, s->region_count);
    memset(slot, 0, sizeof *slot);
    get(&r, &h, sizeof h);
    if (r.failed || memcmp(&h, &want, sizeof h) != 0) {
        snprintf(why, why_size, "its results come from a different ktpsim build or scenario "
                 "(every rank needs the same binary and scenario file)");
        return -1;
    }
    get(&r, slot, sizeof *slot);
    /* The copied pointers were the sender's: clear them before anything can free them. */
    slot->recording = NULL;
    slot->totals = NULL;
    slot->balance = NULL;
    slot->daily = NULL;
    slot->supply.daily = NULL;
    slot->supply.region_in_transit = NULL;
    size_t n = slot->region_count, days = (size_t)s->horizon_days;
    if (r.failed || n != s->region_count) {
        memset(slot, 0, sizeof *slot);
        snprintf(why, why_size, "its results are truncated");
        return -1;
    }
    slot->recording = calloc(n, sizeof *slot->recording);
    slot->totals = calloc(n, sizeof *slot->totals);
    slot->balance = calloc(n, sizeof *slot->balance);
    slot->daily = calloc(n, sizeof *slot->daily);
    r.failed |= !slot->recording || !slot->totals || !slot->balance || !slot->daily;
    for (size_t i = 0; i < n && !r.failed; i++)
        get_region(&r, slot, i, days);
    if (slot->has_supply && !r.failed) {
        slot->supply.daily = get_array(&r, days * SUPPLY_DAILY_COLUMNS, sizeof(double));
        slot->supply.region_in_transit = get_array(&r, n, sizeof(double));
    }
    if (r.failed || r.at != r.size) {
        replication_slot_fini(slot);
        snprintf(why, why_size, "its results are truncated or out of memory");
        return -1;
    }
    return 0;
}
