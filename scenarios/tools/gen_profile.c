/* gen_national: the periods the national scenario is built for. June 2020 is calibrated
 * against the ministry's one published national measurement; 2025 starts from those
 * parameters and changes only what is documented to have changed since (links, blanks).
 * Every value is listed with its source, or as ASSUMPTION with what it was tuned against, in
 * scenarios/tools/README.md and docs/calibration.md. */
#include <string.h>

#include "gen_national.h"

/* ASSUMPTION: 2025 national holidays and joint leave (cuti bersama) falling on weekdays in the
 * horizon, after the 2025 joint ministerial decree as recalled; check before relying on them. */
static const char *const holidays_2025[] = {
    "2025-01-27", "2025-01-28", "2025-01-29", "2025-03-28", "2025-03-31", "2025-04-01",
    "2025-04-02", "2025-04-03", "2025-04-04", "2025-04-07", "2025-04-18", "2025-05-01",
    "2025-05-12", "2025-05-13", "2025-05-29", "2025-05-30", "2025-06-06", "2025-06-09",
    "2025-06-27", "2025-08-18", "2025-09-05", "2025-12-25", "2025-12-26", "2026-01-01"
};

/* ASSUMPTION: weekday holidays of May-June 2020 as recalled (Waisak 7 May, Ascension 21 May,
 * Idul Fitri 25 May, Pancasila 1 June; the Idul Fitri joint leave was moved to December). */
static const char *const holidays_2020[] = {
    "2020-05-07", "2020-05-21", "2020-05-25", "2020-06-01"
};

/* ASSUMPTION (calibrated): people come in the morning; one city gave queue numbers until
 * 12:00 (data/domain-facts.md One hour, conf. L). Factors of the 08:00-16:00 day, mean 1. */
static const double morning_2020[24] = {
    1, 1, 1, 1, 1, 1, 1, 1, 4, 2, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1
};

/* Villages without signal: 6.8% in 2020, 3.7% in 2023 (data/domain-facts.md Connectivity,
 * conf. H). ASSUMPTION: offline offices and link outages shrank in the same proportion. */
#define SIGNAL_2023_OVER_2020 (3.7 / 6.8)

/* June 2020 as published (data/domain-facts.md One hour and service times): 257,477,
 * 136,863, 98,579, 249,507, 96,712 and 50,383 of 889,521 applications. */
static const double june_2020_shares[6] = { 0.2894, 0.1539, 0.1108, 0.2805, 0.1087, 0.0566 };

static const char *const notes_2025[] = {
    "Rebased on the June 2020 calibration (scenarios/national-2020-06.json, docs/calibration.md): the same kits (25-30% broken; no figure after 2019), reprints (45% of replacement applicants printed without a search), morning arrivals, printers and ABIS sizing (125% of the open hours' searches). What changed since 2020, and how: adults 205.0 M (Nov 2023, data/domain-facts.md Population) instead of 196.4 M; demand 0.055 per adult a year (ASSUMPTION below) instead of June 2020's calibrated rate; villages without signal fell from 6.8% (2020) to 3.7% (2023) (data/domain-facts.md Connectivity, conf. H), so ASSUMPTION the offline share of poor links and the mean outage of intermittent ones are scaled by 3.7 / 6.8; blanks: ASSUMPTION no national shortage (30 open days of stock, reordered with 5 open days to spare, lead times 7 / 14 / 21 days), where June 2020 had the calibrated short stocks; no COVID-19 restrictions (one operator per working kit).",
    "Demand: ASSUMPTION new holders (people turning 17) about 1/60 of the population a year; they are 40% of applicants, the other 60% data changes, damaged, lost or moved (data/domain-facts.md Blank cards, conf. L), so about 11.3 M applicants a year nationally, i.e. 0.055 per KTP-obliged adult per year, spread evenly over the open days (Monday-Friday 08:00-16:00 without holidays).",
    "Holidays: ASSUMPTION the 2025 national holidays and joint leave on weekdays, as recalled from the 2025 decree; verify before relying on them.",
    NULL
};

static const char *const notes_2020[] = {
    "Calibrated against the one national measurement: in June 2020, of 889,521 e-KTP applications 28.94% were done within 1 h, 15.39% in 1-2 h, 11.08% in 2-3 h, 28.05% in 3-6 h, 10.87% in 6-24 h, 5.66% over 24 h; the ministry named blank shortages and offline systems as the causes of the slow ones (data/domain-facts.md One hour and service times, Dirjen Dukcapil via medcom.id 7 Jul 2020, conf. H). Reading: the time from joining the office's line to the card printed (the model's time to card), of the cards printed in June; the comparison (observed block, docs/calibration.md) uses the same.",
    "Conditions of the time (data/domain-facts.md, conf. H/M): blanks short (1.5 M added at the end of December 2019 and 16 M funded for 2020 against a stated need of 41 M; 25 M more only in July 2020); recording 99.11% of 196.4 M adults by the end of 2020; COVID-19 office restrictions from March 2020; broken kits 25-30% in 2019.",
    "Run: 4 May to 30 June 2020, the first 28 days (to 31 May) a warm-up so that queues, links and blank stocks are in their June state; June is what is measured. Holidays: ASSUMPTION Waisak 7 May, Ascension 21 May, Idul Fitri 25 May, Pancasila 1 June (recalled; the Idul Fitri joint leave was moved to December 2020).",
    NULL
};

static const gen_profile june_2020 = {
    .id = "2020-06",
    .name = "Indonesia, June 2020: 514 regencies calibrated to the ministry's measured issuance times (generated)",
    .description = "Every regency and city of Indonesia with its 2020 census population in May-June "
        "2020: short blank stocks, offline and intermittent links by island group, old and broken "
        "kits, offices short-staffed under COVID-19 restrictions. June is measured (after a "
        "28-day warm-up) and compared with the published June 2020 distribution of times to card "
        "(the observed block). Generated by scenarios/tools/gen_national --profile 2020-06; the "
        "calibration is described in docs/calibration.md.",
    .notes = notes_2020,
    .seed = 2020,
    .start_date = "2020-05-04",
    .horizon_days = 58,
    .warmup_days = 28,
    .replications = 3,
    .holidays = holidays_2020,
    .holiday_count = (int)(sizeof holidays_2020 / sizeof holidays_2020[0]),
    .adults_total = 196400000LL,
    .applicants_per_adult_year = 0.0547,
    .hour_factors = morning_2020,
    .open_days_per_year = 250,
    .kits_per_district = 2,
    .people_per_kit = 100000,
    .broken_pct = { 25, 25, 25, 25, 25, 30, 30 },
    .operators_per_station = 0.6,
    .reprint_share = 0.45,
    .poor_link_factor = 2.0,
    .internet_use = { 0.795, 0.836, 0.795, 0.795, 0.684, 0.699, 0.699 },
    .offline_fraction = { 0.15, 0.0, 0.15, 0.15, 0.15, 0.15, 0.5 },
    .downtime_s = { 7200, 7200, 7200, 7200, 7200, 7200, 7200 },
    .uptime_s = 14400,
    .sync_every_days = { 1, 1, 1, 1, 1, 1, 3 },
    .cards_per_printer_day = 200,
    .print_s = 90,
    .blank_stock_days = { 20, 20, 20, 20, 20, 20, 20 },
    .lead_days = { 14, 14, 21, 21, 21, 28, 28 },
    .reorder_extra_days = -2.5,
    .abis_utilisation = 1.25,
    .observed_shares = june_2020_shares,
    .observed_cards = 889521,
    .observed_what = "June 2020: time from application at the office to card printed, of the cards printed in the month (the model: cards printed after the warm-up, i.e. in June)",
    .observed_source = "Dirjen Dukcapil via medcom.id, 7 July 2020 (data/domain-facts.md One hour and service times, conf. H)",
};

/* 2025 is June 2020's calibrated office, link and ABIS behaviour with what is documented to
 * have changed since; every change is listed in the first of its notes. */
static gen_profile year_2025(void)
{
    gen_profile p = june_2020;
    p.id = "2025";
    p.name = "Indonesia 2025: all 38 provinces and 514 regencies, one office each (generated)";
    p.description = "Every regency and city of Indonesia with its real code, name and 2020 census "
        "population, one recording office per regency pooling its working kits, a link by island "
        "group, local printing and blank stock, and one national ABIS, over the 2025 working year, "
        "rebased on the June 2020 calibration (national-2020-06.json, docs/calibration.md). "
        "Generated by scenarios/tools/gen_national from data/ (do not edit by hand: change the "
        "tables or the rules and rebuild; see scenarios/tools/README.md).";
    p.notes = notes_2025;
    p.seed = 2025;
    p.start_date = "2025-01-06";
    p.horizon_days = 364;
    p.warmup_days = 14;
    p.holidays = holidays_2025;
    p.holiday_count = (int)(sizeof holidays_2025 / sizeof holidays_2025[0]);
    p.adults_total = 205000000LL;
    p.applicants_per_adult_year = 0.055;
    p.open_days_per_year = 0; /* the open days of the horizon */
    p.operators_per_station = 1.0;
    for (int g = 0; g < GEN_GROUP_COUNT; g++) {
        p.offline_fraction[g] *= SIGNAL_2023_OVER_2020;
        p.downtime_s[g] = (int)(p.downtime_s[g] * SIGNAL_2023_OVER_2020 + 0.5);
        p.blank_stock_days[g] = 30;
    }
    static const int lead_days[GEN_GROUP_COUNT] = { 14, 7, 14, 14, 14, 21, 21 };
    memcpy(p.lead_days, lead_days, sizeof lead_days);
    p.reorder_extra_days = 5;
    p.observed_shares = NULL; /* no measurement of 2025 */
    return p;
}

int gen_profile_find(const char *id, gen_profile *out)
{
    if (strcmp(id, june_2020.id) == 0)
        *out = june_2020;
    else if (strcmp(id, "2025") == 0)
        *out = year_2025();
    else
        return -1;
    return 0;
}
