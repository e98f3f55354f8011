/* The ktpabis subcommands (ktpabis*.c) and the option helpers they share. Each returns the
 * process exit status: 0 ok, 1 failure, 2 bad usage or input. */
#ifndef KTPABIS_CMDS_H
#define KTPABIS_CMDS_H

#include <stdbool.h>
#include <stddef.h>
#include "service/stomp.h"

int ktpabis_cmd_serve(int argc, char **argv);
int ktpabis_cmd_load(int argc, char **argv);
int ktpabis_cmd_cbeff(int argc, char **argv);
int ktpabis_cmd_fill(int argc, char **argv);
int ktpabis_cmd_port(int argc, char **argv);
int ktpabis_cmd_request(int argc, char **argv);

/* Broker options shared by serve, request and load: --host, --port, --login, --passcode,
 * --inbound, --outbound. Returns 1 if argv[*i] was one of them (value consumed), 0 if not,
 * -1 on a bad value (message printed). */
typedef struct ktpabis_broker {
    svc_stomp_config stomp;
    const char *inbound, *outbound;
} ktpabis_broker;
void ktpabis_broker_default(ktpabis_broker *b);
int ktpabis_broker_option(int argc, char **argv, int *i, ktpabis_broker *b);

/* The score below which a candidate is returned for targetFPIR t over a gallery of n, from
 * the binomial model of impostor scores (ktpcore_bio_fused_cdf). ctx: the rotations (int *). */
double ktpabis_threshold_for(int target_fpir, size_t gallery, void *ctx);

#endif
