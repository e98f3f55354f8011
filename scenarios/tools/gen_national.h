/* gen_national: builds scenarios/national.json (514 regencies) from the area and census tables.
 * Shared declarations of the generator's three parts: reading the CSV tables (gen_csv.c),
 * applying the documented rules (gen_rules.c) and writing the outputs (gen_emit.c). */
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
    long long population;     /* 2020 census, after the Papua split */
    int regency_count;
} gen_province;

typedef struct gen_regency {
    int province_code, code;  /* "PP.KK" = province_code . code */
    int province_index;       /* into gen_data.provinces */
    char name[96];
    int districts;
    long long population;     /* share of the province's census figure, by districts */
    long long adults;         /* obliged to hold a KTP */
    double applicants_year;   /* recording arrivals per year */
    double per_day;           /* per open day (rounded to 0.01 when written) */
    int stations, printers;
    gen_link link;
    long long blanks_initial, blanks_reorder, blanks_batch;
} gen_regency;

#define GEN_MAX_PROVINCES 64
#define GEN_MAX_REGENCIES 1000
#define GEN_MAX_OLD 64

/* A row of province-population-2020.csv (provinces as they were in 2020). */
typedef struct gen_census {
    int code;
    long long population;
} gen_census;

typedef struct gen_data {
    gen_province provinces[GEN_MAX_PROVINCES];
    int province_count;
    gen_regency regencies[GEN_MAX_REGENCIES];
    int regency_count;
    gen_census census[GEN_MAX_OLD];
    int census_count;
    long long census_total;
    int open_days;            /* open days in the horizon, computed from the calendar */
} gen_data;

/* Reads the four tables under data_dir. On error writes "FILE:LINE: what" (or "FILE: what")
 * into err and returns -1; returns 0 on success. */
int gen_read_tables(const char *data_dir, gen_data *data, char *err, size_t err_size);

/* Applies the rules (Papua split, spread over regencies, adults, demand, stations, links,
 * blanks). Returns 0, or -1 with a message in err (e.g. a census code without a province). */
int gen_apply_rules(gen_data *data, char *err, size_t err_size);

/* Writes the scenario JSON / the per-regency table CSV. Return 0, or -1 on a write error. */
int gen_write_json(FILE *out, const gen_data *data);
int gen_write_table(FILE *out, const gen_data *data);

/* The rule constants, shared by the rules and the notes written into the JSON. */
extern const char *const gen_group_names[GEN_GROUP_COUNT];
double gen_group_internet_use(gen_group group);
int gen_group_broken_pct(gen_group group);
int gen_group_lead_days(gen_group group);
gen_group gen_group_of(int province_code);

#define GEN_ADULTS_TOTAL 205000000LL       /* wajib KTP, Nov 2023 (domain-facts) */
#define GEN_APPLICANTS_PER_ADULT_YEAR 0.055 /* see scenarios/tools/README.md */
#define GEN_KITS_PER_DISTRICT 2
#define GEN_CARDS_PER_PRINTER_DAY 200
#define GEN_START_DATE "2025-01-06"
#define GEN_HORIZON_DAYS 364

extern const char *const gen_holidays[];
extern const int gen_holiday_count;

#endif
