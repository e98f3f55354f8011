/* Shared helpers of the biometric ktpcore subcommands (ktpcore_bio*.c): option parsing that
 * turns bad input into exit code 2 with a message, clocks, and seeds for synthetic people. */
#ifndef KTPCORE_BIO_H
#define KTPCORE_BIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/iris.h"

#define KTPCORE_USAGE 2

/* Parses argv[*i + 1] as the value of option argv[*i]; prints a message and returns false on
 * a missing or malformed value or one outside [lo, hi]. Advances *i past the value. */
bool ktpcore_bio_long(int argc, char **argv, int *i, long long lo, long long hi,
                      long long *out);
bool ktpcore_bio_double(int argc, char **argv, int *i, double lo, double hi, double *out);

/* Prints "prefix: why" (unless why is NULL: already reported) and the usage line to stderr;
 * returns KTPCORE_USAGE. */
int ktpcore_bio_usage(const char *prefix, const char *why, const char *usage);

double ktpcore_bio_now(void);              /* monotonic seconds */
double ktpcore_bio_cpu(void);              /* CPU seconds of the whole process */
uint64_t ktpcore_bio_seed(uint64_t base, uint64_t index); /* well-mixed identity seed */
double ktpcore_bio_loadavg(void);          /* 1-minute load average, -1 if unknown */
/* Runs fn on each of count jobs (job i at (char *)jobs + i x job_size), each on a thread of
 * its own where one can be started, in this thread otherwise; returns when all are done. */
void ktpcore_bio_parallel(void *jobs, size_t job_size, int count, void *(*fn)(void *));

/* The probes of `ktpcore bench` (also sent by `ktpabis load`, so both measure the same
 * searches): gallery person i (0-based) is ktpcore_bio_seed(seed, i) capture 0; query q of
 * `queries` is mated (a new capture 1 + q of a person drawn from the seed, *mate = person + 1)
 * for the first round(dup_share x queries) queries, else someone never enrolled (*mate = 0).
 * Returns core_iris_synth's status. */
int ktpcore_bio_probe(uint64_t seed, long long gallery, long long queries, double dup_share,
                      long long q, uint64_t *mate, core_template *probe);

/* Binomial model of impostor scores (Daugman): one eye's score is X/n, X ~ Binomial(n, p),
 * n the degrees of freedom; the best of r independent rotations has the cdf below (binomial
 * continued to real n and k); two eyes fuse as the mean of their best scores (discrete
 * convolution, integer n). Both return P(score <= hd); NAN if out of memory. */
double ktpcore_bio_best_of_cdf(double hd, double n, double p, double r);
double ktpcore_bio_fused_cdf(double hd, int n, double p, double r);

#endif
