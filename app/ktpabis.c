/* ktpabis: the dedup core as a MOSIP ABIS service over a message broker, and its load test.
 * Dispatches subcommands; `serve` runs the service until SIGTERM or SIGINT. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "app/ktpabis_cmds.h"
#include "app/ktpcore_bio.h"
#include "core/iris.h"
#include "service/cbeff.h"
#include "service/engine.h"
#include "service/fetch.h"
#include "service/status.h"

static const char help[] =
    "usage: ktpabis COMMAND [ARGS]\n"
    "\n"
    "The dedup core as an ABIS service speaking MOSIP's ABIS API (0.9, messages version 1.1)\n"
    "over STOMP 1.2 to a message broker such as ActiveMQ.\n"
    "\n"
    "commands:\n"
    "  serve --registry FILE [broker options] [--threads T] [--batch B] [--prefetch N]\n"
    "        [--threshold X] [--max-results N] [--rotations R]\n"
    "                          consume requests and answer them until SIGTERM\n"
    "  fill --registry FILE --gallery N [--seed S]   bulk-load synthetic people (references\n"
    "                          person-0 ..), the gallery `ktpcore bench` builds with seed S\n"
    "  load --gallery N --rate R --queries Q ...   open-loop load test (see load --help)\n"
    "  cbeff --seed S [--capture C] [--out FILE]   the CBEFF XML of a synthetic person\n"
    "  request [broker options] [--timeout-ms T] FILE...  send requests, print responses\n"
    "  port                    print a free TCP port on 127.0.0.1\n"
    "\n"
    "broker options: --host H (127.0.0.1) --port P (61613) --login L --passcode P\n"
    "  --inbound /queue/NAME (ktp-to-abis) --outbound /queue/NAME (abis-to-ktp)\n"
    "  --message-type text|bytes (text: JMS consumers get TextMessages)\n"
    "exit status: 0 success, 1 failure, 2 bad usage or bad input.\n";

void ktpabis_broker_default(ktpabis_broker *b)
{
    memset(b, 0, sizeof *b);
    b->stomp.host = "127.0.0.1";
    b->stomp.port = 61613;
    b->inbound = "/queue/ktp-to-abis";
    b->outbound = "/queue/abis-to-ktp";
    b->stomp.message_type = "text";
}

int ktpabis_broker_option(int argc, char **argv, int *i, ktpabis_broker *b)
{
    static const char *const names[] = {"--host", "--login", "--passcode", "--inbound",
                                        "--outbound"};
    const char **slots[] = {&b->stomp.host, &b->stomp.login, &b->stomp.passcode, &b->inbound,
                            &b->outbound};
    if (strcmp(argv[*i], "--message-type") == 0) {
        if (*i + 1 >= argc || (strcmp(argv[*i + 1], "text") && strcmp(argv[*i + 1], "bytes"))) {
            fprintf(stderr, "ktpabis: --message-type wants text or bytes\n");
            return -1;
        }
        b->stomp.message_type = argv[++*i];
        return 1;
    }
    if (strcmp(argv[*i], "--port") == 0) {
        long long port;
        if (!ktpcore_bio_long(argc, argv, i, 1, 65535, &port))
            return -1;
        b->stomp.port = (int)port;
        return 1;
    }
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (strcmp(argv[*i], names[k]) == 0) {
            if (*i + 1 >= argc || !argv[*i + 1][0]) {
                fprintf(stderr, "ktpabis: %s needs a value\n", names[k]);
                return -1;
            }
            *slots[k] = argv[++*i];
            return 1;
        }
    return 0;
}

double ktpabis_threshold_for(int target_fpir, size_t gallery, void *ctx)
{
    double rotations = (double)*(const int *)ctx, fpir = pow(10.0, -target_fpir / 10.0);
    if (gallery == 0)
        return 0.5;
    /* The largest score threshold whose model FPIR over the gallery, 1 - (1 - fmr)^N, stays
     * within the target: bisection, fmr rising with the threshold. */
    double lo = 0.0, hi = 0.5;
    for (int k = 0; k < 40; k++) {
        double mid = (lo + hi) / 2, fmr = ktpcore_bio_fused_cdf(mid, 249, 0.5, rotations);
        double model = -expm1((double)gallery * log1p(-fmr));
        if (model <= fpir)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void log_line(void *ctx, const char *line)
{
    (void)ctx;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    fprintf(stderr, "%s ktpabis: %s\n", when, line);
}

static int serve_usage(const char *why)
{
    if (why)
        fprintf(stderr, "ktpabis serve: %s\n", why);
    fprintf(stderr, "usage: ktpabis serve --registry FILE [broker options] [--threads T] "
                    "[--batch B] [--prefetch N] [--threshold X] [--max-results N] "
                    "[--rotations R]\n");
    return 2;
}

int ktpabis_cmd_serve(int argc, char **argv)
{
    ktpabis_broker b;
    ktpabis_broker_default(&b);
    static int rotations = CORE_IRIS_DEFAULT_ROTATIONS;
    svc_engine_config c = {0};
    long long threads = 2, batch = 32, prefetch = 256, max_results = 10, rot = rotations;
    double threshold = 0.30;
    for (int i = 1; i < argc; i++) {
        int k = ktpabis_broker_option(argc, argv, &i, &b);
        bool ok = k >= 0;
        if (k != 0)
            ;
        else if (strcmp(argv[i], "--registry") == 0 && i + 1 < argc)
            c.registry = argv[++i];
        else if (strcmp(argv[i], "--threads") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, 256, &threads);
        else if (strcmp(argv[i], "--batch") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, 256, &batch);
        else if (strcmp(argv[i], "--prefetch") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, 100000, &prefetch);
        else if (strcmp(argv[i], "--max-results") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, 1000, &max_results);
        else if (strcmp(argv[i], "--rotations") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, CORE_IRIS_MAX_ROTATIONS, &rot) && rot % 2;
        else if (strcmp(argv[i], "--threshold") == 0)
            ok = ktpcore_bio_double(argc, argv, &i, 0.0, 1.0, &threshold);
        else
            return serve_usage("unknown option or missing value");
        if (!ok)
            return serve_usage(NULL);
    }
    if (!c.registry)
        return serve_usage("--registry FILE is required");
    rotations = (int)rot;
    c.broker = b.stomp;
    c.inbound = b.inbound, c.outbound = b.outbound;
    c.threads = (int)threads, c.rotations = rotations, c.batch_max = (int)batch;
    c.prefetch = (int)prefetch, c.threshold = threshold, c.max_results = (long)max_results;
    c.threshold_for = ktpabis_threshold_for, c.threshold_ctx = &rotations;
    c.log = log_line, c.stop = &stop_requested;
    struct sigaction sa = {0};
    sa.sa_handler = on_signal; /* no SA_RESTART: a blocked poll returns and sees the flag */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    svc_cbeff_init();
    if (svc_fetch_init() != SVC_OK) {
        fprintf(stderr, "ktpabis serve: cannot initialise libcurl\n");
        return 1;
    }
    char err[512] = "";
    int rc = svc_engine_run(&c, err, sizeof err);
    svc_fetch_cleanup();
    svc_cbeff_cleanup();
    if (rc != SVC_OK) {
        fprintf(stderr, "ktpabis serve: %s\n", err[0] ? err : svc_strerror(rc));
        return rc == SVC_EINVAL ? 2 : 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(help, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "serve") == 0)
        return ktpabis_cmd_serve(argc - 1, argv + 1);
    if (strcmp(cmd, "load") == 0)
        return ktpabis_cmd_load(argc - 1, argv + 1);
    if (strcmp(cmd, "fill") == 0)
        return ktpabis_cmd_fill(argc - 1, argv + 1);
    if (strcmp(cmd, "cbeff") == 0)
        return ktpabis_cmd_cbeff(argc - 1, argv + 1);
    if (strcmp(cmd, "request") == 0)
        return ktpabis_cmd_request(argc - 1, argv + 1);
    if (strcmp(cmd, "port") == 0)
        return ktpabis_cmd_port(argc - 1, argv + 1);
    fprintf(stderr, "ktpabis: unknown command '%s' (try ktpabis help)\n", cmd);
    return 2;
}
