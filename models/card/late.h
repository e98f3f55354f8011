/* Why a card was late: for each person whose card took longer than the target, the time
 * beyond the target is split over the causes that held the person (docs/results.md, "Late
 * causes"). Pure functions on plain structs; thread-safe for distinct tallies. */
#ifndef MODELS_CARD_LATE_H
#define MODELS_CARD_LATE_H

/* The causes, in late_causes.csv order. LATE_PROCESSING is what no cause explains: capture,
 * transfer, search and print times themselves. */
typedef enum late_cause {
    LATE_STATION,         /* waiting for a recording station or an operator */
    LATE_KIT,             /* stations out of order (broken kits) while waiting */
    LATE_POWER,           /* a power cut stopped capture, queue or printer */
    LATE_OUTREACH,        /* an outreach record waiting for the team to bring it back */
    LATE_LINK,            /* the link: transfer queue, outages, waiting for the next sync */
    LATE_DEDUP,           /* the national ABIS: search queue (and support-contract lapses) */
    LATE_REVIEW,          /* manual review (adjudication) */
    LATE_RERECORD,        /* recorded again after an enrol failure, and sent again */
    LATE_PRINTER_QUEUE,   /* waiting for a printer while the office is open, and printing */
    LATE_PRINTER_CLOSED,  /* the result back while the office (and its printer) is closed */
    LATE_BLANKS,          /* no blank card: waiting with a suket */
    LATE_PROCESSING,
    LATE_CAUSE_COUNT
} late_cause;

extern const char *const late_cause_names[LATE_CAUSE_COUNT];

/* Late people and their time beyond the target, by cause. Plain doubles, so tallies of
 * regions and replications add up field by field. */
typedef struct late_tally {
    double people;                      /* people late */
    double main[LATE_CAUSE_COUNT];      /* of them, by the cause with the most excess time */
    double excess_s[LATE_CAUSE_COUNT];  /* seconds beyond the target, by cause */
} late_tally;

/* One person: delay_s[c] seconds held by cause c (LATE_PROCESSING is ignored), total_s from
 * joining the line to the card (or to the horizon for someone still waiting), target_s the
 * target. Nothing happens when total_s <= target_s. Otherwise the excess E = total - target
 * goes to the causes in proportion to their delays when they add up to at least E, else each
 * cause gets its whole delay and processing the rest. The person's main cause is the one
 * with the largest share (ties: the earlier cause). */
void late_tally_add(late_tally *t, const float *delay_s, double total_s, double target_s);

/* The cause with the most excess time, or -1 when nobody was late. */
int late_tally_bottleneck(const late_tally *t);

#endif
