/* The metric table (models/run/metrics.h): one row per metric. Units: "people", "cards",
 * "blanks", "days", "s" (seconds), "h" (hours), "share" (0..1), "comparisons", "regions",
 * "day" (days from the start date). Every metric is written to summary.json and, for region
 * blocks, regions.csv; ikd_csv marks the IKD metrics that are also columns of ikd.csv. */
#include "models/run/metrics.h"
#include "models/run/run_slots.h"

#include <stddef.h>

#define T(member) offsetof(pipeline_totals, member)
#define SUM(name, unit, member) \
    {name, unit, RUN_METRIC_PIPELINE, RUN_SCOPE_BOTH, RUN_SUM, T(member), 0, 0, 1, -1, 0, NULL}
#define RATIO(name, unit, num, den, hist) \
    {name, unit, RUN_METRIC_PIPELINE, RUN_SCOPE_BOTH, RUN_RATIO, T(num), T(den), 0, 1, hist, 0, \
     NULL}
#define STAGE(name, k) RATIO(name, "s", stage_sum[k], cards_printed, -1)
#define CORE(name, unit, member) \
    {name, unit, RUN_METRIC_PIPELINE, RUN_SCOPE_BOTH, RUN_CORE, \
     offsetof(abis_embedded_stats, member), 0, 0, 1, -1, 0, NULL}
#define SUPPLY(name, unit, kind, member) \
    {name, unit, RUN_METRIC_SUPPLY, RUN_SCOPE_NATIONAL, kind, offsetof(supply_result, member), \
     0, 0, 1, -1, 0, NULL}
#define IKD_SUM(name, unit, member, divisor, col, col_name) \
    {name, unit, RUN_METRIC_IKD, RUN_SCOPE_BOTH, RUN_SUM, T(ikd.member), 0, 0, divisor, -1, \
     col, col_name}
#define IKD_RATIO(name, num, den, den2, col, col_name) \
    {name, "share", RUN_METRIC_IKD, RUN_SCOPE_BOTH, RUN_RATIO, T(num), T(den), den2, 1, -1, \
     col, col_name}
#define IKD_TARGET(name, target) \
    {name, "regions", RUN_METRIC_IKD, RUN_SCOPE_NATIONAL, RUN_IKD_TARGET, target, 0, 0, 1, -1, \
     0, NULL}

static const run_metric table[] = {
    SUM("applicants_arrived", "people", arrived),
    SUM("recorded", "people", recorded),
    SUM("cards_printed", "cards", cards_printed),
    SUM("duplicates_found", "people", duplicates_found),
    SUM("adjudicated", "people", adjudicated),
    SUM("enrol_failures", "people", enrol_failures),
    SUM("suket_issued", "people", suket_issued),
    SUM("suket_backlog_end", "people", suket_backlog_end),
    SUM("blank_stockout_days", "days", blank_stockout_days),
    SUM("blanks_spoiled", "blanks", blanks_spoiled),
    RATIO("cards_within_1h_share", "share", within_1h, owed, -1),
    RATIO("time_to_card_s", "s", ttc_sum, cards_printed, (long)T(ttc)),
    RATIO("time_to_card_in_hand_s", "s", in_hand_sum, in_hand_count, (long)T(in_hand)),
    RATIO("recording_wait_s", "s", rec_wait_sum, rec_wait_count, (long)T(rec_wait)),
    RATIO("upload_delay_s", "s", upload_sum, upload_count, -1),
    RATIO("dedup_turnaround_s", "s", dedup_sum, dedup_count, -1),
    RATIO("print_wait_s", "s", print_wait_sum, print_wait_count, -1),
    RATIO("recording_utilisation", "share", station_busy_s, station_open_s, -1),
    RATIO("operator_utilisation", "share", operator_busy_s, operator_open_s, -1),
    RATIO("link_utilisation", "share", link_busy_s, link_open_s, -1),
    RATIO("printer_utilisation", "share", printer_busy_s, printer_open_s, -1),
    {"abis_utilisation", "share", RUN_METRIC_PIPELINE, RUN_SCOPE_BOTH, RUN_SLOT,
     offsetof(replication_slot, abis_utilisation), 0, 0, 1, -1, 0, NULL},
    {"recording_waiting_end", "people", RUN_METRIC_PIPELINE, RUN_SCOPE_BOTH, RUN_WAITING_END,
     0, 0, 0, 1, -1, 0, NULL},
    SUM("cards_owed", "people", owed),
    SUM("applicants_pending_end", "people", pending_end),
    STAGE("stage_recording_s", STAGE_RECORDING),
    STAGE("stage_network_s", STAGE_NETWORK),
    STAGE("stage_dedup_s", STAGE_DEDUP),
    STAGE("stage_review_s", STAGE_REVIEW),
    STAGE("stage_printing_s", STAGE_PRINTING),
    STAGE("stage_blanks_s", STAGE_BLANKS),
    STAGE("stage_collection_s", STAGE_COLLECTION),
    /* the published bins of time to card, over the cards printed after the warm-up */
    SUM("cards_printed_in_window", "cards", printed_window),
    RATIO("printed_within_1h_share", "share", printed_bin[0], printed_window, -1),
    RATIO("printed_1_2h_share", "share", printed_bin[1], printed_window, -1),
    RATIO("printed_2_3h_share", "share", printed_bin[2], printed_window, -1),
    RATIO("printed_3_6h_share", "share", printed_bin[3], printed_window, -1),
    RATIO("printed_6_24h_share", "share", printed_bin[4], printed_window, -1),
    RATIO("printed_over_24h_share", "share", printed_bin[5], printed_window, -1),
    /* the embedded core's counts are for the shared ABIS, whole run (zero when modeled) */
    CORE("core_comparisons", "comparisons", comparisons),
    CORE("duplicates_injected", "people", duplicates_injected),
    CORE("core_duplicates_found", "people", duplicates_found),
    CORE("false_matches", "people", false_matches),
    CORE("core_reviews", "people", reviews),

    SUPPLY("blanks_procured", "blanks", RUN_SUPPLY_I64, procured),
    SUPPLY("central_stock_end", "blanks", RUN_SUPPLY_I64, central_end),
    SUPPLY("blanks_in_transit_end", "blanks", RUN_SUPPLY_I64, in_transit_end),
    SUPPLY("central_stockout_days", "days", RUN_SUPPLY_F64, central_stockout_days),
    SUPPLY("next_contract_sign_by_day", "day", RUN_SUPPLY_F64, sign_by_day),
    SUPPLY("suket_waiting_over_6_months_end", "people", RUN_SUPPLY_F64, waiting_over_6_months),
    {"blanks_in_transit_end", "blanks", RUN_METRIC_SUPPLY, RUN_SCOPE_REGION, RUN_SUPPLY_REGION,
     0, 0, 0, 1, -1, 0, NULL},

    IKD_SUM("ikd_eligible_end", "people", eligible_end, 1, 0, NULL),
    IKD_SUM("ikd_capable_end", "people", capable_end, 1, 0, NULL),
    IKD_SUM("ikd_active_end", "people", active_end, 1, 0, NULL),
    IKD_RATIO("ikd_share_of_eligible", ikd.active_end, ikd.eligible_end, 0, 0, NULL),
    IKD_SUM("ikd_activations", "people", activations, 1, 1, "activations"),
    IKD_SUM("ikd_remote_activations", "people", remote_activations, 1, 2, "remote_activations"),
    IKD_SUM("ikd_office_visits", "visits", office_visits, 1, 3, "office_visits"),
    IKD_SUM("ikd_failed_attempts", "visits", failed_attempts, 1, 5, "failed_attempts"),
    IKD_SUM("ikd_link_failures", "visits", link_failures, 1, 6, "link_failures"),
    IKD_SUM("ikd_turned_away", "visits", turned_away, 1, 4, "turned_away"),
    IKD_SUM("ikd_gave_up", "people", gave_up, 1, 7, "gave_up"),
    IKD_SUM("ikd_pending_end", "people", pending_end, 1, 8, "pending_end"),
    IKD_SUM("ikd_desk_hours", "h", desk_busy_s, 3600.0, 9, "desk_hours"),
    IKD_RATIO("ikd_desk_utilisation", ikd.desk_busy_s, ikd.desk_open_s, 0, 10,
              "desk_utilisation"),
    IKD_SUM("blanks_saved_by_ikd", "blanks", blanks_saved, 1, 11, "blanks_saved"),
    /* the blanks printing would have used without IKD, cut by this share */
    IKD_RATIO("blank_demand_cut_share", ikd.blanks_saved, cards_printed, T(ikd.blanks_saved), 0,
              NULL),
    IKD_TARGET("ikd_regions_at_low_target", 0),
    IKD_TARGET("ikd_regions_at_high_target", 1),
};

const run_metric *run_metrics(size_t *count)
{
    *count = sizeof table / sizeof table[0];
    return table;
}
