/* `ktpcore ikd`: issue a signed IKD credential to a registered person (text, QR to PNG or
 * terminal), verify one (issuer keys, signature, expiry, the registry's revocation list),
 * revoke one, export the issuer's public key, or show a credential without verifying it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/cli_args.h"
#include "app/ktpcore_id.h"
#include "app/ktpcore_ikd.h"
#include "core/ikd.h"
#include "core/registry.h"
#include "core/status.h"

static const char ikd_help[] =
    "usage: ktpcore ikd issue --registry FILE --nik NIK [--key FILE] [--days N]\n"
    "                         [--now YYYY-MM-DD] [--png OUT] [--scale N] [--qr | --qr-ascii]\n"
    "       ktpcore ikd verify --pubkey FILE|HEX [--pubkey ...] [--registry FILE]\n"
    "                          [--now YYYY-MM-DD] [--json] CREDENTIAL|-\n"
    "       ktpcore ikd revoke --registry FILE (CREDENTIAL|- | --id N --key-id HEX)\n"
    "                          [--reason TEXT] [--now YYYY-MM-DD]\n"
    "       ktpcore ikd export-key (--key FILE | --registry FILE) [--out FILE]\n"
    "       ktpcore ikd show CREDENTIAL|- [--png OUT] [--scale N] [--qr | --qr-ascii]\n"
    "\n"
    "IKD credentials are Ed25519-signed payloads (NIK, name, birth date, district, issue and\n"
    "expiry dates, credential id, issuer key id) written as \"IKD1:\" + base45, which a QR\n"
    "code stores in alphanumeric mode. The text may contain spaces: quote it, or pass - to\n"
    "read it from standard input.\n"
    "  issue       signs a credential for the person with NIK (valid --days, default 365,\n"
    "              from --now, default today UTC); prints the credential on stdout and a\n"
    "              summary on stderr. The signing key (default REGISTRY.ikd-key) is created\n"
    "              with mode 0600 on first use; a key readable by others is refused.\n"
    "  verify      checks issuer key, signature, dates and (with --registry) revocation;\n"
    "              without --registry a good credential is \"valid (revocation not checked)\"\n"
    "              (--json: \"revocation_checked\": false): it may have been revoked.\n"
    "  revoke      puts a credential on the registry's revocation list.\n"
    "  export-key  prints the public key (64 hex digits) and key id; --out writes it to a file.\n"
    "exit status: 0 success or valid, 1 not valid (the reason is printed) or failure,\n"
    "2 bad usage or bad input.\n";

typedef struct ikd_args {
    const char *registry, *nik, *key, *png, *now, *reason, *id, *key_id, *out, *credential;
    const char *pubkeys[16];
    int pubkey_count, days, scale, qr_style, json;
} ikd_args;

static int usage(const char *problem)
{
    fprintf(stderr, "ktpcore ikd: %s\n(see ktpcore ikd --help)\n", problem);
    return 2;
}

static int exit_code(int status)
{
    switch (status) {
    case CORE_OK: return 0;
    case CORE_EINVAL:
    case CORE_ENOTFOUND:
    case CORE_ECORRUPT:
    case CORE_EVERSION:
    case CORE_EEXIST: return 2;
    }
    return 1;
}

static int fail(int rc, const char *err)
{
    fprintf(stderr, "ktpcore ikd: %s\n", err);
    return exit_code(rc);
}

static const char *const value_options[] = {"--registry", "--nik", "--key", "--png", "--now",
                                            "--reason", "--id", "--key-id", "--out", "--days",
                                            "--scale", "--pubkey"};

/* Stores option values; returns 0 or 2 (bad usage, message printed). */
static int parse_args(int argc, char **argv, ikd_args *a)
{
    memset(a, 0, sizeof *a);
    a->days = 365;
    a->scale = 4;
    const char **slots[] = {&a->registry, &a->nik, &a->key, &a->png, &a->now, &a->reason,
                            &a->id, &a->key_id, &a->out};
    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i];
        size_t k = 0, n = sizeof value_options / sizeof value_options[0];
        while (k < n && strcmp(arg, value_options[k]) != 0)
            k++;
        if (k < n) {
            if (i + 1 >= argc) {
                fprintf(stderr, "ktpcore ikd: %s needs a value\n", arg);
                return 2;
            }
            const char *v = argv[++i];
            long long number = 0;
            /* the limits keep dates within year 9999 and a PNG within 100 px per module */
            cli_option numeric = CLI_WHOLE_OPT(arg, &number, 1, k == 9 ? 36500 : 100);
            if (k < 9)
                *slots[k] = v;
            else if (k == 11 && a->pubkey_count < 16)
                a->pubkeys[a->pubkey_count++] = v;
            else if (k == 11)
                return usage("at most 16 --pubkey options");
            else if (cli_whole(v, numeric.lo, numeric.hi, &number) != 0)
                return cli_bad_value("ktpcore ikd", &numeric, v);
            else
                *(k == 9 ? &a->days : &a->scale) = (int)number;
        } else if (strcmp(arg, "--qr") == 0) {
            a->qr_style = CORE_IKD_QR_HALF_BLOCKS;
        } else if (strcmp(arg, "--json") == 0) {
            a->json = 1;
        } else if (strcmp(arg, "--qr-ascii") == 0) {
            a->qr_style = CORE_IKD_QR_ASCII;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "ktpcore ikd: unknown option %s\n", arg);
            return 2;
        } else if (a->credential) {
            return usage("only one credential at a time");
        } else {
            a->credential = arg;
        }
    }
    return 0;
}

static int today_or(const char *text, core_ikd_date *out)
{
    char err[160];
    if (!text) {
        *out = core_ikd_date_today();
        return 0;
    }
    if (core_ikd_date_parse(text, out, err, sizeof err) != CORE_OK)
        return usage(err);
    return 0;
}

/* The credential argument, or one line of standard input for "-". */
static int credential_text(const ikd_args *a, char *buf, size_t size)
{
    if (!a->credential)
        return usage("no credential given");
    if (strcmp(a->credential, "-") != 0) {
        snprintf(buf, size, "%s", a->credential);
        return 0;
    }
    if (!fgets(buf, (int)size, stdin))
        return usage("no credential on standard input");
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

/* QR code of text to a PNG file and/or stdout, as asked. */
static int render_qr(const ikd_args *a, const char *text)
{
    char err[300];
    core_ikd_qr qr;
    if (!a->png && !a->qr_style)
        return 0;
    int rc = core_ikd_qr_init(&qr, text, err, sizeof err);
    if (rc == CORE_OK && a->png)
        rc = core_ikd_qr_png_write(&qr, a->scale, 4, a->png, err, sizeof err);
    if (rc == CORE_OK && a->png)
        fprintf(stderr, "QR code: version %d, %dx%d modules (level M), %d px, written to %s\n",
                qr.version, qr.width, qr.width, (qr.width + 8) * a->scale, a->png);
    if (rc == CORE_OK && a->qr_style) {
        char *drawing = NULL;
        rc = core_ikd_qr_text(&qr, 2, (core_ikd_qr_style)a->qr_style, &drawing, err,
                              sizeof err);
        if (rc == CORE_OK)
            fputs(drawing, stdout);
        free(drawing);
    }
    core_ikd_qr_fini(&qr);
    return rc == CORE_OK ? 0 : fail(rc, err);
}

static void print_claims(FILE *f, const core_ikd_claims *c)
{
    char key[17], birth[11], from[11], to[11];
    core_ikd_key_id_hex(c->key_id, key);
    core_ikd_date_format(c->birth, birth);
    core_ikd_date_format(c->issued, from);
    core_ikd_date_format(c->expires, to);
    fprintf(f, "  credential  %u\n  issuer key  %s\n  NIK         %s\n  name        %s\n"
               "  born        %s\n  district    %02ld.%02ld.%02ld\n  valid       %s .. %s\n",
            c->credential_id, key, c->nik, c->name, birth, c->district_code / 10000,
            c->district_code / 100 % 100, c->district_code % 100, from, to);
}

static void default_key_path(const ikd_args *a, char *buf, size_t size)
{
    if (a->key)
        snprintf(buf, size, "%s", a->key);
    else
        snprintf(buf, size, "%s.ikd-key", a->registry ? a->registry : "");
}

static int cmd_issue(const ikd_args *a)
{
    if (!a->registry || !a->nik)
        return usage("issue needs --registry FILE and --nik NIK");
    core_ikd_date now;
    if (today_or(a->now, &now))
        return 2;
    char key_path[4096], err[600], text[CORE_IKD_TEXT_MAX];
    default_key_path(a, key_path, sizeof key_path);
    core_ikd_key key;
    int created = 0, rc = core_ikd_key_load_or_create(&key, key_path, &created, err, sizeof err);
    if (rc != CORE_OK)
        return fail(rc, err);
    if (created)
        fprintf(stderr, "created signing key %s (mode 0600)\n", key_path);
    core_registry *reg = NULL;
    rc = core_registry_open(a->registry, CORE_REGISTRY_NO_GALLERY | CORE_REGISTRY_CHECKED, &reg,
                            err, sizeof err);
    core_ikd_claims c;
    if (rc == CORE_OK)
        rc = core_ikd_issue(reg, &key, a->nik, now, a->days, text, sizeof text, &c, err,
                            sizeof err);
    core_registry_close(reg);
    core_ikd_key_fini(&key);
    if (rc != CORE_OK)
        return fail(rc, err);
    printf("%s\n", text);
    fprintf(stderr, "issued IKD credential (%zu characters):\n", strlen(text));
    print_claims(stderr, &c);
    return render_qr(a, text);
}

static int load_pubkeys(const ikd_args *a, core_ikd_pubkey *keys)
{
    char err[600];
    if (a->pubkey_count == 0)
        return usage("verify needs at least one --pubkey FILE|HEX");
    for (int i = 0; i < a->pubkey_count; i++) {
        if (core_ikd_pubkey_parse(a->pubkeys[i], &keys[i], NULL, 0) == CORE_OK)
            continue;
        int rc = core_ikd_pubkey_load(&keys[i], a->pubkeys[i], err, sizeof err);
        if (rc != CORE_OK)
            return fail(rc, err);
    }
    return 0;
}

/* One JSON line: verdict, whether revocation was checked, the reason and (when decoded)
 * the claims. A valid verdict without a registry still has "revocation_checked": false. */
static void print_verdict_json(const core_ikd_result *r, int revocation_checked)
{
    printf("{\"verdict\": \"%s\", \"revocation_checked\": %s, \"reason\": ",
           core_ikd_verdict_name(r->verdict), revocation_checked ? "true" : "false");
    ktpcore_json_string(stdout, r->verdict == CORE_IKD_VALID ? "" : r->reason);
    if (r->verdict == CORE_IKD_VALID) {
        const core_ikd_claims *c = &r->credential.claims;
        char birth[11], from[11], to[11];
        core_ikd_date_format(c->birth, birth);
        core_ikd_date_format(c->issued, from);
        core_ikd_date_format(c->expires, to);
        printf(", \"credential_id\": %u, \"nik\": \"%s\", \"name\": ", c->credential_id,
               c->nik);
        ktpcore_json_string(stdout, c->name);
        printf(", \"birth\": \"%s\", \"issued\": \"%s\", \"expires\": \"%s\"", birth, from,
               to);
    }
    printf("}\n");
}

static int cmd_verify(const ikd_args *a)
{
    core_ikd_pubkey keys[16];
    core_ikd_date now;
    char text[CORE_IKD_TEXT_MAX + 64], err[600];
    if (load_pubkeys(a, keys) || today_or(a->now, &now) ||
        credential_text(a, text, sizeof text))
        return 2;
    core_registry *reg = NULL;
    int rc = CORE_OK;
    if (a->registry)
        rc = core_registry_open(a->registry, CORE_REGISTRY_READONLY | CORE_REGISTRY_NO_GALLERY,
                                &reg, err, sizeof err);
    core_ikd_result r;
    if (rc == CORE_OK)
        rc = core_ikd_verify(text, keys, (size_t)a->pubkey_count, now, reg, &r, err,
                             sizeof err);
    core_registry_close(reg);
    if (rc != CORE_OK)
        return fail(rc, err);
    int valid = r.verdict == CORE_IKD_VALID;
    if (a->json) {
        print_verdict_json(&r, a->registry != NULL);
    } else if (valid) {
        printf("valid%s\n", a->registry ? "" : " (revocation not checked)");
        print_claims(stdout, &r.credential.claims);
    } else {
        printf("invalid (%s): %s\n", core_ikd_verdict_name(r.verdict), r.reason);
    }
    return valid ? 0 : 1;
}

static int cmd_revoke(const ikd_args *a)
{
    unsigned char key_id[CORE_IKD_KEY_ID_BYTES];
    unsigned long id = 0;
    char err[600], text[CORE_IKD_TEXT_MAX + 64], key_hex[17];
    core_ikd_date now;
    if (!a->registry)
        return usage("revoke needs --registry FILE");
    if (today_or(a->now, &now))
        return 2;
    if (a->credential) {
        core_ikd_credential cred;
        if (credential_text(a, text, sizeof text))
            return 2;
        int rc = core_ikd_decode(text, &cred, err, sizeof err);
        if (rc != CORE_OK)
            return fail(rc, err);
        memcpy(key_id, cred.claims.key_id, sizeof key_id);
        id = cred.claims.credential_id;
    } else {
        long long number = 0;
        if (!a->id || !a->key_id)
            return usage("revoke needs a CREDENTIAL or --id N and --key-id HEX");
        if (cli_whole(a->id, 1, 0xffffffffLL, &number) != 0)
            return usage("--id must be a credential id 1-4294967295");
        id = (unsigned long)number;
        if (core_ikd_key_id_parse(a->key_id, key_id, err, sizeof err) != CORE_OK)
            return usage(err);
    }
    core_registry *reg = NULL;
    int rc = core_registry_open(a->registry, CORE_REGISTRY_NO_GALLERY | CORE_REGISTRY_CHECKED,
                                &reg, err, sizeof err);
    if (rc == CORE_OK)
        rc = core_ikd_revoke(reg, key_id, (uint32_t)id, now, a->reason, err, sizeof err);
    core_registry_close(reg);
    if (rc != CORE_OK)
        return fail(rc, err);
    core_ikd_key_id_hex(key_id, key_hex);
    printf("revoked credential %lu of key %s: %s\n", id, key_hex,
           a->reason ? a->reason : "revoked");
    return 0;
}

static int cmd_export_key(const ikd_args *a)
{
    char key_path[4096], err[600], hex[65], id[17];
    if (!a->key && !a->registry)
        return usage("export-key needs --key FILE or --registry FILE");
    default_key_path(a, key_path, sizeof key_path);
    core_ikd_key key;
    int rc = core_ikd_key_load(&key, key_path, err, sizeof err);
    if (rc != CORE_OK)
        return fail(rc, err);
    core_ikd_pubkey pub = key.pub;
    core_ikd_key_fini(&key);
    if (a->out && (rc = core_ikd_pubkey_write(&pub, a->out, err, sizeof err)) != CORE_OK)
        return fail(rc, err);
    core_ikd_pubkey_hex(&pub, hex);
    core_ikd_key_id_hex(pub.key_id, id);
    printf("%s\n", hex);
    fprintf(stderr, "key id %s%s%s\n", id, a->out ? ", written to " : "", a->out ? a->out : "");
    return 0;
}

static int cmd_show(const ikd_args *a)
{
    char text[CORE_IKD_TEXT_MAX + 64], err[600];
    core_ikd_credential cred;
    if (credential_text(a, text, sizeof text))
        return 2;
    int rc = core_ikd_decode(text, &cred, err, sizeof err);
    if (rc != CORE_OK)
        return fail(rc, err);
    printf("IKD credential (not verified): %zu-byte payload, %zu characters\n",
           cred.payload_size, strlen(text));
    print_claims(stdout, &cred.claims);
    return render_qr(a, text);
}

int ktpcore_cmd_ikd(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        int asked = argc >= 2;
        fputs(ikd_help, asked ? stdout : stderr);
        return asked ? 0 : 2;
    }
    ikd_args a;
    if (parse_args(argc, argv, &a))
        return 2;
    const char *action = argv[1];
    if (strcmp(action, "issue") == 0)
        return cmd_issue(&a);
    if (strcmp(action, "verify") == 0)
        return cmd_verify(&a);
    if (strcmp(action, "revoke") == 0)
        return cmd_revoke(&a);
    if (strcmp(action, "export-key") == 0)
        return cmd_export_key(&a);
    if (strcmp(action, "show") == 0)
        return cmd_show(&a);
    fprintf(stderr, "ktpcore ikd: unknown action \"%s\" (issue, verify, revoke, export-key, "
                    "show)\n", action);
    return 2;
}
