/* Synthetic result folder for the viz tests (see sample.h). Two regions; numbers follow
 * simple formulas of (replication, day, region) so every plot has something to draw. */
#include "sample.h"
#include "sim/schedule.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const codes[2] = {"21.72", "21.71"};

static int write_text(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int ok = fputs(text, f) >= 0;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

static cJSON *metric(double mean, double lo, double hi, int percentiles)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddNumberToObject(m, "mean", mean);
    cJSON *ci = cJSON_AddArrayToObject(m, "ci95");
    cJSON_AddItemToArray(ci, cJSON_CreateNumber(lo));
    cJSON_AddItemToArray(ci, cJSON_CreateNumber(hi));
    const char *p[] = {"p50", "p90", "p95", "p99"};
    for (int k = 0; k < 4; k++) {
        if (percentiles)
            cJSON_AddNumberToObject(m, p[k], mean * (1 + 0.5 * k));
        else
            cJSON_AddNullToObject(m, p[k]);
    }
    return m;
}

static int write_summary(const char *dir, const sample_options *o, const char *names[2])
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "scenario", "Kepulauan Riau <b>sample</b>");
    cJSON_AddStringToObject(root, "source", "synthetic test data & <i>not</i> real");
    cJSON_AddNumberToObject(root, "seed", 20180401);
    cJSON_AddNumberToObject(root, "replications", o->replications);
    cJSON_AddNumberToObject(root, "horizon_days", o->days);
    cJSON_AddNumberToObject(root, "warmup_days", 0);
    cJSON_AddStringToObject(root, "start_date", "2018-04-02");
    cJSON *metrics = cJSON_AddObjectToObject(root, "metrics");
    cJSON_AddItemToObject(metrics, "cards_within_1h_share", metric(0.3, 0.25, 0.35, 0));
    cJSON_AddItemToObject(metrics, "time_to_card_s", metric(91000, 85000, 97000, 1));
    if (o->observed) {
        /* June 2020 as published, and model shares 1 point off in alternate directions. */
        static const char *const bins[6] = {
            "printed_within_1h_share", "printed_1_2h_share", "printed_2_3h_share",
            "printed_3_6h_share", "printed_6_24h_share", "printed_over_24h_share"};
        static const double published[6] = {0.2894, 0.1539, 0.1108, 0.2805, 0.1087, 0.0566};
        cJSON *observed = cJSON_AddObjectToObject(root, "observed");
        cJSON_AddStringToObject(observed, "what", "cards printed in June 2020");
        cJSON_AddStringToObject(observed, "source", "Dirjen Dukcapil, 7 Jul 2020");
        cJSON_AddNumberToObject(observed, "cards", 889521);
        cJSON *shares = cJSON_AddObjectToObject(observed, "shares");
        for (int b = 0; b < 6; b++) {
            double m = published[b] + (b % 2 ? -0.01 : 0.01);
            cJSON_AddItemToObject(metrics, bins[b], metric(m, m - 0.005, m + 0.005, 0));
            cJSON_AddNumberToObject(shares, bins[b], published[b]);
        }
    }
    cJSON *regions = cJSON_AddArrayToObject(root, "regions");
    const char *bottleneck[2] = {"network", "printing"};
    for (int g = 0; g < 2; g++) {
        cJSON *region = cJSON_CreateObject();
        cJSON_AddStringToObject(region, "code", codes[g]);
        cJSON_AddStringToObject(region, "name", names[g]);
        cJSON_AddStringToObject(region, "bottleneck", bottleneck[g]);
        cJSON *rm = cJSON_AddObjectToObject(region, "metrics");
        cJSON_AddItemToObject(rm, "cards_within_1h_share", metric(0.2 + 0.2 * g, 0.1, 0.5, 0));
        cJSON_AddItemToArray(regions, region);
    }
    cJSON_AddTrueToObject(root, "invariants_ok");
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    int status = text ? write_text(dir, "summary.json", text) : -1;
    free(text);
    return status;
}

static int write_regions(const char *dir, const char *names[2])
{
    /* Alphabetical order of metrics, as the contract says. */
    const char *metric_names[] = {"cards_within_1h_share", "stage_blanks_s",
                                  "stage_collection_s", "stage_dedup_s", "stage_network_s",
                                  "stage_printing_s", "stage_recording_s", "stage_review_s",
                                  "time_to_card_s"};
    char buf[8192];
    size_t n = (size_t)snprintf(buf, sizeof buf, "region_code,region_name,metric,mean,ci95_lo,"
                                                 "ci95_hi,p50,p90,p95,p99\n");
    for (int g = 0; g < 2; g++) {
        for (int k = 0; k < 9; k++) {
            double mean = k == 0 ? 0.2 + 0.2 * g : 1800.0 * (k + 1) * (g + 1);
            const char *pct = k == 0 ? ",,," : "";
            char tail[128] = "";
            if (k != 0)
                snprintf(tail, sizeof tail, "%g,%g,%g,%g", mean, 2 * mean, 3 * mean, 4 * mean);
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s,%s,%s,%g,%g,%g,%s%s\n", codes[g],
                                  names[g], metric_names[k], mean, 0.9 * mean, 1.1 * mean, pct,
                                  tail);
        }
    }
    return write_text(dir, "regions.csv", buf);
}

static int write_daily(const char *dir, const sample_options *o)
{
    FILE *f;
    char path[4096];
    snprintf(path, sizeof path, "%s/daily.csv", dir);
    if (!(f = fopen(path, "w")))
        return -1;
    fputs("rep,day,date,region_code,arrivals,recorded,q_recording,q_upload,q_dedup,q_review,"
          "q_print,printed,collected,blank_stock,stockout,suket_issued,suket_backlog,"
          "ikd_active,ikd_eligible\n", f);
    for (int r = 0; r < o->replications; r++)
        for (int d = 0; d < o->days; d++)
            for (int g = 0; g < 2; g++) {
                int stock = 200 - 40 * d * (g + 1) + 10 * r;
                int out = stock <= 0;
                fprintf(f, "%d,%d,2018-04-%02d,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d\n",
                        r, d, 2 + d, codes[g], 50 + 3 * r + g, 45 + 2 * r, 5 + d + r, 2 * d + g,
                        3 + r, g, 4 + d, 40 + r, 35, out ? 0 : stock, out, 10 + g, 5 * d + r,
                        o->ikd ? 3 * d + r + g : 0, o->ikd ? 100 + d : 0);
            }
    return fclose(f) == 0 ? 0 : -1;
}

static int write_central(const char *dir, const sample_options *o)
{
    char buf[16384];
    size_t n = (size_t)snprintf(buf, sizeof buf,
                                "rep,day,date,central_stock,in_transit,delivered,procured\n");
    for (int r = 0; r < o->replications; r++)
        for (int d = 0; d < o->days && n < sizeof buf - 200; d++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%d,%d,2018-04-%02d,%d,%d,%d,%d\n",
                                  r, d, 2 + d, 5000 - 300 * d + 7 * r, 100 * (d % 3),
                                  d % 2 ? 150 + r : 0, d == 0 ? 5000 : 0);
    return write_text(dir, "central.csv", buf);
}

static int write_cdf(const char *dir)
{
    char buf[65536];
    size_t n = (size_t)snprintf(buf, sizeof buf, "region_code,upper_s,share_le\n");
    for (int g = 0; g < 2; g++) {
        double scale = 3600.0 * (3 + 4 * g); /* region 2 is slower */
        for (double u = 60; u <= 7200; u += 60)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s,%g,%.6f\n", codes[g], u,
                                  u / (u + scale));
        for (double u = 7200 + 900; u <= SIM_DAY_S; u += 900)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s,%g,%.6f\n", codes[g], u,
                                  u / (u + scale));
    }
    return write_text(dir, "time_to_card.csv", buf);
}

int sample_write(const char *dir, const sample_options *o)
{
    mkdir(dir, 0755);
    const char *names[2] = {"Kota Tanjungpinang",
                            o->second_name ? o->second_name : "Kabupaten Bintan"};
    if (write_summary(dir, o, names) || write_regions(dir, names) || write_daily(dir, o) ||
        write_cdf(dir))
        return -1;
    return o->central ? write_central(dir, o) : 0;
}

char *sample_tempdir(void)
{
    const char *base = getenv("TMPDIR");
    char templ[4096];
    snprintf(templ, sizeof templ, "%s/ktpviz-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(templ))
        return NULL;
    size_t n = strlen(templ) + 1;
    char *out = malloc(n);
    if (out)
        memcpy(out, templ, n);
    return out;
}
