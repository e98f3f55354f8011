/* Attribution of a late card's excess time to its causes (see late.h for the rule). Shares in
 * proportion to delays, because a delay shortened by x shortens the card by at most x: the
 * cause that held a person longest is the one whose removal helps most. */
#include "models/card/late.h"

const char *const late_cause_names[LATE_CAUSE_COUNT] = {
    "station_or_operator", "kit_broken", "power_cut", "outreach_batch", "link_or_sync",
    "dedup_queue", "manual_review", "re_recording", "printer_queue", "printer_closed",
    "blanks_out", "processing"};

void late_tally_add(late_tally *t, const float *delay_s, double total_s, double target_s)
{
    double excess = total_s - target_s, delays = 0;
    if (!(excess > 0))
        return;
    for (int c = 0; c < LATE_PROCESSING; c++)
        delays += delay_s[c] > 0 ? delay_s[c] : 0;
    double scale = delays >= excess ? excess / delays : 1;
    double share[LATE_CAUSE_COUNT], explained = 0;
    for (int c = 0; c < LATE_PROCESSING; c++) {
        share[c] = delay_s[c] > 0 ? delay_s[c] * scale : 0;
        explained += share[c];
    }
    share[LATE_PROCESSING] = excess > explained ? excess - explained : 0;
    int main = 0;
    for (int c = 0; c < LATE_CAUSE_COUNT; c++) {
        t->excess_s[c] += share[c];
        main = share[c] > share[main] ? c : main;
    }
    t->people += 1;
    t->main[main] += 1;
}

int late_tally_bottleneck(const late_tally *t)
{
    if (!(t->people > 0))
        return -1;
    int worst = 0;
    for (int c = 1; c < LATE_CAUSE_COUNT; c++)
        worst = t->excess_s[c] > t->excess_s[worst] ? c : worst;
    return worst;
}
