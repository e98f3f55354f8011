/* gen_national: writes the scenario JSON and the per-regency table (CSV) that shows the
 * populations and rules behind each region. Output is a pure function of gen_data, and
 * numbers are printed with fixed formats, so the same tables give byte-identical files. */
#include <math.h>
#include <string.h>

#include "gen_national.h"
#include "sim/schedule.h"

static const char *const link_names[] = { "online", "intermittent", "offline" };

/* ASSUMPTION: search servers sized for 70% utilisation while offices are open (an open day's
 * records arrive in 8 hours) at about 20 s a search (domain-facts Deduplication: 16-20 s);
 * sized on the 24-hour average instead, the search queue grows every day until the night
 * (measured: 7% of cards within one hour nationally). Reviewers for the 1.5% adjudicated
 * records at 30 min each in an 8-hour day, at 60%. */
#define SEARCHES_PER_HOUR 180.0
#define REVIEW_S 1800.0
#define ADJUDICATE_SHARE 0.015

static void put_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
        else if (c < 0x20) fprintf(out, "\\u%04x", c);
        else fputc(c, out);
    }
    fputc('"', out);
}

static double total_per_day(const gen_data *d)
{
    double total = 0.0;
    for (int r = 0; r < d->regency_count; r += d->every) total += d->regencies[r].per_day;
    return total;
}

static void put_line(FILE *out, const char *text, int last)
{
    fputs("    ", out);
    put_string(out, text);
    fputs(last ? "\n" : ",\n", out);
}

static void put_sources(FILE *out, const gen_data *d)
{
    const gen_profile *p = d->profile;
    char line[2048];
    fputs("  \"source\": [\n", out);
    put_line(out, "Codes and names of the 38 provinces and 514 regencies: data/idn-area (idn-area-data 4.0.1 by Muhammad Fityan Nugroho, from Kepmendagri 300.2.2-2138/2025), Open Database License (ODbL 1.0); this file is a derived database under the same licence (data/idn-area/SOURCE.md).", 0);
    snprintf(line, sizeof line, "Population: BPS 2020 census per regency, %lld in total (data/regency-population-2020.csv, see data/regency-population-2020.md); the per-regency figures are in the generator's table (scenarios/tools/national-regions.csv for 2025). Adults obliged to hold a KTP: %.1f M (data/domain-facts.md Population, conf. H/M), APPROXIMATION the same share (%.1f%%) of the population in every regency. Every applicant is recorded at the regency's one office.",
             d->census_total, (double)p->adults_total / 1e6, 100.0 * (double)p->adults_total / (double)d->census_total);
    put_line(out, line, 0);
    snprintf(line, sizeof line, "Stations: about 2 recording kits per district (data/domain-facts.md Recording, conf. M), ASSUMPTION at least one per %lld residents (crowded cities bought kits from their own budgets), minus broken kits (20-25%% in 2017, 25-30%% in 2019, same table): %d%% on Java, %d%% on Sumatra, Bali-Nusa Tenggara, Kalimantan and Sulawesi, %d%% in Maluku and Papua. All of a regency's working kits are pooled into one office%s.",
             p->people_per_kit, p->broken_pct[GEN_JAVA], p->broken_pct[GEN_SUMATRA], p->broken_pct[GEN_PAPUA],
             p->operators_per_station < 1.0 ? "; operators per working kit below (ASSUMPTION, calibrated)" : ", one operator each");
    put_line(out, line, 0);
    snprintf(line, sizeof line, "Links: internet use 2024 79.5%% nationally, Java 83.6%%, Sulawesi 68.4%%, Maluku-Papua 69.9%% (APJII, data/domain-facts.md Connectivity, conf. H); villages without signal worst in Papua Pegunungan and Papua Tengah (BPS, same table). ASSUMPTION: cities (kota) online at 1,024 kbit/s; a share %.2f x (1 - internet use) of each province's kabupaten, the last-coded ones, have a poor link at 512 kbit/s: offline (a daily sync at 15:00; every %d days in Papua) for %.0f%% of them on Java, %.0f%% in Papua and %.0f%% elsewhere, the rest intermittent (up %.1f h, down %.1f h on average; %.1f h in Papua).",
             p->poor_link_factor, p->sync_every_days[GEN_PAPUA], 100.0 * p->offline_fraction[GEN_JAVA],
             100.0 * p->offline_fraction[GEN_PAPUA], 100.0 * p->offline_fraction[GEN_SUMATRA],
             p->uptime_s / 3600.0, p->downtime_s[GEN_SUMATRA] / 3600.0, p->downtime_s[GEN_PAPUA] / 3600.0);
    put_line(out, line, 0);
    snprintf(line, sizeof line, "Printing: 4.7%% spoiled (data/domain-facts.md Blank cards, conf. L); ASSUMPTION one printer per %d cards an open day (90 s a card, 100 to 2,000 a day per machine in the same table). Blanks: ASSUMPTION %.0f open days of stock on Java and %.0f elsewhere (initial and per order), reorder with the lead time plus 5 open days left, lead time %d days on Java, %d on Sumatra, Kalimantan and Sulawesi, %d in Bali-Nusa Tenggara, %d in Maluku and Papua; 40%% first-time holders (same table).",
             p->cards_per_printer_day, p->blank_stock_days[GEN_JAVA], p->blank_stock_days[GEN_SUMATRA],
             p->lead_days[GEN_JAVA], p->lead_days[GEN_SUMATRA], p->lead_days[GEN_BALI_NT], p->lead_days[GEN_PAPUA]);
    put_line(out, line, 0);
    for (int i = 0; p->notes[i] != NULL; i++)
        put_line(out, p->notes[i], 0);
    char every[64] = "";
    if (d->every > 1)
        snprintf(every, sizeof every, " --every %d", d->every);
    snprintf(line, sizeof line, "Generated by scenarios/tools/gen_national --profile %s%s (see scenarios/tools/README.md): %d regions, %d open days, %.2f applicants per open day in total; ABIS ASSUMPTION: search servers sized for %.0f%% utilisation during the 8 open hours (about 20 s a search, data/domain-facts.md Deduplication, conf. L; no throughput figure is published), reviewers for 60%% (1.5%% adjudicated, 30 min each).",
             p->id, every, (d->regency_count + d->every - 1) / d->every, d->open_days, total_per_day(d), 100.0 * p->abis_utilisation);
    put_line(out, line, 1);
    fputs("  ],\n", out);
}

static void put_abis(FILE *out, const gen_data *d)
{
    /* Reprints skip the search: size on the searched share (first-time holders 40%). */
    double per_day = total_per_day(d) * (1.0 - 0.6 * d->profile->reprint_share);
    int servers = (int)ceil(per_day / 8.0 / (SEARCHES_PER_HOUR * d->profile->abis_utilisation));
    int reviewers = (int)ceil(per_day * ADJUDICATE_SHARE * REVIEW_S / (8.0 * 3600.0 * 0.6));
    fprintf(out, "  \"abis\": {\"servers\": %d, \"searches_per_hour\": %.0f, \"licences\": %d, "
            "\"reviewers\": %d, \"review_time\": {\"exp\": {\"mean\": %.0f}}},\n",
            servers, SEARCHES_PER_HOUR, servers, reviewers < 1 ? 1 : reviewers, REVIEW_S);
}

static void put_observed(FILE *out, const gen_profile *p)
{
    static const char *const bins[6] = {
        "printed_within_1h_share", "printed_1_2h_share", "printed_2_3h_share",
        "printed_3_6h_share", "printed_6_24h_share", "printed_over_24h_share"};
    if (p->observed_shares == NULL)
        return;
    fputs("  \"observed\": {\n    \"what\": ", out);
    put_string(out, p->observed_what);
    fputs(",\n    \"source\": ", out);
    put_string(out, p->observed_source);
    fprintf(out, ",\n    \"cards\": %.0f,\n    \"shares\": {", p->observed_cards);
    for (int k = 0; k < 6; k++)
        fprintf(out, "%s\"%s\": %.4f", k ? ", " : "", bins[k], p->observed_shares[k]);
    fputs("}\n  },\n", out);
}

static void put_network(FILE *out, const gen_profile *p, const gen_regency *g, gen_group group)
{
    switch (g->link) {
    case GEN_ONLINE:
        fputs("      \"network\": {\"mode\": \"online\", \"bandwidth_kbps\": 1024},\n", out);
        break;
    case GEN_INTERMITTENT:
        fprintf(out, "      \"network\": {\"mode\": \"intermittent\", \"bandwidth_kbps\": 512, "
                "\"uptime\": {\"exp\": {\"mean\": %d}}, \"downtime\": {\"exp\": {\"mean\": %d}}},\n",
                p->uptime_s, p->downtime_s[group]);
        break;
    case GEN_OFFLINE:
        fprintf(out, "      \"network\": {\"mode\": \"offline\", \"bandwidth_kbps\": 512, "
                "\"sync_every_days\": %d, \"sync_at\": \"15:00\"},\n", p->sync_every_days[group]);
        break;
    }
}

static void put_region(FILE *out, const gen_data *d, const gen_regency *g, int last)
{
    const gen_profile *p = d->profile;
    gen_group group = d->provinces[g->province_index].group;
    char operators[128];
    int used = 0;
    if (g->operators < g->stations)
        used = snprintf(operators, sizeof operators, "        \"operators\": %d,\n", g->operators);
    snprintf(operators + used, sizeof operators - (size_t)used, "%s", "");
    if (p->reprint_share > 0)
        snprintf(operators + used, sizeof operators - (size_t)used,
                 "        \"reprint_share\": %g,\n", p->reprint_share);
    fprintf(out, "    {\n      \"code\": \"%02d.%02d\",\n      \"name\": ", g->province_code, g->code);
    put_string(out, g->name);
    char hours[512] = "";
    if (p->hour_factors != NULL) {
        size_t used = (size_t)snprintf(hours, sizeof hours, ", \"hour_factors\": [");
        for (int h = 0; h < 24; h++)
            used += (size_t)snprintf(hours + used, sizeof hours - used, "%s%g", h ? ", " : "",
                                     p->hour_factors[h]);
        snprintf(hours + used, sizeof hours - used, "]");
    }
    fprintf(out, ",\n      \"recording\": {\n        \"arrivals\": {\"per_day\": %.2f%s},\n"
            "        \"stations\": %d,\n%s"
            "        \"capture_time\": {\"lognormal\": {\"mean\": 900, \"sd\": 450}},\n"
            "        \"opening_hours\": {\"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], "
            "\"open\": \"08:00\", \"close\": \"16:00\"},\n        \"holidays\": [",
            g->per_day, hours, g->stations, operators);
    for (int h = 0; h < p->holiday_count; h++)
        fprintf(out, "%s\"%s\"", h ? ", " : "", p->holidays[h]);
    fputs("]\n      },\n", out);
    put_network(out, p, g, group);
    fprintf(out, "      \"printing\": {\"printers\": %d, \"print_time\": {\"lognormal\": "
            "{\"mean\": %d, \"sd\": %d}}, \"misprint_share\": 0.047},\n", g->printers,
            p->print_s, p->print_s / 3);
    fprintf(out, "      \"blanks\": {\"initial\": %lld, \"reorder_point\": %lld, \"batch\": %lld, "
            "\"lead_time\": {\"constant\": {\"value\": %d}}, \"first_time_share\": 0.4}\n",
            g->blanks_initial, g->blanks_reorder, g->blanks_batch,
            p->lead_days[group] * SIM_DAY_SECONDS);
    fprintf(out, "    }%s\n", last ? "" : ",");
}

int gen_write_json(FILE *out, const gen_data *d)
{
    const gen_profile *p = d->profile;
    fputs("{\n  \"name\": ", out);
    put_string(out, p->name);
    fputs(",\n  \"description\": ", out);
    put_string(out, p->description);
    fputs(",\n", out);
    put_sources(out, d);
    fprintf(out, "  \"seed\": %ld,\n  \"start_date\": \"%s\",\n  \"horizon_days\": %d,\n"
            "  \"warmup_days\": %d,\n  \"replications\": %d,\n", p->seed, p->start_date,
            p->horizon_days, p->warmup_days, p->replications);
    put_abis(out, d);
    put_observed(out, p);
    fputs("  \"regions\": [\n", out);
    for (int r = 0; r < d->regency_count; r += d->every)
        put_region(out, d, &d->regencies[r], r + d->every >= d->regency_count);
    fputs("  ]\n}\n", out);
    return ferror(out) ? -1 : 0;
}

static void put_csv_text(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"") == NULL) { fputs(s, out); return; }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

int gen_write_table(FILE *out, const gen_data *d)
{
    fputs("code,province_code,province,island_group,name,districts,population_2020,adults,"
          "applicants_per_year,per_open_day,stations,operators,printers,link,blanks_initial,"
          "blanks_reorder_point,blanks_batch,lead_days\n", out);
    for (int r = 0; r < d->regency_count; r++) {
        const gen_regency *g = &d->regencies[r];
        const gen_province *p = &d->provinces[g->province_index];
        fprintf(out, "%02d.%02d,%02d,", g->province_code, g->code, p->code);
        put_csv_text(out, p->name);
        fprintf(out, ",%s,", gen_group_names[p->group]);
        put_csv_text(out, g->name);
        fprintf(out, ",%d,%lld,%lld,%.1f,%.2f,%d,%d,%d,%s,%lld,%lld,%lld,%d\n", g->districts,
                g->population, g->adults, g->applicants_year, g->per_day, g->stations,
                g->operators, g->printers, link_names[g->link], g->blanks_initial,
                g->blanks_reorder, g->blanks_batch, d->profile->lead_days[p->group]);
    }
    return ferror(out) ? -1 : 0;
}
