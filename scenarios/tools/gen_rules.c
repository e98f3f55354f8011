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

/* Internet use 2024 (APJII, domain-facts Connectivity): Java 83.6%, Sulawesi 68.4%,
 * Maluku-Papua 69.9%; groups without a published figure take the national 79.5%. */
double gen_group_internet_use(gen_group group)
{
    static const double use[GEN_GROUP_COUNT] = { 0.795, 0.836, 0.795, 0.795, 0.684, 0.699, 0.699 };
    return use[group];
}

/* Broken kits 20-25% (2017), 25-30% (2019) (domain-facts Recording): ASSUMPTION Java at the
 * low end, Maluku and Papua at the high end. */
int gen_group_broken_pct(gen_group group)
{
    static const int pct[GEN_GROUP_COUNT] = { 25, 20, 25, 25, 25, 30, 30 };
    return pct[group];
}

/* ASSUMPTION: days from a blank order to delivery (Java, other large islands, east). */
int gen_group_lead_days(gen_group group)
{
    static const int days[GEN_GROUP_COUNT] = { 14, 7, 14, 14, 14, 21, 21 };
    return days[group];
}

/* Of the kabupaten with a poor link, the share that is offline (the rest intermittent).
 * ASSUMPTION: none on Java, half in Papua (villages without signal are worst there). */
static double offline_fraction(gen_group group)
{
    static const double share[GEN_GROUP_COUNT] = { 0.25, 0.0, 0.25, 0.25, 0.25, 0.25, 0.5 };
    return share[group];
}

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

/* ASSUMPTION: 2025 national holidays and joint leave (cuti bersama) falling on weekdays in the
 * horizon, after the 2025 joint ministerial decree as recalled; check before relying on them. */
const char *const gen_holidays[] = {
    "2025-01-27", "2025-01-28", "2025-01-29", "2025-03-28", "2025-03-31", "2025-04-01",
    "2025-04-02", "2025-04-03", "2025-04-04", "2025-04-07", "2025-04-18", "2025-05-01",
    "2025-05-12", "2025-05-13", "2025-05-29", "2025-05-30", "2025-06-06", "2025-06-09",
    "2025-06-27", "2025-08-18", "2025-09-05", "2025-12-25", "2025-12-26", "2026-01-01"
};
const int gen_holiday_count = (int)(sizeof gen_holidays / sizeof gen_holidays[0]);

/* The 2022 split: census rows for the old provinces go to the new ones by regency count
 * (only to new provinces that exist in provinces.csv and have no census row of their own). */
static const struct { int old_code; int new_codes[4]; int count; } papua_split[] = {
    { 91, { 91, 93, 94, 95 }, 4 },
    { 92, { 92, 96 }, 2 },
};

static long parse_date(const char *s)
{
    int y = 0, m = 0, d = 0;
    for (int i = 0; i < 4; i++) y = y * 10 + (s[i] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    return (long)sim_days_from_civil(y, m, d);
}

/* Monday-Friday days of the horizon that are not holidays. 1970-01-01 was a Thursday. */
static int count_open_days(void)
{
    long start = parse_date(GEN_START_DATE);
    int open = 0;
    for (long day = start; day < start + GEN_HORIZON_DAYS; day++) {
        long weekday = ((day % 7) + 7 + 3) % 7; /* 0 = Monday */
        int holiday = 0;
        for (int h = 0; h < gen_holiday_count; h++)
            holiday |= parse_date(gen_holidays[h]) == day;
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

static int province_index(const gen_data *d, int code)
{
    for (int i = 0; i < d->province_count; i++)
        if (d->provinces[i].code == code) return i;
    return -1;
}

static int has_census_row(const gen_data *d, int code)
{
    for (int c = 0; c < d->census_count; c++)
        if (d->census[c].code == code) return 1;
    return 0;
}

static int split_census(gen_data *d, char *err, size_t size)
{
    for (int c = 0; c < d->census_count; c++) {
        int code = d->census[c].code, targets[4] = { code }, count = 1;
        for (size_t s = 0; s < sizeof papua_split / sizeof papua_split[0]; s++)
            if (papua_split[s].old_code == code) {
                count = papua_split[s].count;
                memcpy(targets, papua_split[s].new_codes, sizeof targets);
            }
        /* A new province with its own census row (a later census) keeps that row. */
        int kept = 0;
        for (int t = 0; t < count; t++)
            if (t == 0 || (province_index(d, targets[t]) >= 0 && !has_census_row(d, targets[t])))
                targets[kept++] = targets[t];
        count = kept;
        long long weights[4], parts[4];
        for (int t = 0; t < count; t++) {
            int pi = province_index(d, targets[t]);
            if (pi < 0) {
                snprintf(err, size, "province-population-2020.csv: province %02d is not in provinces.csv", targets[t]);
                return -1;
            }
            weights[t] = d->provinces[pi].regency_count;
        }
        apportion(d->census[c].population, weights, parts, count);
        for (int t = 0; t < count; t++)
            d->provinces[province_index(d, targets[t])].population += parts[t];
    }
    for (int p = 0; p < d->province_count; p++) {
        if (d->provinces[p].population == 0 || d->provinces[p].regency_count == 0) {
            snprintf(err, size, "province %02d %s: no census figure or no regency", d->provinces[p].code, d->provinces[p].name);
            return -1;
        }
    }
    return 0;
}

static void spread_population(gen_data *d)
{
    long long weights[GEN_MAX_REGENCIES] = { 0 }, parts[GEN_MAX_REGENCIES] = { 0 };
    int members[GEN_MAX_REGENCIES] = { 0 };
    for (int p = 0; p < d->province_count; p++) {
        int n = 0;
        for (int r = 0; r < d->regency_count; r++)
            if (d->regencies[r].province_index == p) {
                members[n] = r;
                weights[n++] = d->regencies[r].districts;
            }
        apportion(d->provinces[p].population, weights, parts, n);
        for (int i = 0; i < n; i++)
            d->regencies[members[i]].population = parts[i];
    }
    for (int r = 0; r < d->regency_count; r++)
        weights[r] = d->regencies[r].population;
    apportion(GEN_ADULTS_TOTAL, weights, parts, d->regency_count);
    for (int r = 0; r < d->regency_count; r++)
        d->regencies[r].adults = parts[r];
}

/* Kota are online. In each province the last-coded kabupaten (later split-offs, often the
 * remote ones: ASSUMPTION) get the poor links: a share 2 x (1 - internet use) of them. */
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
        double poor_share = fmin(0.9, 2.0 * (1.0 - gen_group_internet_use(group)));
        int poor = (int)floor(kabupaten * poor_share + 0.5);
        int offline = (int)floor(poor * offline_fraction(group) + 0.5);
        if (rank >= kabupaten - offline) g->link = GEN_OFFLINE;
        else if (rank >= kabupaten - poor) g->link = GEN_INTERMITTENT;
    }
}

static void size_offices(gen_data *d)
{
    for (int r = 0; r < d->regency_count; r++) {
        gen_regency *g = &d->regencies[r];
        gen_group group = d->provinces[g->province_index].group;
        g->applicants_year = (double)g->adults * GEN_APPLICANTS_PER_ADULT_YEAR;
        /* Rounded to 0.01 here so that the table and the JSON carry the same value. */
        g->per_day = floor(g->applicants_year / d->open_days * 100.0 + 0.5) / 100.0;
        if (g->per_day < 0.01) g->per_day = 0.01;
        int kits = GEN_KITS_PER_DISTRICT * g->districts;
        g->stations = (kits * (100 - gen_group_broken_pct(group)) + 50) / 100;
        if (g->stations < 1) g->stations = 1;
        g->printers = (int)ceil(g->per_day * 1.047 / GEN_CARDS_PER_PRINTER_DAY);
        if (g->printers < 1) g->printers = 1;
        double lead_open_days = gen_group_lead_days(group) * 5.0 / 7.0;
        g->blanks_initial = (long long)ceil(g->per_day * 30.0);
        g->blanks_batch = g->blanks_initial;
        g->blanks_reorder = (long long)ceil(g->per_day * (lead_open_days + 5.0));
        if (g->blanks_initial < 50) g->blanks_initial = g->blanks_batch = 50;
    }
}

int gen_apply_rules(gen_data *d, char *err, size_t size)
{
    for (int r = 0; r < d->regency_count; r++)
        if (d->regencies[r].districts == 0) {
            snprintf(err, size, "districts.csv: regency %02d.%02d has no district",
                     d->regencies[r].province_code, d->regencies[r].code);
            return -1;
        }
    if (split_census(d, err, size) != 0)
        return -1;
    d->open_days = count_open_days();
    spread_population(d);
    assign_links(d);
    size_offices(d);
    return 0;
}
