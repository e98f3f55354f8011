/* `ktpabis load`, second half: taking the answers (latency, candidates against the known
 * mate, pendingJobs samples) and reporting them as JSON, a plot and a calibration file. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "app/ktpabis_load.h"
#include "app/ktpcore_bio.h"
#include "service/status.h"

static int candidates_outcome(const cJSON *r, uint64_t mate)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(r, "candidateList");
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(list, "candidates"), *c;
    char want[64];
    snprintf(want, sizeof want, "person-%llu", (unsigned long long)(mate ? mate - 1 : 0));
    int bits = 0;
    cJSON_ArrayForEach(c, items) {
        const cJSON *ref = cJSON_GetObjectItemCaseSensitive(c, "referenceId");
        bits |= LOAD_ANY_CANDIDATE;
        if (mate && cJSON_IsString(ref) && strcmp(ref->valuestring, want) == 0)
            bits |= LOAD_MATE_FOUND;
    }
    return bits;
}

static void take(load_run *L, const char *body, size_t len, double at, long long *answered)
{
    cJSON *r = cJSON_ParseWithLength(body, len);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "requestId");
    const cJSON *rv = cJSON_GetObjectItemCaseSensitive(r, "returnValue");
    long long k;
    int n;
    char prefix[64];
    size_t np = (size_t)snprintf(prefix, sizeof prefix, "load-%s-", L->run_id);
    const char *text = cJSON_IsString(id) ? id->valuestring : "";
    int ours = strncmp(text, prefix, np) == 0;
    if (ours && sscanf(text + np, "%lld%n", &k, &n) == 1 && !text[np + (size_t)n] && k >= 0 &&
        k < L->arrivals && L->done_s[k] == 0) {
        int ok = cJSON_IsString(rv) && strcmp(rv->valuestring, "1") == 0;
        L->done_s[k] = at;
        L->outcome[k] = ok ? LOAD_OK | candidates_outcome(r, L->mate[k]) : LOAD_FAILED;
        (*answered)++;
    } else if (snprintf(prefix, sizeof prefix, "pj-%s-", L->run_id) > 0 &&
               strncmp(text, prefix, strlen(prefix)) == 0 &&
               sscanf(text + strlen(prefix), "%lld", &k) == 1 && k >= 0 && k < L->n_pending_sent) {
        const cJSON *jobs = cJSON_GetObjectItemCaseSensitive(r, "jobscount");
        L->pending_at_s[k] = at;
        L->pending_jobs[k] = cJSON_IsString(jobs) ? atoll(jobs->valuestring) : -1;
    }
    cJSON_Delete(r);
}

void load_collect(load_run *L)
{
    long long answered = 0;
    double last_progress = ktpcore_bio_now();
    while (answered < L->arrivals && !L->failed) {
        svc_stomp_frame f;
        int rc = svc_stomp_receive(L->recv_conn, 200, &f, NULL, 0);
        double at = ktpcore_bio_now();
        if (rc == 0) {
            if (strcmp(f.command, "MESSAGE") == 0) {
                const char *ack = svc_stomp_header(&f, "ack");
                if (ack)
                    svc_stomp_ack(L->recv_conn, ack, NULL, 0);
                long long before = answered;
                take(L, f.body, f.body_len, at, &answered);
                last_progress = answered > before ? at : last_progress;
            }
            svc_stomp_frame_fini(&f);
        } else if (rc != SVC_ETIMEOUT) {
            fprintf(stderr, "ktpabis load: the broker connection failed\n");
            L->failed = 1;
        }
        if (L->sender_done && at - last_progress > L->cfg.drain_s)
            break; /* answers stopped coming: report what arrived */
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double quantile(const double *sorted, long long n, double q)
{
    long long k = (long long)ceil(q * (double)n) - 1; /* nearest rank, as ktpcore bench */
    return n ? sorted[k < 0 ? 0 : k >= n ? n - 1 : k] : 0.0;
}

typedef struct load_stats {
    long long identifies, answered, failed, mated, misses, non_mated, false_hits, inserts,
        inserts_answered;
    double first_sent, last_sent, last_done, throughput, offered;
    double p50, p90, p99, max, insert_p50, insert_p99;
} load_stats;

/* Latency percentiles (ms) of the answered arrivals of one kind. */
static void latencies(const load_run *L, int kind, double *p50, double *p90, double *p99,
                      double *max)
{
    double *lat = malloc(((size_t)L->arrivals + 1) * sizeof *lat);
    long long n = 0;
    for (long long k = 0; lat && k < L->arrivals; k++)
        if (L->kind[k] == kind && L->done_s[k] > 0)
            lat[n++] = 1e3 * (L->done_s[k] - L->sent_s[k]);
    if (lat)
        qsort(lat, (size_t)n, sizeof *lat, cmp_double);
    *p50 = lat ? quantile(lat, n, 0.5) : 0, *p99 = lat ? quantile(lat, n, 0.99) : 0;
    if (p90)
        *p90 = lat ? quantile(lat, n, 0.9) : 0;
    if (max)
        *max = lat && n ? lat[n - 1] : 0;
    free(lat);
}

static void summarise(const load_run *L, load_stats *s)
{
    memset(s, 0, sizeof *s);
    s->first_sent = L->sent_s[0];
    for (long long k = 0; k < L->arrivals; k++) {
        int o = L->outcome[k];
        s->last_sent = L->sent_s[k] > s->last_sent ? L->sent_s[k] : s->last_sent;
        s->last_done = L->done_s[k] > s->last_done ? L->done_s[k] : s->last_done;
        if (L->kind[k] == LOAD_INSERT) {
            s->inserts++;
            s->inserts_answered += L->done_s[k] > 0;
            continue;
        }
        s->identifies++;
        s->answered += L->done_s[k] > 0;
        s->failed += L->done_s[k] > 0 && !(o & LOAD_OK);
        if (!(o & LOAD_OK))
            continue;
        if (L->mate[k]) {
            s->mated++;
            s->misses += !(o & LOAD_MATE_FOUND);
        } else {
            s->non_mated++;
            s->false_hits += (o & LOAD_ANY_CANDIDATE) != 0;
        }
    }
    double span = s->last_done - s->first_sent, sending = s->last_sent - s->first_sent;
    s->throughput = span > 0 ? (double)(s->answered + s->inserts_answered) / span : 0;
    s->offered = sending > 0 ? (double)(L->arrivals - 1) / sending : 0;
    latencies(L, LOAD_IDENTIFY, &s->p50, &s->p90, &s->p99, &s->max);
    latencies(L, LOAD_INSERT, &s->insert_p50, NULL, &s->insert_p99, NULL);
}

static void print_json(FILE *f, const load_run *L, const load_stats *s, int series)
{
    const load_cfg *c = &L->cfg;
    fprintf(f, "{\"gallery\": %lld, \"queries\": %lld, \"seed\": %lld, \"dup_share\": %.3f, "
               "\"insert_share\": %.3f, \"rate_planned_per_s\": %.4g,\n"
               " \"loadavg_1min_at_start\": %.2f, \"rate_offered_per_s\": %.4g, "
               "\"throughput_per_s\": %.4g, \"duration_s\": %.3f,\n",
            c->gallery, c->queries, c->seed, c->dup_share, c->insert_share, c->rate, L->loadavg,
            s->offered, s->throughput, s->last_done - s->first_sent);
    fprintf(f, " \"identify\": {\"sent\": %lld, \"answered\": %lld, \"failed\": %lld, "
               "\"unanswered\": %lld, \"latency_ms\": {\"p50\": %.2f, \"p90\": %.2f, "
               "\"p99\": %.2f, \"max\": %.2f}},\n",
            s->identifies, s->answered, s->failed, s->identifies - s->answered, s->p50, s->p90,
            s->p99, s->max);
    fprintf(f, " \"insert\": {\"sent\": %lld, \"answered\": %lld, \"latency_ms\": {\"p50\": %.2f,"
               " \"p99\": %.2f}},\n", s->inserts, s->inserts_answered, s->insert_p50,
            s->insert_p99);
    fprintf(f, " \"fnir\": %.6g, \"fnir_misses\": %lld, \"mated\": %lld, \"fpir\": %.6g, "
               "\"fpir_false_hits\": %lld, \"non_mated\": %lld",
            s->mated ? (double)s->misses / (double)s->mated : 0.0, s->misses, s->mated,
            s->non_mated ? (double)s->false_hits / (double)s->non_mated : 0.0, s->false_hits,
            s->non_mated);
    if (series) {
        fprintf(f, ",\n \"pending_jobs\": [");
        for (int i = 0, first = 1; i < L->n_pending_sent; i++)
            if (L->pending_at_s[i] > 0) {
                fprintf(f, "%s[%.3f, %lld]", first ? "" : ", ", L->pending_sent_s[i] - L->t0,
                        L->pending_jobs[i]);
                first = 0;
            }
        fprintf(f, "]");
    }
    fprintf(f, "}\n");
}

static int write_calibration(const load_run *L, const load_stats *s)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", L->cfg.calibrate);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    /* The service's throughput in the core's unit: template comparisons per second (each
     * identify compares the probe's 2 eyes in every rotation with every record). */
    fprintf(f, "{\"comparisons_per_s\": %.6g, \"identifies_per_s\": %.6g, \"gallery\": %lld, "
               "\"rotations\": %lld, \"eyes\": 2, \"source\": \"ktpabis load\", "
               "\"rate_offered_per_s\": %.6g, \"latency_ms_p50\": %.3f, "
               "\"loadavg_1min_at_start\": %.2f}\n",
            s->throughput * (double)L->cfg.gallery * (double)L->cfg.rotations * 2.0,
            s->throughput, L->cfg.gallery, L->cfg.rotations, s->offered, s->p50, L->loadavg);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, L->cfg.calibrate) != 0) {
        remove(tmp);
        return -1;
    }
    return 0;
}

/* --out DIR: load.json (with the pendingJobs series), then the plot (ktpabis_load_plot.c). */
static int write_out(const load_run *L, const load_stats *s)
{
    char path[4200], tmp[4300];
    mkdir(L->cfg.out, 0777);
    snprintf(path, sizeof path, "%s/load.json", L->cfg.out);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    print_json(f, L, s, 1);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        return -1;
    }
    return load_plot(L);
}

int load_report(load_run *L)
{
    load_stats s;
    summarise(L, &s);
    print_json(stdout, L, &s, 0);
    int rc = L->failed ? 1 : 0;
    if (L->cfg.out && write_out(L, &s) != 0) {
        fprintf(stderr, "ktpabis load: cannot write the report in %s\n", L->cfg.out);
        rc = 1;
    }
    if (L->cfg.calibrate && write_calibration(L, &s) != 0) {
        fprintf(stderr, "ktpabis load: cannot write %s\n", L->cfg.calibrate);
        rc = 1;
    }
    return rc;
}
