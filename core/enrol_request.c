/* Idempotent enrolment: a request id stored with the enrolment it produced, in the same
 * transaction, so a retry (the caller crashed between the commit and hearing the answer)
 * gets the first decision back instead of being judged a duplicate of its own new record.
 * The table is created on first use, like ikd_revocations, so older registries need no
 * migration. */
#include <stdio.h>
#include <string.h>
#include "core/enrol.h"
#include "core/registry_internal.h"
#include "core/status.h"

int core__request_check_id(const char *request_id, char *err, size_t err_size)
{
    size_t n = request_id ? strlen(request_id) : 0;
    if (n < 1 || n > CORE_ENROL_REQUEST_ID_MAX)
        return core__fail(CORE_EINVAL, err, err_size, "request id must be 1-%d characters",
                          CORE_ENROL_REQUEST_ID_MAX);
    for (size_t i = 0; i < n; i++)
        if (request_id[i] <= ' ' || request_id[i] > '~')
            return core__fail(CORE_EINVAL, err, err_size,
                              "request id may hold only printable ASCII without spaces");
    return CORE_OK;
}

int core__request_find(core_registry *reg, const char *request_id, uint64_t *enrolment_id,
                       char *err, size_t err_size)
{
    *enrolment_id = 0;
    int rc = core__exec(reg, "CREATE TABLE IF NOT EXISTS enrol_requests("
                             " request_id TEXT PRIMARY KEY,"
                             " enrolment_id INTEGER NOT NULL UNIQUE REFERENCES enrolments(id))",
                        "");
    sqlite3_stmt *stmt = NULL;
    if (rc == CORE_OK)
        rc = core__prepare_cached(reg, "SELECT enrolment_id FROM enrol_requests"
                                       " WHERE request_id = ?", &stmt, err, err_size);
    if (rc != CORE_OK)
        return core__fail(rc, err, err_size, "cannot read the request ids: %s",
                          sqlite3_errmsg(reg->db));
    sqlite3_bind_text(stmt, 1, request_id, -1, SQLITE_TRANSIENT);
    int src = sqlite3_step(stmt);
    if (src == SQLITE_ROW)
        *enrolment_id = (uint64_t)sqlite3_column_int64(stmt, 0);
    core__release(reg, stmt);
    if (src != SQLITE_ROW && src != SQLITE_DONE)
        return core__db_fail(reg, src, "reading the request ids", err, err_size);
    return CORE_OK;
}

int core__request_store(core_registry *reg, const char *request_id, uint64_t enrolment_id,
                        char *err, size_t err_size)
{
    int rc = core__exec(reg, "INSERT INTO enrol_requests(request_id, enrolment_id) VALUES(?, ?)",
                        "ti", request_id, (int64_t)enrolment_id);
    return rc == CORE_OK ? CORE_OK
                         : core__fail(rc, err, err_size, "cannot store request id %s: %s",
                                      request_id, sqlite3_errmsg(reg->db));
}

/* The retry must be the same applicant: same name, birth date and template bytes. */
static int same_applicant(core_registry *reg, uint64_t enrolment_id, const core_person *a,
                          const core_template *t, char *err, size_t err_size)
{
    core_person stored;
    core_template stored_t;
    int rc = core__load_enrolment(reg, enrolment_id, &stored, &stored_t, err, err_size);
    if (rc != CORE_OK)
        return rc;
    unsigned char x[CORE_TEMPLATE_BYTES], y[CORE_TEMPLATE_BYTES];
    core_template_encode(t, x);
    core_template_encode(&stored_t, y);
    if (strcmp(stored.name, a->name) != 0 || stored.birth_year != a->birth_year ||
        stored.birth_month != a->birth_month || stored.birth_day != a->birth_day ||
        memcmp(x, y, sizeof x) != 0)
        return CORE_EEXIST;
    return CORE_OK;
}

int core__request_replay(core_registry *reg, const char *request_id, uint64_t enrolment_id,
                         const core_person *a, const core_template *t, core_decision *out,
                         char *err, size_t err_size)
{
    int rc = same_applicant(reg, enrolment_id, a, t, err, err_size);
    if (rc == CORE_EEXIST)
        return core__fail(rc, err, err_size,
                          "request id %s was used for another applicant (enrolment %llu)",
                          request_id, (unsigned long long)enrolment_id);
    sqlite3_stmt *stmt = NULL;
    if (rc == CORE_OK)
        rc = core__prepare(reg, "SELECT d.id, d.outcome, d.reason, d.matched_person_id,"
                                " d.comparisons, c.id, c.person_id,"
                                " (SELECT min(score) FROM decision_evidence e"
                                "  WHERE e.decision_id = d.id AND e.kind = 'biometric')"
                                " FROM decisions d JOIN cards c ON c.enrolment_id = d.enrolment_id"
                                " AND c.replaces_card_id IS NULL"
                                " WHERE d.enrolment_id = ? ORDER BY d.id LIMIT 1",
                           &stmt, err, err_size);
    if (rc != CORE_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, (int64_t)enrolment_id);
    if (sqlite3_step(stmt) != SQLITE_ROW) {
        sqlite3_finalize(stmt);
        return core__fail(CORE_ECORRUPT, err, err_size, "request id %s: enrolment %llu has no"
                          " decision", request_id, (unsigned long long)enrolment_id);
    }
    memset(out, 0, sizeof *out);
    out->decision_id = (uint64_t)sqlite3_column_int64(stmt, 0);
    out->outcome = (core_outcome)sqlite3_column_int(stmt, 1);
    snprintf(out->reason, sizeof out->reason, "%s", (const char *)sqlite3_column_text(stmt, 2));
    out->comparisons = (uint64_t)sqlite3_column_int64(stmt, 4);
    out->card_id = (uint64_t)sqlite3_column_int64(stmt, 5);
    out->person_id = (uint64_t)sqlite3_column_int64(stmt, out->outcome == CORE_OUTCOME_UNIQUE ? 6
                                                                                              : 3);
    out->best_score = sqlite3_column_type(stmt, 7) == SQLITE_NULL ? 1.0
                                                                  : sqlite3_column_double(stmt, 7);
    out->enrolment_id = enrolment_id;
    sqlite3_finalize(stmt);
    core_person holder;
    if ((out->outcome == CORE_OUTCOME_UNIQUE || out->outcome == CORE_OUTCOME_DUPLICATE) &&
        core_registry_person_get(reg, out->person_id, &holder) == CORE_OK)
        memcpy(out->nik, holder.nik, sizeof out->nik);
    return CORE_OK;
}
