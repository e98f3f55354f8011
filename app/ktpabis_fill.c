/* `ktpabis fill`: bulk-loads synthetic people into a service registry (references
 * "person-<i>", the gallery of `ktpcore bench` with the same seed) in one transaction, so a
 * load test starts from a gallery of any size without a million insert messages. Run it
 * while no service has the registry open. */
#include <stdio.h>
#include <string.h>
#include "app/ktpabis_cmds.h"
#include "app/ktpcore_bio.h"
#include "core/iris.h"
#include "service/status.h"
#include "service/store.h"

static int fill_usage(void)
{
    fprintf(stderr, "usage: ktpabis fill --registry FILE --gallery N [--seed S]\n");
    return 2;
}

int ktpabis_cmd_fill(int argc, char **argv)
{
    const char *registry = NULL;
    long long gallery = 0, seed = 1;
    for (int i = 1; i < argc; i++) {
        bool ok = true;
        if (strcmp(argv[i], "--registry") == 0 && i + 1 < argc)
            registry = argv[++i];
        else if (strcmp(argv[i], "--gallery") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, 100000000LL, &gallery);
        else if (strcmp(argv[i], "--seed") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 0, INT64_MAX, &seed);
        else
            ok = false;
        if (!ok)
            return fill_usage();
    }
    if (!registry || !gallery)
        return fill_usage();
    char err[512] = "";
    svc_store *s;
    int rc = svc_store_open(registry, &s, err, sizeof err);
    long long have = rc == SVC_OK ? (long long)svc_store_count(s) : 0, added = 0;
    if (rc == SVC_OK)
        rc = svc_store_begin(s);
    for (long long i = have; i < gallery && rc == SVC_OK; i++, added++) {
        core_template t;
        char ref[64];
        snprintf(ref, sizeof ref, "person-%lld", i);
        rc = core_iris_synth(ktpcore_bio_seed((uint64_t)seed, (uint64_t)i), 0, NULL, &t)
                 ? SVC_EINVAL
                 : svc_store_insert(s, ref, &t, "fill", "{}", err, sizeof err);
    }
    if (rc == SVC_OK)
        rc = svc_store_commit(s);
    svc_store_close(s);
    if (rc != SVC_OK) {
        fprintf(stderr, "ktpabis fill: %s\n", err[0] ? err : svc_strerror(rc));
        return 1;
    }
    printf("{\"registry\": \"%s\", \"references\": %lld, \"added\": %lld, \"seed\": %lld}\n",
           registry, have + added, added, seed);
    return 0;
}
