/* gen_national: the documented rules that turn the area and census tables into regions.
 * Every constant here is listed, with its source or ASSUMPTION, in scenarios/tools/README.md;
 * change a rule here and rebuild national.json (the test then asks for the new file). */
#include <math.h>
#include <string.h>

#include "gen_national.h"
#include "sim/schedule.h"

const char *const gen_group_names[GEN_GROUP_COUNT] = {
    "Sumatra", "Java", "Bali-Nusa Tenggara", "Kalimantan", "Sulawesi", "Maluku", "Papua"
};

gen_group gen_group_of(int province_code)
{
    if (province_code >= 31 && province_code <= 36) return GEN_JAVA;
    if (province_code >= 51 && province_code <= 53) return GEN_BALI_NT;
    if (province_code >= 61 && province_code <= 65) return GEN_KALIMANTAN;
    if (province_code >= 71 && province_code <= 76) return GEN_SULAWESI;
    if (province_code >= 81 && province_code <= 82) return GEN_MALUKU;
    if (province_code >= 91) return GEN_PAPUA;
    return GEN_SUMATRA;
}


static long parse_date(const char *s)
{
    int y = 0, m = 0, d = 0;
    for (int i = 0; i < 4; i++) y = y * 10 + (s[i] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    return (long)sim_days_from_civil(y, m, d);
}

/* Monday-Friday days of the horizon that are not holidays. 1970-01-01 was a Thursday. */
static int count_open_days(const gen_profile *p)
{
    long start = parse_date(p->start_date);
    int open = 0;
    for (long day = start; day < start + p->horizon_days; day++) {
        long weekday = ((day % 7) + 7 + 3) % 7; /* 0 = Monday */
        int holiday = 0;
        for (int h = 0; h < p->holiday_count; h++)
            holiday |= parse_date(p->holidays[h]) == day;
        open += weekday < 5 && !holiday;
    }
    return open;
}

/* Largest-remainder apportionment of `total` by integer weights; ties go to the lower index,
 * so the result is exact (sums to total) and deterministic. */
static void apportion(long long total, const long long *weights, long long *out, int n)
{
    long long weight_sum = 0, given = 0;
    for (int i = 0; i < n; i++) weight_sum += weights[i];
    long long remainder[GEN_MAX_REGENCIES];
    for (int i = 0; i < n; i++) {
        out[i] = total * weights[i] / weight_sum;
        remainder[i] = total * weights[i] % weight_sum;
        given += out[i];
    }
    for (; given < total; given++) {
        int best = 0;
        for (int i = 1; i < n; i++)
            if (remainder[i] > remainder[best]) best = i;
        out[best]++;
        remainder[best] = -1;
    }
}

/* Adults obliged to hold a KTP: the national figure apportioned by census population, so
 * every regency has the same share (the census table has no age breakdown). */
static void apportion_adults(gen_data *d)
{
    long long weights[GEN_MAX_REGENCIES] = { 0 }, parts[GEN_MAX_REGENCIES] = { 0 };
    for (int r = 0; r < d->regency_count; r++)
        weights[r] = d->regencies[r].population;
    apportion(d->profile->adults_total, weights, parts, d->regency_count);
    for (int r = 0; r < d->regency_count; r++)
        d->regencies[r].adults = parts[r];
}

/* Kota are online. In each province the last-coded kabupaten (later split-offs, often the
 * remote ones: ASSUMPTION) get the poor links: a share factor x (1 - internet use) of them. */
static void assign_links(gen_data *d)
{
    for (int r = 0; r < d->regency_count; r++) {
        gen_regency *g = &d->regencies[r];
        g->link = GEN_ONLINE;
        if (g->code >= 71) continue;
        int kabupaten = 0, rank = 0;
        for (int o = 0; o < d->regency_count; o++) {
            const gen_regency *h = &d->regencies[o];
            if (h->province_index != g->province_index || h->code >= 71) continue;
            kabupaten++;
            rank += h->code < g->code;
        }
        gen_group group = d->provinces[g->province_index].group;
        const gen_profile *p = d->profile;
        double poor_share = fmin(0.9, p->poor_link_factor * (1.0 - p->internet_use[group]));
        int poor = (int)floor(kabupaten * poor_share + 0.5);
        int offline = (int)floor(poor * p->offline_fraction[group] + 0.5);
        if (rank >= kabupaten - offline) g->link = GEN_OFFLINE;
        else if (rank >= kabupaten - poor) g->link = GEN_INTERMITTENT;
    }
}

/* Kits: two per district from the 2010-11 purchase, but at least one per people_per_kit
 * residents (cities with few, crowded districts bought more from their own budgets), less the
 * broken share; staff per working kit; printers and blanks by demand. */
static void size_offices(gen_data *d)
{
    const gen_profile *p = d->profile;
    int open_days_year = p->open_days_per_year > 0 ? p->open_days_per_year : d->open_days;
    for (int r = 0; r < d->regency_count; r++) {
        gen_regency *g = &d->regencies[r];
        gen_group group = d->provinces[g->province_index].group;
        g->applicants_year = (double)g->adults * p->applicants_per_adult_year;
        /* Rounded to 0.01 here so that the table and the JSON carry the same value. */
        g->per_day = floor(g->applicants_year / open_days_year * 100.0 + 0.5) / 100.0;
        if (g->per_day < 0.01) g->per_day = 0.01;
        long long kits = (long long)p->kits_per_district * g->districts;
        long long by_population = (g->population + p->people_per_kit - 1) / p->people_per_kit;
        if (by_population > kits) kits = by_population;
        g->stations = (int)((kits * (100 - p->broken_pct[group]) + 50) / 100);
        if (g->stations < 1) g->stations = 1;
        g->operators = (int)ceil(g->stations * p->operators_per_station - 1e-9);
        if (g->operators < 1) g->operators = 1;
        g->printers = (int)ceil(g->per_day * 1.047 / p->cards_per_printer_day);
        if (g->printers < 1) g->printers = 1;
        double lead_open_days = p->lead_days[group] * 5.0 / 7.0;
        g->blanks_initial = (long long)ceil(g->per_day * p->blank_stock_days[group]);
        g->blanks_batch = g->blanks_initial;
        g->blanks_reorder = (long long)ceil(g->per_day * fmax(0.0, lead_open_days + p->reorder_extra_days));
        if (g->blanks_initial < 50) g->blanks_initial = g->blanks_batch = 50;
    }
}

int gen_apply_rules(gen_data *d, const gen_profile *profile, char *err, size_t size)
{
    d->profile = profile;
    if (d->every < 1) d->every = 1;
    for (int r = 0; r < d->regency_count; r++)
        if (d->regencies[r].districts == 0) {
            snprintf(err, size, "districts.csv: regency %02d.%02d has no district",
                     d->regencies[r].province_code, d->regencies[r].code);
            return -1;
        }
    d->open_days = count_open_days(profile);
    apportion_adults(d);
    assign_links(d);
    size_offices(d);
    return 0;
}
