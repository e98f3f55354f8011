/* ktpcore: the command line of the dedup and issuance library. Dispatches subcommands
 * (nik, registry, enrol, issue, demo here and in ktpcore_id.c; impostors and bench in
 * ktpcore_bio*.c) and prints help and version. Exit: 0 ok, 1 failure, 2 bad usage or input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/cli_args.h"
#include "app/ktpcore_cmds.h"
#include "app/ktpcore_id.h"
#include "app/ktpcore_ikd.h"
#include "core/area.h"
#include "core/nik.h"
#include "core/registry.h"
#include "core/status.h"

static const char main_help[] =
    "usage: ktpcore COMMAND [ARGS]\n"
    "\n"
    "The e-KTP dedup and issuance core: NIKs, the SQLite registry, enrolment with dedup\n"
    "decisions, the card lifecycle, and iris-matching measurements.\n"
    "\n"
    "commands:\n"
    "  nik parse NIK [--json]        explain a NIK (area names, sex, birth date, serial)\n"
    "  nik validate NIK...           check NIKs; one line each, exact reason when invalid\n"
    "  nik compose --district PP.KK.CC --birth YYYY-MM-DD --sex male|female [--serial N]\n"
    "  registry init FILE            create an empty registry (no other command creates one)\n"
    "  registry info FILE [--json]   schema version, journal mode, row counts\n"
    "  registry check FILE           integrity_check and the registry's own invariants\n"
    "  registry person FILE --id N | --nik NIK   a person and their cards\n"
    "  enrol FILE --name N --sex S --birth D --place P --mother M --district PP.KK.CC\n"
    "        --iris SEED[:CAPTURE] [--nik NIK] [--match-below X] [--review-below Y] [--json]\n"
    "        [--request-id KEY]      enrol one applicant (synthetic iris) and print the decision;\n"
    "                                a retry with the same KEY prints the first decision again\n"
    "  issue FILE --card N --to STATUS [--blank SERIAL] [--duplicate-of ID] [--note TEXT]\n"
    "                                move a card through its lifecycle\n"
    "  demo FILE --people N [--dup-share R] [--seed S] [--durable]\n"
    "                                enrol N synthetic applicants; print outcome counts (JSON)\n"
    "  impostors --pairs N [--json]  impostor score distribution and false-match rates\n"
    "  bench --gallery N --queries M ...   1:N identification load test (see bench --help)\n"
    "  ikd issue|verify|revoke|export-key|show ...   signed IKD credentials and their QR\n"
    "                                codes (see ikd --help)\n"
    "  version                       print the version\n"
    "  help                          print this help (also --help, -h)\n"
    "\n"
    "Card statuses: recorded, sent-for-enrolment, print-ready, duplicate, adjudicate,\n"
    "enrol-failure, printed, collected, replaced-lost, replaced-damaged,\n"
    "replaced-data-change, revoked.\n"
    "exit status: 0 success, 1 failure, 2 bad usage or bad input.\n";

static const char nik_help[] =
    "usage: ktpcore nik parse NIK [--json]\n"
    "       ktpcore nik validate NIK...\n"
    "       ktpcore nik compose --district PP.KK.CC --birth YYYY-MM-DD --sex male|female"
    " [--serial N]\n"
    "\n"
    "A NIK is 16 digits PP KK CC DDMMYY SSSS: province, regency and district where first\n"
    "issued, day of birth (+40 for women), month, two-digit year, serial 0001-9999.\n"
    "Area codes are checked against the 7,285 districts compiled into ktpcore.\n";

int ktpcore_exit_code(int status)
{
    switch (status) {
    case CORE_OK: return 0;
    case CORE_EINVAL:
    case CORE_ENOTFOUND:
    case CORE_ECORRUPT:
    case CORE_EVERSION:
    case CORE_ESTATE:
    case CORE_EEXIST: return 2;
    }
    return 1;
}

void ktpcore_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

long ktpcore_parse_district(const char *t)
{
    int pp, kk, cc, used = 0;
    if (!t || sscanf(t, "%2d.%2d.%2d%n", &pp, &kk, &cc, &used) != 3 || t[used] != '\0' ||
        strlen(t) != 8)
        return -1;
    return pp * 10000L + kk * 100L + cc;
}

int ktpcore_parse_date(const char *t, int *year, int *month, int *day)
{
    int used = 0;
    if (!t || strlen(t) != 10 || sscanf(t, "%4d-%2d-%2d%n", year, month, day, &used) != 3 ||
        t[used] != '\0')
        return -1;
    return 0;
}

static void print_nik(const char *text, const core_nik *p, int json)
{
    long pp = p->province, kk = pp * 100 + p->regency, cc = kk * 100 + p->district;
    const char *names[3] = {core_area_name(CORE_AREA_PROVINCE, pp),
                            core_area_name(CORE_AREA_REGENCY, kk),
                            core_area_name(CORE_AREA_DISTRICT, cc)};
    if (json) {
        printf("{\"nik\": \"%s\", \"province\": {\"code\": \"%02ld\", \"name\": ", text, pp);
        ktpcore_json_string(stdout, names[0]);
        printf("}, \"regency\": {\"code\": \"%02ld.%02d\", \"name\": ", pp, p->regency);
        ktpcore_json_string(stdout, names[1]);
        printf("}, \"district\": {\"code\": \"%02ld.%02d.%02d\", \"name\": ", pp, p->regency,
               p->district);
        ktpcore_json_string(stdout, names[2]);
        printf("}, \"sex\": \"%s\", \"birth_day\": %d, \"birth_month\": %d, "
               "\"birth_year2\": %d, \"serial\": %d}\n",
               p->female ? "female" : "male", p->birth_day, p->birth_month, p->birth_year2,
               p->serial);
        return;
    }
    printf("NIK         %s\n", text);
    printf("province    %02ld %s\n", pp, names[0]);
    printf("regency     %02ld.%02d %s\n", pp, p->regency, names[1]);
    printf("district    %02ld.%02d.%02d %s\n", pp, p->regency, p->district, names[2]);
    printf("sex         %s\n", p->female ? "female (day coded +40)" : "male");
    printf("birth date  %02d-%02d-%02d (DD-MM-YY)\n", p->birth_day, p->birth_month,
           p->birth_year2);
    printf("serial      %04d\n", p->serial);
}

static int nik_parse(int argc, char **argv)
{
    const char *text = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (!text)
            text = argv[i];
        else {
            fprintf(stderr, "ktpcore nik parse: unexpected argument \"%s\"\n", argv[i]);
            return 2;
        }
    }
    if (!text) {
        fputs(nik_help, stderr);
        return 2;
    }
    core_nik p;
    char err[160];
    int rc = core_nik_parse(text, &p, err, sizeof err);
    if (rc != CORE_OK) {
        fprintf(stderr, "ktpcore: invalid NIK \"%s\": %s\n", text, err);
        return ktpcore_exit_code(rc);
    }
    print_nik(text, &p, json);
    return 0;
}

static int nik_validate(int argc, char **argv)
{
    int bad = 0;
    if (argc < 2) {
        fputs(nik_help, stderr);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        char err[160];
        if (core_nik_parse(argv[i], NULL, err, sizeof err) == CORE_OK) {
            printf("%s: ok\n", argv[i]);
        } else {
            printf("%s: %s\n", argv[i], err);
            bad = 1;
        }
    }
    return bad ? 2 : 0;
}

static int nik_compose(int argc, char **argv)
{
    long district = -1;
    long long serial = 1;
    int year = 0, month = 0, day = 0, sex = -1;
    const char *district_text = NULL, *birth = NULL, *sex_text = NULL;
    const cli_option options[] = {CLI_TEXT_OPT("--district", &district_text),
                                  CLI_TEXT_OPT("--birth", &birth),
                                  CLI_TEXT_OPT("--sex", &sex_text),
                                  CLI_WHOLE_OPT("--serial", &serial, 1, 9999)};
    if (cli_parse("ktpcore nik compose", argc - 1, argv + 1, options,
                  sizeof options / sizeof *options, NULL, 0, NULL) != 0)
        return 2;
    const char *bad = NULL;
    if (district_text && (district = ktpcore_parse_district(district_text)) < 0)
        bad = "--district expects PP.KK.CC";
    else if (birth && ktpcore_parse_date(birth, &year, &month, &day) != 0)
        bad = "--birth expects YYYY-MM-DD";
    else if (sex_text &&
             (sex = strcmp(sex_text, "female") == 0 ? 1 : strcmp(sex_text, "male") == 0 ? 0 : -1) < 0)
        bad = "--sex expects male or female";
    if (bad) {
        fprintf(stderr, "ktpcore nik compose: %s\n", bad);
        return 2;
    }
    if (district < 0 || sex < 0 || month == 0) {
        fputs(nik_help, stderr);
        return 2;
    }
    core_nik p = {.province = (int)(district / 10000), .regency = (int)(district / 100 % 100),
                  .district = (int)(district % 100), .birth_day = day, .birth_month = month,
                  .birth_year2 = year % 100, .female = sex, .serial = (int)serial};
    char nik[CORE_NIK_DIGITS + 1], err[160];
    int rc = core_nik_compose(&p, nik, err, sizeof err);
    if (rc != CORE_OK) {
        fprintf(stderr, "ktpcore: %s\n", err);
        return ktpcore_exit_code(rc);
    }
    printf("%s\n", nik);
    return 0;
}

int ktpcore_cmd_nik(int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";
    if (strcmp(sub, "parse") == 0)
        return nik_parse(argc - 1, argv + 1);
    if (strcmp(sub, "validate") == 0)
        return nik_validate(argc - 1, argv + 1);
    if (strcmp(sub, "compose") == 0)
        return nik_compose(argc - 1, argv + 1);
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
        fputs(nik_help, stdout);
        return 0;
    }
    fputs(nik_help, stderr);
    return 2;
}

static int is_help(const char *arg)
{
    return strcmp(arg, "help") == 0 || strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } commands[] = {
        {"nik", ktpcore_cmd_nik},       {"registry", ktpcore_cmd_registry},
        {"enrol", ktpcore_cmd_enrol},   {"issue", ktpcore_cmd_issue},
        {"demo", ktpcore_cmd_demo},     {"impostors", ktpcore_cmd_impostors},
        {"bench", ktpcore_cmd_bench},
        {"ikd", ktpcore_cmd_ikd},
    };
    if (argc < 2) {
        fputs(main_help, stderr);
        return 2;
    }
    if (is_help(argv[1])) {
        fputs(main_help, stdout);
        return 0;
    }
    if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("ktpcore %s (registry schema %d)\n", KTPCORE_VERSION, CORE_REGISTRY_SCHEMA_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "ktpcore: unknown command \"%s\"; try `ktpcore --help`\n", argv[1]);
    return 2;
}
