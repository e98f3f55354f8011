/* IKD credentials in the registry: issuing (a row in ikd_credentials whose id is the
 * credential id, signed in the same transaction) and the revocation list (ikd_revocations,
 * created on first write so registries made before it need no migration). */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "core/ikd.h"
#include "core/ikd_internal.h"
#include "core/registry_internal.h"
#include "core/status.h"

static const char revocations_sql[] =
    "CREATE TABLE IF NOT EXISTS ikd_revocations("
    " key_id TEXT NOT NULL CHECK(length(key_id) = 16),"
    " credential_id INTEGER NOT NULL CHECK(credential_id > 0),"
    " revoked_on TEXT NOT NULL," /* YYYY-MM-DD */
    " reason TEXT NOT NULL,"
    " created_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now')),"
    " PRIMARY KEY(key_id, credential_id))";

static int ensure_revocations(core_registry *reg, char *err, size_t err_size)
{
    int src = sqlite3_exec(reg->db, revocations_sql, NULL, NULL, NULL);
    return src == SQLITE_OK ? CORE_OK
                            : core__db_fail(reg, src, "creating ikd_revocations", err, err_size);
}

/* Inserts a revocation and marks the registry's own row; inside the caller's transaction. */
static int revoke_in_tx(core_registry *reg, const char *key_hex, uint32_t credential_id,
                        core_ikd_date on, const char *reason, char *err, size_t err_size)
{
    char day[11], detail[200];
    core_ikd_date_format(on, day);
    int rc = core__exec(reg, "INSERT INTO ikd_revocations(key_id, credential_id, revoked_on,"
                             " reason) VALUES(?, ?, ?, ?)",
                        "titt", key_hex, (int64_t)credential_id, day, reason);
    if (rc == CORE_EEXIST)
        return core__ikd_fail(CORE_EEXIST, err, err_size,
                              "credential %u of key %s is already revoked", credential_id,
                              key_hex);
    if (rc == CORE_OK)
        rc = core__exec(reg, "UPDATE ikd_credentials SET status = ? WHERE id = ? AND"
                             " device_id = ?",
                        "iit", (int64_t)CORE_IKD_STATUS_REVOKED, (int64_t)credential_id,
                        key_hex);
    snprintf(detail, sizeof detail, "key %s on %s: %s", key_hex, day, reason);
    if (rc == CORE_OK)
        rc = core__audit(reg, "ikd.revoke", "ikd_credential", (int64_t)credential_id, detail);
    if (rc != CORE_OK)
        return core__ikd_fail(rc, err, err_size, "cannot revoke credential %u: %s",
                              credential_id, core_strerror(rc));
    return CORE_OK;
}

/* Revokes the person's earlier active credentials from this key ("superseded"). */
static int supersede(core_registry *reg, uint64_t person_id, const char *key_hex,
                     core_ikd_date on, char *err, size_t err_size)
{
    sqlite3_stmt *stmt = NULL;
    int64_t ids[64];
    int count = 0, rc = core__prepare(reg, "SELECT id FROM ikd_credentials WHERE person_id = ?"
                                           " AND device_id = ? AND status = ? LIMIT 64",
                                      &stmt, err, err_size);
    if (rc != CORE_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, (int64_t)person_id);
    sqlite3_bind_text(stmt, 2, key_hex, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(stmt, 3, CORE_IKD_STATUS_ACTIVE);
    int src;
    while ((src = sqlite3_step(stmt)) == SQLITE_ROW && count < 64)
        ids[count++] = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    if (src != SQLITE_DONE && src != SQLITE_ROW)
        return core__db_fail(reg, src, "reading earlier credentials", err, err_size);
    for (int i = 0; i < count && rc == CORE_OK; i++)
        rc = revoke_in_tx(reg, key_hex, (uint32_t)ids[i], on, "superseded", err, err_size);
    return rc;
}

static int claims_for_person(const core_person *person, core_ikd_date issued, int valid_days,
                             core_ikd_claims *c, char *err, size_t err_size)
{
    memset(c, 0, sizeof *c);
    c->credential_id = 1; /* placeholder until the row exists: lets the check run first */
    snprintf(c->nik, sizeof c->nik, "%s", person->nik);
    snprintf(c->name, sizeof c->name, "%s", person->name);
    c->birth = (core_ikd_date){person->birth_year, person->birth_month, person->birth_day};
    c->issued = issued;
    c->expires = core_ikd_date_from_days(core_ikd_date_days(issued) + valid_days - 1);
    c->district_code = person->district_code;
    char msg[200];
    if (core_ikd_claims_check(c, msg, sizeof msg) != CORE_OK)
        return core__ikd_fail(CORE_EINVAL, err, err_size,
                              "person %s cannot get a credential: %s", person->nik, msg);
    return CORE_OK;
}

/* The writes of an issue, inside the caller's transaction. */
static int issue_in_tx(core_registry *reg, const core_ikd_key *key, const core_person *person,
                       core_ikd_claims *c, char *text, size_t text_size, char *err,
                       size_t err_size)
{
    char key_hex[17], detail[160], day[11];
    core_ikd_key_id_hex(key->pub.key_id, key_hex);
    int rc = ensure_revocations(reg, err, err_size);
    if (rc == CORE_OK)
        rc = supersede(reg, person->id, key_hex, c->issued, err, err_size);
    if (rc != CORE_OK)
        return rc;
    rc = core__exec(reg, "INSERT INTO ikd_credentials(person_id, device_id, status)"
                         " VALUES(?, ?, ?)",
                    "iti", (int64_t)person->id, key_hex, (int64_t)CORE_IKD_STATUS_ACTIVE);
    if (rc != CORE_OK)
        return core__ikd_fail(rc, err, err_size, "cannot store the credential: %s",
                              sqlite3_errmsg(reg->db));
    int64_t id = sqlite3_last_insert_rowid(reg->db);
    if (id <= 0 || id > (int64_t)UINT32_MAX)
        return core__ikd_fail(CORE_EEXHAUSTED, err, err_size,
                              "credential ids are exhausted (%lld)", (long long)id);
    c->credential_id = (uint32_t)id;
    rc = core_ikd_sign(key, c, NULL, NULL, text, text_size, err, err_size);
    if (rc != CORE_OK)
        return rc;
    memcpy(c->key_id, key->pub.key_id, CORE_IKD_KEY_ID_BYTES);
    core_ikd_date_format(c->expires, day);
    snprintf(detail, sizeof detail, "NIK %s, key %s, expires %s", person->nik, key_hex, day);
    return core__audit(reg, "ikd.issue", "ikd_credential", id, detail);
}

int core_ikd_issue(core_registry *reg, const core_ikd_key *key, const char *nik,
                   core_ikd_date issued, int valid_days, char *text, size_t text_size,
                   core_ikd_claims *claims_out, char *err, size_t err_size)
{
    char msg[160];
    core_person person;
    core_ikd_claims c;
    if (core_nik_parse(nik, NULL, msg, sizeof msg) != CORE_OK)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "invalid NIK \"%s\": %s",
                              nik ? nik : "", msg);
    if (valid_days < 1 || valid_days > 36500)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "validity of %d days is not 1-36500",
                              valid_days);
    int rc = core_registry_person_by_nik(reg, nik, &person);
    if (rc == CORE_ENOTFOUND)
        return core__ikd_fail(rc, err, err_size, "no person with NIK %s in the registry", nik);
    if (rc != CORE_OK)
        return core__ikd_fail(rc, err, err_size, "cannot read the person with NIK %s: %s", nik,
                              core_strerror(rc));
    rc = claims_for_person(&person, issued, valid_days, &c, err, err_size);
    if (rc == CORE_OK)
        rc = core__begin(reg, err, err_size);
    if (rc != CORE_OK)
        return rc;
    rc = issue_in_tx(reg, key, &person, &c, text, text_size, err, err_size);
    if (rc == CORE_OK)
        rc = core__commit(reg, err, err_size);
    else
        core__rollback(reg);
    if (rc == CORE_OK && claims_out)
        *claims_out = c;
    return rc;
}

int core_ikd_revoke(core_registry *reg, const unsigned char key_id[CORE_IKD_KEY_ID_BYTES],
                    uint32_t credential_id, core_ikd_date on, const char *reason, char *err,
                    size_t err_size)
{
    char key_hex[17];
    if (credential_id == 0)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "credential id 0 does not exist");
    core_ikd_key_id_hex(key_id, key_hex);
    int rc = core__begin(reg, err, err_size);
    if (rc != CORE_OK)
        return rc;
    rc = ensure_revocations(reg, err, err_size);
    if (rc == CORE_OK)
        rc = revoke_in_tx(reg, key_hex, credential_id, on, reason ? reason : "revoked", err,
                          err_size);
    if (rc == CORE_OK)
        return core__commit(reg, err, err_size);
    core__rollback(reg);
    return rc;
}

static int table_exists(core_registry *reg, int *exists, char *err, size_t err_size)
{
    sqlite3_stmt *stmt = NULL;
    int rc = core__prepare(reg, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND"
                                " name = 'ikd_revocations'", &stmt, err, err_size);
    if (rc != CORE_OK)
        return rc;
    int src = sqlite3_step(stmt);
    if (src == SQLITE_ROW)
        *exists = sqlite3_column_int(stmt, 0) > 0;
    sqlite3_finalize(stmt);
    return src == SQLITE_ROW ? CORE_OK
                             : core__db_fail(reg, src, "reading the schema", err, err_size);
}

int core_ikd_revocation_get(core_registry *reg, const unsigned char key_id[CORE_IKD_KEY_ID_BYTES],
                            uint32_t credential_id, int *revoked, core_ikd_date *on_out,
                            char *reason_out, size_t reason_size, char *err, size_t err_size)
{
    char key_hex[17];
    int exists = 0;
    *revoked = 0;
    int rc = table_exists(reg, &exists, err, err_size);
    if (rc != CORE_OK || !exists)
        return rc;
    sqlite3_stmt *stmt = NULL;
    rc = core__prepare(reg, "SELECT revoked_on, reason FROM ikd_revocations WHERE key_id = ?"
                            " AND credential_id = ?", &stmt, err, err_size);
    if (rc != CORE_OK)
        return rc;
    core_ikd_key_id_hex(key_id, key_hex);
    sqlite3_bind_text(stmt, 1, key_hex, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 2, (int64_t)credential_id);
    int src = sqlite3_step(stmt);
    if (src == SQLITE_ROW) {
        const char *day = (const char *)sqlite3_column_text(stmt, 0);
        const char *why = (const char *)sqlite3_column_text(stmt, 1);
        core_ikd_date on = {1900, 1, 1};
        if (core_ikd_date_parse(day, &on, NULL, 0) != CORE_OK)
            rc = core__ikd_fail(CORE_ECORRUPT, err, err_size,
                                "revocation of credential %u has a bad date", credential_id);
        *revoked = 1; /* a listed credential is revoked even if its row is damaged */
        if (on_out)
            *on_out = on;
        if (reason_out && reason_size)
            snprintf(reason_out, reason_size, "%s", why ? why : "");
    } else if (src != SQLITE_DONE) {
        rc = core__db_fail(reg, src, "reading the revocation list", err, err_size);
    }
    sqlite3_finalize(stmt);
    return rc;
}
