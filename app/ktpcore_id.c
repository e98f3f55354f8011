/* ktpcore registry / enrol / issue / demo: the registry and issuance half of core/ on the
 * command line. Opens the registry, runs one operation, prints the result (text or JSON). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "app/ktpcore_id.h"
#include "core/enrol.h"
#include "core/issuance.h"
#include "core/registry.h"
#include "core/status.h"

static int fail(const char *what, int rc, const char *err)
{
    fprintf(stderr, "ktpcore %s: %s\n", what, err[0] ? err : core_strerror(rc));
    return ktpcore_exit_code(rc);
}

static int open_registry(const char *what, const char *path, int flags, core_registry **reg)
{
    char err[512] = "";
    int rc = core_registry_open(path, flags, reg, err, sizeof err);
    return rc == CORE_OK ? 0 : fail(what, rc, err);
}

/* Finds "--name value" in argv; NULL if absent. */
static const char *option(int argc, char **argv, const char *name)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return NULL;
}

static int has_flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return 0;
}

static void print_info(const core_registry_info *in, int json)
{
    if (json) {
        printf("{\"schema_version\": %d, \"journal_mode\": \"%s\", \"persons\": %lld, "
               "\"enrolments\": %lld, \"templates\": %lld, \"cards\": %lld, \"decisions\": %lld, "
               "\"ikd_credentials\": %lld, \"audit_entries\": %lld, \"nik_prefixes\": %lld}\n",
               in->schema_version, in->journal_mode, (long long)in->persons,
               (long long)in->enrolments, (long long)in->templates, (long long)in->cards,
               (long long)in->decisions, (long long)in->ikd_credentials,
               (long long)in->audit_entries, (long long)in->nik_prefixes);
        return;
    }
    printf("schema version   %d\njournal mode     %s\npersons          %lld\n"
           "enrolments       %lld\ntemplates        %lld\ncards            %lld\n"
           "decisions        %lld\nIKD credentials  %lld\naudit entries    %lld\n"
           "NIK prefixes     %lld\n",
           in->schema_version, in->journal_mode, (long long)in->persons,
           (long long)in->enrolments, (long long)in->templates, (long long)in->cards,
           (long long)in->decisions, (long long)in->ikd_credentials,
           (long long)in->audit_entries, (long long)in->nik_prefixes);
}

static int registry_person(core_registry *reg, int argc, char **argv)
{
    const char *id = option(argc, argv, "--id"), *nik = option(argc, argv, "--nik");
    core_person p;
    int rc = nik ? core_registry_person_by_nik(reg, nik, &p)
             : id ? core_registry_person_get(reg, strtoull(id, NULL, 10), &p)
                  : CORE_EINVAL;
    if (rc != CORE_OK) {
        fprintf(stderr, "ktpcore registry person: %s\n",
                rc == CORE_EINVAL ? "give --id N or --nik NIK" : "no such person");
        return ktpcore_exit_code(rc);
    }
    printf("person       %llu\nNIK          %s\nname         %s\nsex          %s\n"
           "birth        %04d-%02d-%02d in %s\nmother       %s\ndistrict     %02ld.%02ld.%02ld\n",
           (unsigned long long)p.id, p.nik, p.name, p.sex == CORE_SEX_FEMALE ? "female" : "male",
           p.birth_year, p.birth_month, p.birth_day, p.birth_place, p.mother_name,
           p.district_code / 10000, p.district_code / 100 % 100, p.district_code % 100);
    core_card cards[16];
    size_t n = 0;
    if (core_issuance_cards_of_person(reg, p.id, cards, 16, &n) == CORE_OK)
        for (size_t i = 0; i < n && i < 16; i++)
            printf("card %-7llu %s%s%s\n", (unsigned long long)cards[i].id,
                   core_card_status_name(cards[i].status),
                   cards[i].blank_serial[0] ? " blank " : "", cards[i].blank_serial);
    return 0;
}

static const char registry_help[] =
    "usage: ktpcore registry init FILE\n"
    "       ktpcore registry info FILE [--json]\n"
    "       ktpcore registry check FILE\n"
    "       ktpcore registry person FILE --id N | --nik NIK\n";

int ktpcore_cmd_registry(int argc, char **argv)
{
    if (argc < 3) {
        fputs(registry_help, argc > 1 && strcmp(argv[1], "--help") == 0 ? stdout : stderr);
        return argc > 1 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    const char *sub = argv[1], *path = argv[2];
    core_registry *reg = NULL;
    int flags = strcmp(sub, "init") == 0 ? CORE_REGISTRY_CREATE
                : strcmp(sub, "check") == 0 ? 0
                                            : CORE_REGISTRY_READONLY | CORE_REGISTRY_NO_GALLERY;
    if (strcmp(sub, "init") && strcmp(sub, "info") && strcmp(sub, "check") &&
        strcmp(sub, "person")) {
        fputs(registry_help, stderr);
        return 2;
    }
    int code = open_registry("registry", path, flags, &reg);
    if (code != 0)
        return code;
    char err[512] = "";
    if (strcmp(sub, "info") == 0 || strcmp(sub, "init") == 0) {
        core_registry_info info;
        int rc = core_registry_info_get(reg, &info);
        if (rc == CORE_OK)
            print_info(&info, has_flag(argc, argv, "--json"));
        code = rc == CORE_OK ? 0 : fail("registry info", rc, err);
    } else if (strcmp(sub, "check") == 0) {
        int rc = core_registry_check(reg, err, sizeof err);
        if (rc == CORE_OK)
            printf("%s: ok\n", path);
        code = rc == CORE_OK ? 0 : fail("registry check", rc, err);
    } else {
        code = registry_person(reg, argc - 2, argv + 2);
    }
    core_registry_close(reg);
    return code;
}

/* --iris SEED[:CAPTURE] */
static int parse_iris(const char *v, core_template *t)
{
    unsigned long long seed = 0;
    unsigned capture_no = 0;
    int used = 0;
    if (!v || sscanf(v, "%llu%n", &seed, &used) != 1)
        return -1;
    if (v[used] == ':' && sscanf(v + used + 1, "%u", &capture_no) != 1)
        return -1;
    return core_iris_synth(seed, capture_no, NULL, t) == CORE_OK ? 0 : -1;
}

static int parse_applicant(int argc, char **argv, core_person *p, core_template *t)
{
    memset(p, 0, sizeof *p);
    const char *name = option(argc, argv, "--name"), *sex = option(argc, argv, "--sex"),
               *birth = option(argc, argv, "--birth"), *place = option(argc, argv, "--place"),
               *mother = option(argc, argv, "--mother"), *nik = option(argc, argv, "--nik"),
               *district = option(argc, argv, "--district"), *iris = option(argc, argv, "--iris");
    const char *bad = !name ? "--name" : !sex ? "--sex" : !birth ? "--birth" : !place ? "--place"
                      : !mother ? "--mother" : !district ? "--district" : !iris ? "--iris" : NULL;
    if (bad) {
        fprintf(stderr, "ktpcore enrol: %s is required\n", bad);
        return 2;
    }
    snprintf(p->name, sizeof p->name, "%s", name);
    snprintf(p->birth_place, sizeof p->birth_place, "%s", place);
    snprintf(p->mother_name, sizeof p->mother_name, "%s", mother);
    snprintf(p->nik, sizeof p->nik, "%s", nik ? nik : "");
    p->sex = strcmp(sex, "female") == 0 ? CORE_SEX_FEMALE
             : strcmp(sex, "male") == 0 ? CORE_SEX_MALE
                                        : 0;
    p->district_code = ktpcore_parse_district(district);
    if (p->sex == 0 || p->district_code < 0 ||
        ktpcore_parse_date(birth, &p->birth_year, &p->birth_month, &p->birth_day) != 0 ||
        (nik && strlen(nik) >= sizeof p->nik) || parse_iris(iris, t) != 0) {
        fprintf(stderr, "ktpcore enrol: --sex male|female, --district PP.KK.CC, "
                        "--birth YYYY-MM-DD, --iris SEED[:CAPTURE], --nik 16 digits\n");
        return 2;
    }
    return 0;
}

static void print_decision(const core_decision *d, int json)
{
    if (json) {
        printf("{\"outcome\": \"%s\", \"person_id\": %llu, \"nik\": \"%s\", \"card_id\": %llu, "
               "\"decision_id\": %llu, \"best_score\": %.4f, \"comparisons\": %llu, \"reason\": ",
               core_outcome_name(d->outcome), (unsigned long long)d->person_id, d->nik,
               (unsigned long long)d->card_id, (unsigned long long)d->decision_id, d->best_score,
               (unsigned long long)d->comparisons);
        ktpcore_json_string(stdout, d->reason);
        printf("}\n");
        return;
    }
    printf("outcome      %s\nreason       %s\nperson       %llu\nNIK          %s\n"
           "card         %llu\nbest score   %.4f\ncomparisons  %llu\n",
           core_outcome_name(d->outcome), d->reason, (unsigned long long)d->person_id,
           d->nik[0] ? d->nik : "-", (unsigned long long)d->card_id, d->best_score,
           (unsigned long long)d->comparisons);
}

int ktpcore_cmd_enrol(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: ktpcore enrol FILE --name N --sex male|female --birth YYYY-MM-DD"
                        " --place P --mother M --district PP.KK.CC --iris SEED[:CAPTURE]"
                        " [--nik NIK] [--match-below X] [--review-below Y] [--json]\n");
        return 2;
    }
    core_person p;
    core_template t;
    int code = parse_applicant(argc - 1, argv + 1, &p, &t);
    if (code != 0)
        return code;
    core_dedup_config cfg;
    core_dedup_config_default(&cfg);
    const char *m = option(argc, argv, "--match-below"), *r = option(argc, argv, "--review-below");
    if (m)
        cfg.match_below = atof(m);
    if (r)
        cfg.review_below = atof(r);
    core_registry *reg = NULL;
    if ((code = open_registry("enrol", argv[1], CORE_REGISTRY_CHECKED, &reg)) != 0)
        return code;
    core_decision d;
    char err[512] = "";
    int rc = core_enrol(reg, &p, &t, &cfg, &d, err, sizeof err);
    if (rc == CORE_OK)
        print_decision(&d, has_flag(argc, argv, "--json"));
    core_registry_close(reg);
    return rc == CORE_OK ? 0 : fail("enrol", rc, err);
}

int ktpcore_cmd_issue(int argc, char **argv)
{
    const char *card = option(argc, argv, "--card"), *to = option(argc, argv, "--to");
    core_card_status status;
    if (argc < 2 || argv[1][0] == '-' || !card || !to ||
        core_card_status_parse(to, &status) != CORE_OK) {
        fprintf(stderr, "usage: ktpcore issue FILE --card N --to STATUS [--blank SERIAL]"
                        " [--duplicate-of ID] [--note TEXT]\n"
                        "STATUS: recorded sent-for-enrolment print-ready duplicate adjudicate"
                        " enrol-failure printed collected replaced-lost replaced-damaged"
                        " replaced-data-change revoked\n");
        return 2;
    }
    const char *dup = option(argc, argv, "--duplicate-of");
    core_transition_args args = {.blank_serial = option(argc, argv, "--blank"),
                                 .duplicate_of = dup ? strtoull(dup, NULL, 10) : 0,
                                 .note = option(argc, argv, "--note")};
    core_registry *reg = NULL;
    int code = open_registry("issue", argv[1], CORE_REGISTRY_CHECKED, &reg);
    if (code != 0)
        return code;
    uint64_t new_card = 0, id = strtoull(card, NULL, 10);
    char err[512] = "";
    int rc = core_issuance_transition(reg, id, status, &args, &new_card, err, sizeof err);
    if (rc == CORE_OK) {
        printf("card %llu: %s\n", (unsigned long long)id, to);
        if (new_card)
            printf("card %llu: print-ready (replaces %llu)\n", (unsigned long long)new_card,
                   (unsigned long long)id);
    }
    core_registry_close(reg);
    return rc == CORE_OK ? 0 : fail("issue", rc, err);
}
