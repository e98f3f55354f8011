/* Internal to `ktpabis load` (ktpabis_load*.c): its options and the state of one run. */
#ifndef KTPABIS_LOAD_H
#define KTPABIS_LOAD_H

#include <stdint.h>
#include "app/ktpabis_cmds.h"
#include "service/stomp.h"

#define LOAD_MAX_PENDING 100000

enum load_kind { LOAD_IDENTIFY = 1, LOAD_INSERT = 2 };
enum load_outcome { LOAD_OK = 1, LOAD_FAILED = 2, LOAD_MATE_FOUND = 4, LOAD_ANY_CANDIDATE = 8 };

typedef struct load_cfg {
    ktpabis_broker broker;
    long long gallery, queries, seed, rotations;
    double rate, dup_share, insert_share, pending_every_s, drain_s;
    const char *out, *calibrate;
} load_cfg;

typedef struct load_run {
    load_cfg cfg;
    char probe_dir[4096];
    char run_id[48];      /* in every requestId: a service answers a repeated requestId from
                             its records, so each run's ids must be new */
    long long arrivals;   /* requests planned: identify and insert */
    int *kind;            /* enum load_kind per arrival */
    long long *query;     /* identify: its query number q (ktpcore_bio_probe); else -1 */
    double *arrival_s;    /* planned send times (monotonic seconds) */
    uint64_t *mate;       /* identify: mated person + 1, or 0 */
    double *sent_s, *done_s; /* actual send time; answer time (0: none) */
    int *outcome;         /* enum load_outcome bits */
    double pending_sent_s[LOAD_MAX_PENDING], pending_at_s[LOAD_MAX_PENDING];
    long long pending_jobs[LOAD_MAX_PENDING];
    int n_pending_sent;
    svc_stomp *send_conn, *recv_conn; /* one per thread */
    double t0, loadavg;
    volatile int sender_done, failed;
} load_run;

/* Takes answers until every request is answered or drain_s after the last send. */
void load_collect(load_run *L);
/* --out DIR: latency.dat, pending.dat, load.gp and, if gnuplot runs, load.png. 0 or -1. */
int load_plot(const load_run *L);
/* Prints the JSON report, writes --out and --calibrate files. The exit status. */
int load_report(load_run *L);

#endif
