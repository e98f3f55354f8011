/* ktpcore registry / enrol / issue / demo: the registry and issuance half of core/ on the
 * command line. Opens the registry, runs one operation, prints the result (text or JSON). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "app/cli_args.h"
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

static int registry_person(core_registry *reg, const char *id_text, const char *nik)
{
    long long id = 0;
    if (id_text && cli_whole(id_text, 1, INT64_MAX, &id) != 0) {
        fprintf(stderr, "ktpcore registry person: --id expects a whole number from 1 to %lld,"
                        " got \"%s\"\n", (long long)INT64_MAX, id_text);
        return 2;
    }
    core_person p;
    int rc = nik ? core_registry_person_by_nik(reg, nik, &p)
             : id_text ? core_registry_person_get(reg, (uint64_t)id, &p)
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
    const char *sub = argv[1], *path = NULL, *id = NULL, *nik = NULL;
    int json = 0;
    size_t given = 0;
    const cli_option options[] = {CLI_FLAG_OPT("--json", &json), CLI_TEXT_OPT("--id", &id),
                                  CLI_TEXT_OPT("--nik", &nik)};
    if (strcmp(sub, "init") && strcmp(sub, "info") && strcmp(sub, "check") &&
        strcmp(sub, "person")) {
        fputs(registry_help, stderr);
        return 2;
    }
    /* info and init take --json, person --id and --nik, check nothing */
    const cli_option *accepted = strcmp(sub, "person") == 0 ? options + 1 : options;
    size_t accepted_count = strcmp(sub, "person") == 0 ? 2 : strcmp(sub, "check") == 0 ? 0 : 1;
    if (cli_parse("ktpcore registry", argc - 2, argv + 2, accepted, accepted_count, &path, 1,
                  &given) != 0)
        return 2;
    core_registry *reg = NULL;
    int flags = strcmp(sub, "init") == 0 ? CORE_REGISTRY_CREATE
                : strcmp(sub, "check") == 0 ? 0
                                            : CORE_REGISTRY_READONLY | CORE_REGISTRY_NO_GALLERY;
    int code = open_registry("registry", path, flags, &reg);
    if (code != 0)
        return code;
    char err[512] = "";
    if (strcmp(sub, "info") == 0 || strcmp(sub, "init") == 0) {
        core_registry_info info;
        int rc = core_registry_info_get(reg, &info);
        if (rc == CORE_OK)
            print_info(&info, json);
        code = rc == CORE_OK ? 0 : fail("registry info", rc, err);
    } else if (strcmp(sub, "check") == 0) {
        int rc = core_registry_check(reg, err, sizeof err);
        if (rc == CORE_OK)
            printf("%s: ok\n", path);
        code = rc == CORE_OK ? 0 : fail("registry check", rc, err);
    } else {
        code = registry_person(reg, id, nik);
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

/* Copies a text option into a field of size bytes, refusing (not cutting) a longer one. */
static int copy_text(const char *flag, const char *value, char *field, size_t size)
{
    size_t length = strlen(value);
    if (length >= size) {
        fprintf(stderr, "ktpcore enrol: %s is %zu bytes; at most %zu are allowed\n", flag, length,
                size - 1);
        return 2;
    }
    memcpy(field, value, length + 1);
    return 0;
}

typedef struct enrol_args {
    const char *path, *name, *sex, *birth, *place, *mother, *nik, *district, *iris, *request_id;
    double match_below, review_below;
    int json;
} enrol_args;

static int parse_enrol(int argc, char **argv, enrol_args *e)
{
    core_dedup_config defaults;
    core_dedup_config_default(&defaults);
    *e = (enrol_args){.match_below = defaults.match_below,
                      .review_below = defaults.review_below};
    const cli_option options[] = {
        CLI_TEXT_OPT("--name", &e->name),         CLI_TEXT_OPT("--sex", &e->sex),
        CLI_TEXT_OPT("--birth", &e->birth),       CLI_TEXT_OPT("--place", &e->place),
        CLI_TEXT_OPT("--mother", &e->mother),     CLI_TEXT_OPT("--nik", &e->nik),
        CLI_TEXT_OPT("--district", &e->district), CLI_TEXT_OPT("--iris", &e->iris),
        CLI_FLAG_OPT("--json", &e->json),        CLI_TEXT_OPT("--request-id", &e->request_id),
        CLI_REAL_OPT("--match-below", &e->match_below, 0, 1),
        CLI_REAL_OPT("--review-below", &e->review_below, 0, 1)};
    if (cli_parse("ktpcore enrol", argc, argv, options, sizeof options / sizeof options[0],
                  &e->path, 1, NULL) != 0)
        return 2;
    const char *missing = !e->path ? "FILE" : !e->name ? "--name" : !e->sex ? "--sex"
                          : !e->birth ? "--birth" : !e->place ? "--place"
                          : !e->mother ? "--mother" : !e->district ? "--district"
                          : !e->iris ? "--iris" : NULL;
    if (missing) {
        fprintf(stderr, "ktpcore enrol: %s is required\n", missing);
        return 2;
    }
    return 0;
}

static int parse_applicant(const enrol_args *e, core_person *p, core_template *t)
{
    memset(p, 0, sizeof *p);
    if (copy_text("--name", e->name, p->name, sizeof p->name) ||
        copy_text("--place", e->place, p->birth_place, sizeof p->birth_place) ||
        copy_text("--mother", e->mother, p->mother_name, sizeof p->mother_name))
        return 2;
    p->sex = strcmp(e->sex, "female") == 0 ? CORE_SEX_FEMALE
             : strcmp(e->sex, "male") == 0 ? CORE_SEX_MALE
                                           : 0;
    p->district_code = ktpcore_parse_district(e->district);
    const char *bad = p->sex == 0 ? "--sex expects male or female"
                      : p->district_code < 0 ? "--district expects PP.KK.CC"
                      : ktpcore_parse_date(e->birth, &p->birth_year, &p->birth_month,
                                           &p->birth_day) != 0 ? "--birth expects YYYY-MM-DD"
                      : e->nik && strlen(e->nik) != CORE_NIK_DIGITS ? "--nik expects 16 digits"
                      : parse_iris(e->iris, t) != 0 ? "--iris expects SEED[:CAPTURE]"
                                                    : NULL;
    if (bad) {
        fprintf(stderr, "ktpcore enrol: %s\n", bad);
        return 2;
    }
    if (e->nik)
        memcpy(p->nik, e->nik, CORE_NIK_DIGITS + 1);
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
                        " [--nik NIK] [--match-below X] [--review-below Y] [--request-id KEY] [--json]\n");
        return 2;
    }
    enrol_args e;
    core_person p;
    core_template t;
    int code = parse_enrol(argc - 1, argv + 1, &e);
    if (code == 0)
        code = parse_applicant(&e, &p, &t);
    if (code != 0)
        return code;
    core_dedup_config cfg;
    core_dedup_config_default(&cfg);
    cfg.match_below = e.match_below;
    cfg.review_below = e.review_below;
    core_registry *reg = NULL;
    if ((code = open_registry("enrol", e.path, CORE_REGISTRY_CHECKED, &reg)) != 0)
        return code;
    core_decision d;
    char err[512] = "";
    int replayed = 0;
    int rc = e.request_id ? core_enrol_request(reg, e.request_id, &p, &t, &cfg, &d, &replayed,
                                               err, sizeof err)
                          : core_enrol(reg, &p, &t, &cfg, &d, err, sizeof err);
    if (rc == CORE_OK)
        print_decision(&d, e.json);
    if (replayed)
        fprintf(stderr, "ktpcore enrol: request %s was already enrolled: its first decision,"
                        " nothing written\n", e.request_id);
    core_registry_close(reg);
    return rc == CORE_OK ? 0 : fail("enrol", rc, err);
}

static const char issue_usage[] =
    "usage: ktpcore issue FILE --card N --to STATUS [--blank SERIAL] [--duplicate-of ID]"
    " [--note TEXT]\n"
    "STATUS: recorded sent-for-enrolment print-ready duplicate adjudicate enrol-failure"
    " printed collected replaced-lost replaced-damaged replaced-data-change revoked\n";

int ktpcore_cmd_issue(int argc, char **argv)
{
    const char *path = NULL, *to = NULL;
    long long card = 0, duplicate_of = 0;
    core_transition_args args = {0};
    const cli_option options[] = {
        CLI_WHOLE_OPT("--card", &card, 1, INT64_MAX),
        CLI_TEXT_OPT("--to", &to),
        CLI_TEXT_OPT("--blank", &args.blank_serial),
        CLI_WHOLE_OPT("--duplicate-of", &duplicate_of, 1, INT64_MAX),
        CLI_TEXT_OPT("--note", &args.note)};
    core_card_status status;
    if (cli_parse("ktpcore issue", argc - 1, argv + 1, options,
                  sizeof options / sizeof options[0], &path, 1, NULL) != 0)
        return 2;
    if (!path || !card || !to || core_card_status_parse(to, &status) != CORE_OK) {
        fputs(issue_usage, stderr);
        return 2;
    }
    args.duplicate_of = (uint64_t)duplicate_of;
    core_registry *reg = NULL;
    int code = open_registry("issue", path, CORE_REGISTRY_CHECKED, &reg);
    if (code != 0)
        return code;
    uint64_t new_card = 0, id = (uint64_t)card;
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
