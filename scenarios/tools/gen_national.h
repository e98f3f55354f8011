/* gen_national: builds the national scenarios (514 regencies) from the area and census tables.
 * Shared declarations of the generator's parts: reading the CSV tables (gen_csv.c), the
 * per-period parameters (gen_profile.c), applying the documented rules (gen_rules.c) and
 * writing the outputs (gen_emit.c). */
#ifndef GEN_NATIONAL_H
#define GEN_NATIONAL_H

#include <stdio.h>

/* Island groups: connectivity, kit breakage and lead times are set per group. */
typedef enum gen_group {
    GEN_SUMATRA, GEN_JAVA, GEN_BALI_NT, GEN_KALIMANTAN, GEN_SULAWESI, GEN_MALUKU, GEN_PAPUA,
    GEN_GROUP_COUNT
} gen_group;

typedef enum gen_link { GEN_ONLINE, GEN_INTERMITTENT, GEN_OFFLINE } gen_link;

typedef struct gen_province {
    int code;                 /* 11 .. 96 */
    char name[96];
    gen_group group;
    long long population;     /* sum of its regencies' 2020 census figures */
    int regency_count;
} gen_province;

typedef struct gen_regency {
    int province_code, code;  /* "PP.KK" = province_code . code */
    int province_index;       /* into gen_data.provinces */
    char name[96];
    int districts;
    long long population;     /* 2020 census (regency-population-2020.csv) */
    long long adults;         /* obliged to hold a KTP */
    double applicants_year;   /* recording arrivals per year */
    double per_day;           /* per open day (rounded to 0.01 when written) */
    int stations, operators, printers;
    gen_link link;
    long long blanks_initial, blanks_reorder, blanks_batch;
} gen_regency;

#define GEN_MAX_PROVINCES 64
#define GEN_MAX_REGENCIES 1000
#define GEN_MAX_HOLIDAYS 64

/* What differs between the periods a national scenario is built for: the run, the demand and
 * the state of kits, links, blanks and offices. Every value is listed, with its source or
 * ASSUMPTION (and what a calibrated one was tuned against), in scenarios/tools/README.md. */
typedef struct gen_profile {
    const char *id;                 /* --profile value, e.g. "2025", "2020-06" */
    const char *name, *description;
    const char *const *notes;       /* the profile's `source` lines, NULL-terminated */
    long seed;
    const char *start_date;         /* a Monday */
    int horizon_days, warmup_days, replications;
    const char *const *holidays;    /* weekdays the offices are closed, in the horizon */
    int holiday_count;
    long long adults_total;         /* wajib KTP, apportioned by census population */
    double applicants_per_adult_year;
    const double *hour_factors;     /* 24 arrival-rate factors by hour of day, or NULL */
    int open_days_per_year;         /* turns the yearly rate into a rate per open day */
    int kits_per_district;
    long long people_per_kit;       /* a regency has at least population / this kits */
    int broken_pct[GEN_GROUP_COUNT];
    double operators_per_station;
    double reprint_share;           /* of replacement applicants: printed without dedup */   /* 1: one per working kit; less: short-staffed offices */
    double poor_link_factor;        /* poor-link share of kabupaten = factor x (1 - use) */
    double internet_use[GEN_GROUP_COUNT];
    double offline_fraction[GEN_GROUP_COUNT];   /* of the poor links */
    int downtime_s[GEN_GROUP_COUNT];            /* intermittent: mean outage */
    int uptime_s;                               /* intermittent: mean time up */
    int sync_every_days[GEN_GROUP_COUNT];       /* offline */
    int cards_per_printer_day;
    int print_s;                    /* mean time to print a card (lognormal, sd a third) */
    double blank_stock_days[GEN_GROUP_COUNT];   /* initial stock and batch, open days */
    int lead_days[GEN_GROUP_COUNT];
    double reorder_extra_days;      /* reorder at demand over the lead time plus this */
    double abis_utilisation;        /* servers sized for this utilisation while open */
    /* A published distribution of time to card to compare with (the scenario's `observed`
     * block), or NULL: six shares (< 1 h, 1-2, 2-3, 3-6, 6-24, > 24 h) of observed_cards. */
    const double *observed_shares;
    double observed_cards;
    const char *observed_what, *observed_source;
} gen_profile;

/* Fills *out with the shipped profile `id` ("2025" or "2020-06"); returns 0, or -1 for an
 * unknown id. Its pointers are to static data. */
int gen_profile_find(const char *id, gen_profile *out);

typedef struct gen_data {
    gen_province provinces[GEN_MAX_PROVINCES];
    int province_count;
    gen_regency regencies[GEN_MAX_REGENCIES];
    int regency_count;
    long long census_total;
    const gen_profile *profile;
    int every;                /* the JSON holds regencies 0, every, 2 x every, ... (1: all) */
    int open_days;            /* open days in the horizon, computed from the calendar */
} gen_data;

/* Reads the four tables under data_dir. On error writes "FILE:LINE: what" (or "FILE: what")
 * into err and returns -1; returns 0 on success. */
int gen_read_tables(const char *data_dir, gen_data *data, char *err, size_t err_size);

/* Applies the profile's rules (adults, demand, stations, links, blanks). Returns 0, or -1
 * with a message in err (e.g. a regency without a district). */
int gen_apply_rules(gen_data *data, const gen_profile *profile, char *err, size_t err_size);

/* Writes the scenario JSON / the per-regency table CSV. Return 0, or -1 on a write error.
 * With data->every > 1 the JSON is a scaled-down copy: every every-th regency (in code
 * order, so each island group and both kabupaten and kota stay represented) with the ABIS
 * sized on their demand, so its utilisation, and the distribution of times, stay the same. */
int gen_write_json(FILE *out, const gen_data *data);
int gen_write_table(FILE *out, const gen_data *data);

extern const char *const gen_group_names[GEN_GROUP_COUNT];
gen_group gen_group_of(int province_code);

#endif
