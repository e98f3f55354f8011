/* `ktpcore impostors`: the impostor score distribution of synthetic IrisCodes, its binomial
 * fit and false-match rates next to Daugman's published odds; plus option helpers shared
 * with `ktpcore bench` (ktpcore_bio_bench.c). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "app/cli_args.h"
#include "app/ktpcore_bio.h"
#include "app/ktpcore_cmds.h"
#include "core/iris.h"
#include "core/status.h"

#define N_THRESHOLDS 7 /* 0.29 .. 0.35 */
#define MAX_THREADS 64

bool ktpcore_bio_long(int argc, char **argv, int *i, long long lo, long long hi,
                      long long *out)
{
    cli_option option = CLI_WHOLE_OPT(argv[*i], out, lo, hi);
    if (*i + 1 >= argc) {
        fprintf(stderr, "ktpcore: %s needs a value\n", option.name);
        return false;
    }
    const char *text = argv[++*i];
    return cli_whole(text, lo, hi, out) == 0 || (cli_bad_value("ktpcore", &option, text), false);
}

bool ktpcore_bio_double(int argc, char **argv, int *i, double lo, double hi, double *out)
{
    cli_option option = CLI_REAL_OPT(argv[*i], out, lo, hi);
    if (*i + 1 >= argc) {
        fprintf(stderr, "ktpcore: %s needs a value\n", option.name);
        return false;
    }
    const char *text = argv[++*i];
    return cli_real(text, lo, hi, out) == 0 || (cli_bad_value("ktpcore", &option, text), false);
}

int ktpcore_bio_usage(const char *prefix, const char *why, const char *usage)
{
    if (why)
        fprintf(stderr, "%s: %s\n", prefix, why);
    fprintf(stderr, "%s\n", usage);
    return KTPCORE_USAGE;
}

double ktpcore_bio_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

double ktpcore_bio_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

uint64_t ktpcore_bio_seed(uint64_t base, uint64_t index)
{
    uint64_t z = base * 0x9e3779b97f4a7c15ULL + index + 0x632be59bd9b4e019ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int ktpcore_bio_probe(uint64_t seed, long long gallery, long long queries, double dup_share,
                      long long q, uint64_t *mate, core_template *probe)
{
    long long mated = (long long)llround(dup_share * (double)queries);
    if (q < mated) {
        long long person = (long long)(ktpcore_bio_seed(seed ^ 0xabcdefULL, (uint64_t)q) %
                                       (uint64_t)gallery);
        *mate = (uint64_t)person + 1;
        return core_iris_synth(ktpcore_bio_seed(seed, (uint64_t)person), 1 + (uint32_t)q, NULL,
                               probe);
    }
    *mate = 0; /* someone never enrolled: people numbered after the gallery */
    return core_iris_synth(ktpcore_bio_seed(seed, (uint64_t)(gallery + q)), 0, NULL, probe);
}

double ktpcore_bio_loadavg(void)
{
    FILE *f = fopen("/proc/loadavg", "r");
    double load = -1.0;
    if (f) {
        if (fscanf(f, "%lf", &load) != 1)
            load = -1.0;
        fclose(f);
    }
    return load;
}

/* ---- the impostor run ---- */

typedef struct chunk_stats {
    double n, sum1, sumsq1, sum_best, sumsq_best, min_best;
    uint64_t below[N_THRESHOLDS];       /* best-of-rotations eye scores <= threshold */
    uint64_t below_fused[N_THRESHOLDS]; /* person pairs whose fused score <= threshold */
} chunk_stats;

/* Like Daugman's 9.1 million comparisons, all pairs among a set of people: pair (i, j), i < j,
 * enumerated row by row until --pairs are reached; both eyes of a pair count. */
typedef struct impostor_job {
    long long pairs, people;
    int rotations, threads, index;
    uint64_t seed;
    core_template *captures; /* one capture per person */
    chunk_stats *rows;       /* one per person i, merged in order afterwards */
    int failed;
} impostor_job;

static double threshold_at(int k) { return 0.29 + 0.01 * k; }

/* Pairs in rows before row i: row r holds people - 1 - r pairs. */
static long long pairs_before(long long people, long long i)
{
    return i * (people - 1) - i * (i - 1) / 2;
}

static int run_row(const impostor_job *job, long long i, chunk_stats *s)
{
    memset(s, 0, sizeof *s);
    s->min_best = 1.0;
    long long first = pairs_before(job->people, i);
    for (long long j = i + 1; j < job->people && first + (j - i - 1) < job->pairs; j++) {
        const core_template *a = &job->captures[i], *b = &job->captures[j];
        double fused = 0.0;
        for (int e = 0; e < 2; e++) {
            core_iris_score one, best;
            if (core_iris_match(&a->eye[e], &b->eye[e], 1, &one) ||
                core_iris_match(&a->eye[e], &b->eye[e], job->rotations, &best))
                return CORE_EINVAL;
            s->n += 1;
            s->sum1 += one.score;
            s->sumsq1 += one.score * one.score;
            s->sum_best += best.score;
            s->sumsq_best += best.score * best.score;
            s->min_best = best.score < s->min_best ? best.score : s->min_best;
            for (int t = 0; t < N_THRESHOLDS; t++)
                s->below[t] += best.score <= threshold_at(t);
            fused += best.score / 2; /* synthetic eyes are always usable */
        }
        for (int t = 0; t < N_THRESHOLDS; t++)
            s->below_fused[t] += fused <= threshold_at(t);
    }
    return CORE_OK;
}

static void *impostor_worker(void *arg)
{
    impostor_job *job = arg;
    for (long long k = job->index; k < job->people; k += job->threads)
        if (core_iris_synth(ktpcore_bio_seed(job->seed, (uint64_t)k), 0, NULL,
                            &job->captures[k]) != CORE_OK)
            job->failed = 1;
    return NULL;
}

static void *impostor_rows(void *arg)
{
    impostor_job *job = arg;
    for (long long i = job->index; i < job->people; i += job->threads)
        if (run_row(job, i, &job->rows[i]) != CORE_OK)
            job->failed = 1;
    return NULL;
}

void ktpcore_bio_parallel(void *jobs, size_t job_size, int count, void *(*fn)(void *))
{
    pthread_t tid[MAX_THREADS];
    int started[MAX_THREADS] = {0};
    for (int t = 0; t < count && t < MAX_THREADS; t++) {
        void *job = (char *)jobs + (size_t)t * job_size;
        started[t] = pthread_create(&tid[t], NULL, fn, job) == 0;
        if (!started[t])
            fn(job);
    }
    for (int t = 0; t < count && t < MAX_THREADS; t++)
        if (started[t])
            pthread_join(tid[t], NULL);
}

/* Runs fn on every job, in threads where possible; returns 1 if any job failed. */
static int run_jobs(impostor_job *jobs, int threads, void *(*fn)(void *))
{
    int failed = 0;
    ktpcore_bio_parallel(jobs, sizeof *jobs, threads, fn);
    for (int t = 0; t < threads; t++)
        failed |= jobs[t].failed;
    return failed;
}

/* log P(X = k) for X ~ Binomial(n, p). */
static double binom_log_pmf(int k, int n, double p)
{
    return lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) + k * log(p) +
           (n - k) * log1p(-p);
}

/* Continued fraction of the regularised incomplete beta function (modified Lentz). */
static double beta_fraction(double a, double b, double x)
{
    const double tiny = 1e-300;
    double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
    d = 1.0 / (fabs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 500; m++) {
        double m2 = 2.0 * m;
        double even = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        for (int k = 0; k < 2; k++) {
            double step = k ? odd : even;
            d = 1.0 + step * d;
            d = 1.0 / (fabs(d) < tiny ? tiny : d);
            c = 1.0 + step / c;
            c = fabs(c) < tiny ? tiny : c;
            h *= d * c;
        }
        if (fabs(d * c - 1.0) < 1e-15)
            break;
    }
    return h;
}

/* I_x(a, b), the regularised incomplete beta function. */
static double beta_inc(double a, double b, double x)
{
    if (x <= 0.0)
        return 0.0;
    if (x >= 1.0)
        return 1.0;
    double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
    if (x < (a + 1.0) / (a + b + 2.0))
        return front * beta_fraction(a, b, x) / a;
    return 1.0 - front * beta_fraction(b, a, 1.0 - x) / b;
}

/* P(X <= k) for X ~ Binomial(n, p), continued to real k (and real n) through the incomplete
 * beta function, so thresholds between integers do not jump: Daugman's tables treat the
 * degrees of freedom as a real number in the same way. */
static double binom_cdf_real(double k, double n, double p)
{
    if (k < 0.0)
        return 0.0;
    if (k >= n)
        return 1.0;
    return beta_inc(n - k, k + 1.0, 1.0 - p);
}

double ktpcore_bio_best_of_cdf(double hd, double n, double p, double r)
{
    double f = binom_cdf_real(hd * n, n, p);
    return -expm1(r * log1p(-f));
}

double ktpcore_bio_fused_cdf(double hd, int n, double p, double r)
{
    /* pmf of the best of r: P(min = k) = S(k-1)^r - S(k)^r with S(k) = P(X > k); the fused
     * score is (k1 + k2) / 2n, so sum the joint pmf over k1 + k2 <= 2 n hd. */
    double *pmf = malloc(((size_t)n + 1) * sizeof *pmf);
    if (!pmf)
        return NAN;
    double f = 0.0, survive_prev = 1.0;
    for (int k = 0; k <= n; k++) {
        f += exp(binom_log_pmf(k, n, p));
        double survive = f >= 1.0 ? 0.0 : exp(r * log1p(-f));
        pmf[k] = survive_prev - survive;
        survive_prev = survive;
    }
    int limit = (int)floor(2.0 * hd * n + 1e-9);
    double total = 0.0, cumulative = 0.0;
    for (int k2 = 0, k1 = limit; k1 >= 0; k1--) { /* cumulative = P(X2 <= limit - k1) */
        for (; k2 <= limit - k1 && k2 <= n; k2++)
            cumulative += pmf[k2];
        if (k1 <= n)
            total += pmf[k1] * cumulative;
    }
    free(pmf);
    return total;
}

/* Mean of the minimum of r independent Binomial(n, p) / n. */
static double best_of_mean(int n, double p, double r)
{
    double mean = 0.0, survive_prev = 1.0, f = 0.0;
    for (int k = 0; k <= n; k++) {
        f += exp(binom_log_pmf(k, n, p));
        double survive = f >= 1.0 ? 0.0 : exp(r * log1p(-f));
        mean += (double)k / n * (survive_prev - survive);
        survive_prev = survive;
    }
    return mean;
}

/* The number of independent rotations whose minimum has the measured mean (1..rotations). */
static double effective_rotations(int n, double p, double measured_mean, int rotations)
{
    double lo = 1.0, hi = rotations;
    if (best_of_mean(n, p, hi) >= measured_mean)
        return hi;
    if (best_of_mean(n, p, lo) <= measured_mean)
        return lo;
    for (int it = 0; it < 60; it++) {
        double mid = 0.5 * (lo + hi);
        if (best_of_mean(n, p, mid) > measured_mean)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static double daugman_odds(int k) /* "1 in X" as the issue quotes them; 0 = not quoted */
{
    static const double odds[N_THRESHOLDS] = {0, 1.5e9, 185e6, 26e6, 4e6, 0, 0};
    return odds[k];
}

static void print_rate(const char *key, double rate, const char *tail)
{
    printf("\"%s\": %.6g, \"%s_one_in\": ", key, rate, key);
    if (rate > 0)
        printf("%.4g%s", 1.0 / rate, tail);
    else
        printf("null%s", tail);
}

static void print_impostors(const impostor_job *job, const chunk_stats *all, double elapsed,
                            bool json)
{
    double m1 = all->sum1 / all->n, sd1 = sqrt((all->sumsq1 - all->n * m1 * m1) / (all->n - 1));
    double mb = all->sum_best / all->n;
    double sdb = sqrt((all->sumsq_best - all->n * mb * mb) / (all->n - 1));
    double dof = m1 * (1 - m1) / (sd1 * sd1);
    int n_fit = (int)lround(dof);
    double r_eff = effective_rotations(n_fit, m1, mb, job->rotations);
    if (!json) {
        printf("impostor comparisons %.0f: single rotation mean %.4f sd %.4f dof %.1f; "
               "best of %d mean %.4f sd %.4f\n", all->n, m1, sd1, dof, job->rotations, mb, sdb);
        for (int t = 0; t < N_THRESHOLDS; t++)
            printf("HD <= %.2f: %llu false matches (%.3g)\n", threshold_at(t),
                   (unsigned long long)all->below[t], all->below[t] / all->n);
        return;
    }
    printf("{\"pairs\": %lld, \"people\": %lld, \"eye_comparisons\": %.0f, \"rotations\": %d, "
           "\"seed\": %llu, \"elapsed_s\": %.3f,\n", job->pairs, job->people, all->n,
           job->rotations, (unsigned long long)job->seed, elapsed);
    printf(" \"single_rotation\": {\"mean\": %.5f, \"sd\": %.5f, \"dof\": %.1f},\n", m1, sd1, dof);
    printf(" \"best_of_rotations\": {\"mean\": %.5f, \"sd\": %.5f, \"min\": %.5f, "
           "\"effective_independent_rotations\": %.2f},\n", mb, sdb, all->min_best, r_eff);
    printf(" \"false_match\": [\n");
    for (int t = 0; t < N_THRESHOLDS; t++) {
        double hd = threshold_at(t), emp = all->below[t] / all->n;
        printf("  {\"hd\": %.2f, \"empirical_count\": %llu, ", hd,
               (unsigned long long)all->below[t]);
        print_rate("empirical", emp, ", ");
        if (all->below[t]) /* a zero count still bounds the rate: the rule of three */
            printf("\"empirical_upper95\": null, ");
        else
            printf("\"empirical_upper95\": %.3g, ", 3.0 / all->n);
        print_rate("fit", ktpcore_bio_best_of_cdf(hd, dof, m1, r_eff), ", ");
        print_rate("daugman_model", ktpcore_bio_best_of_cdf(hd, 249, 0.5, 7), ", ");
        printf("\"fused_two_eyes_count\": %llu, ", (unsigned long long)all->below_fused[t]);
        print_rate("fused_two_eyes_fit", ktpcore_bio_fused_cdf(hd, n_fit, m1, r_eff), ", ");
        if (daugman_odds(t) > 0)
            printf("\"daugman_published_one_in\": %.4g}", daugman_odds(t));
        else
            printf("\"daugman_published_one_in\": null}");
        printf("%s\n", t + 1 < N_THRESHOLDS ? "," : "");
    }
    printf(" ]}\n");
}

/* why: the message, or NULL when the problem was already reported. */
static int impostors_usage(const char *why)
{
    if (why)
        fprintf(stderr, "ktpcore impostors: %s\n", why);
    fprintf(stderr, "usage: ktpcore impostors --pairs N [--rotations R] [--threads T] "
                    "[--seed S] [--json]\n");
    return KTPCORE_USAGE;
}

int ktpcore_cmd_impostors(int argc, char **argv)
{
    long long pairs = 0, rotations = CORE_IRIS_DEFAULT_ROTATIONS, threads = 2, seed = 1;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        bool ok = true;
        if (strcmp(argv[i], "--pairs") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 2, 1000000000LL, &pairs);
        else if (strcmp(argv[i], "--rotations") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, CORE_IRIS_MAX_ROTATIONS, &rotations);
        else if (strcmp(argv[i], "--threads") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, MAX_THREADS, &threads);
        else if (strcmp(argv[i], "--seed") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 0, INT64_MAX, &seed);
        else if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--help") == 0) {
            printf("usage: ktpcore impostors --pairs N [--rotations R] [--threads T] [--seed S] "
                   "[--json]\nCompares both eyes of N pairs of synthetic people (all pairs "
                   "among enough people) and fits Daugman's binomial model.\n");
            return 0;
        } else {
            fprintf(stderr, "ktpcore impostors: unknown option '%s'\n", argv[i]);
            return impostors_usage(NULL);
        }
        if (!ok)
            return impostors_usage(NULL);
    }
    if (pairs == 0)
        return impostors_usage("--pairs N is required");
    if (rotations % 2 == 0)
        return impostors_usage("--rotations must be odd");
    long long people = 2;
    while (pairs_before(people, people - 1) < pairs)
        people++;
    core_template *captures = aligned_alloc(64, (size_t)people * sizeof *captures);
    chunk_stats *rows = calloc((size_t)people, sizeof *rows);
    impostor_job jobs[MAX_THREADS];
    if (!captures || !rows) {
        free(captures);
        free(rows);
        fprintf(stderr, "ktpcore impostors: out of memory\n");
        return 1;
    }
    double start = ktpcore_bio_now();
    for (int t = 0; t < threads; t++)
        jobs[t] = (impostor_job){pairs, people, (int)rotations, (int)threads, t,
                                 (uint64_t)seed, captures, rows, 0};
    int failed = run_jobs(jobs, (int)threads, impostor_worker) ||
                 run_jobs(jobs, (int)threads, impostor_rows);
    chunk_stats all = {0};
    all.min_best = 1.0;
    for (long long c = 0; c < people; c++) { /* fixed order: same sums for any threads */
        all.n += rows[c].n;
        all.sum1 += rows[c].sum1;
        all.sumsq1 += rows[c].sumsq1;
        all.sum_best += rows[c].sum_best;
        all.sumsq_best += rows[c].sumsq_best;
        all.min_best = rows[c].min_best < all.min_best ? rows[c].min_best : all.min_best;
        for (int k = 0; k < N_THRESHOLDS; k++) {
            all.below[k] += rows[c].below[k];
            all.below_fused[k] += rows[c].below_fused[k];
        }
    }
    free(captures);
    free(rows);
    if (failed) {
        fprintf(stderr, "ktpcore impostors: synthesis or matching failed\n");
        return 1;
    }
    print_impostors(&jobs[0], &all, ktpcore_bio_now() - start, json);
    return 0;
}
