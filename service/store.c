/* The service's tables in a core registry file, through a second SQLite connection of its
 * own (the core's registry API has no notion of ABIS references). */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/registry.h"
#include "core/status.h"
#include "service/store.h"
#include "service/status.h"

struct svc_store {
    sqlite3 *db;
    core_gallery *gallery;
    int in_batch;
    int64_t data_version; /* PRAGMA data_version when the gallery last caught up */
    int64_t max_row;      /* highest reference row id in the gallery (row ids only grow) */
};

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS abis_reference("
    " id INTEGER PRIMARY KEY, reference_id TEXT NOT NULL UNIQUE,"
    " template BLOB NOT NULL, inserted_at INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS abis_decision("
    " id INTEGER PRIMARY KEY, request_id TEXT NOT NULL, operation TEXT NOT NULL,"
    " reference_id TEXT, at INTEGER NOT NULL, response TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS abis_decision_request ON abis_decision(request_id);";

static int db_fail(svc_store *s, const char *what, char *err, size_t err_size)
{
    return svc__fail(SVC_EDB, err, err_size, "%s: %s", what, sqlite3_errmsg(s->db));
}

/* Adds the references with a row id above s->max_row to the gallery. */
static int load_new_rows(svc_store *s, char *err, size_t err_size)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT id, template FROM abis_reference WHERE id > ?"
                                  " ORDER BY id", -1, &st, NULL))
        return db_fail(s, "reading references", err, err_size);
    sqlite3_bind_int64(st, 1, s->max_row);
    int src, rc = SVC_OK;
    while (rc == SVC_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
        core_template t;
        int64_t row = sqlite3_column_int64(st, 0);
        if (core_template_decode(sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1),
                                 &t, NULL, 0) != CORE_OK)
            rc = svc__fail(SVC_EDB, err, err_size, "reference row %lld: bad template",
                           (long long)row);
        else if (core_gallery_insert(s->gallery, (uint64_t)row, &t) == CORE_ENOMEM)
            rc = svc__fail(SVC_ENOMEM, err, err_size, "out of memory loading the gallery");
        s->max_row = row > s->max_row ? row : s->max_row;
    }
    if (rc == SVC_OK && src != SQLITE_DONE)
        rc = db_fail(s, "reading references", err, err_size);
    sqlite3_finalize(st);
    return rc;
}

static int64_t query_int(svc_store *s, const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

int svc_store_refresh(svc_store *s, char *err, size_t err_size)
{
    int64_t version = query_int(s, "PRAGMA data_version");
    if (version == s->data_version)
        return SVC_OK; /* nobody else committed */
    int rc = load_new_rows(s, err, err_size);
    if (rc == SVC_OK && query_int(s, "SELECT count(*) FROM abis_reference") !=
                            (int64_t)core_gallery_count(s->gallery)) {
        /* Another process deleted references: rebuild the gallery from the table. */
        core_gallery *fresh;
        if (core_gallery_create(&fresh, core_gallery_count(s->gallery) + 1024) != CORE_OK)
            return svc__fail(SVC_ENOMEM, err, err_size, "out of memory rebuilding the gallery");
        core_gallery_destroy(s->gallery);
        s->gallery = fresh;
        s->max_row = 0;
        rc = load_new_rows(s, err, err_size);
    }
    if (rc == SVC_OK)
        s->data_version = version;
    return rc;
}

int svc_store_open(const char *path, svc_store **out, char *err, size_t err_size)
{
    *out = NULL;
    core_registry *reg = NULL;
    char cerr[256] = "";
    int crc = core_registry_open(path, CORE_REGISTRY_CREATE | CORE_REGISTRY_FAST |
                                           CORE_REGISTRY_NO_GALLERY, &reg, cerr, sizeof cerr);
    if (crc != CORE_OK)
        return svc__fail(SVC_EDB, err, err_size, "%s: %s", path, cerr[0] ? cerr : core_strerror(crc));
    core_registry_close(reg);
    svc_store *s = calloc(1, sizeof *s);
    if (!s)
        return svc__fail(SVC_ENOMEM, err, err_size, "out of memory");
    int rc = SVC_OK;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_busy_timeout(s->db, 5000) != SQLITE_OK ||
        sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL,
                     NULL) != SQLITE_OK ||
        sqlite3_exec(s->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK)
        rc = db_fail(s, path, err, err_size);
    s->data_version = -1;
    if (rc == SVC_OK && core_gallery_create(&s->gallery, 1024) != CORE_OK)
        rc = svc__fail(SVC_ENOMEM, err, err_size, "out of memory");
    if (rc == SVC_OK)
        rc = svc_store_refresh(s, err, err_size);
    if (rc != SVC_OK) {
        svc_store_close(s);
        return rc;
    }
    *out = s;
    return SVC_OK;
}

void svc_store_close(svc_store *s)
{
    if (!s)
        return;
    sqlite3_close(s->db);
    core_gallery_destroy(s->gallery);
    free(s);
}

const core_gallery *svc_store_gallery(const svc_store *s) { return s->gallery; }

size_t svc_store_count(const svc_store *s) { return core_gallery_count(s->gallery); }

/* Runs sql with text/int64/blob arguments described by format ('t', 'i', 'b' = pointer and
 * size). Returns the SQLite step result. */
static int run(svc_store *s, const char *sql, const char *format, ...)
{
    sqlite3_stmt *st;
    int src = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (src != SQLITE_OK)
        return src;
    va_list ap;
    va_start(ap, format);
    for (int i = 0; format[i]; i++) {
        if (format[i] == 't') {
            sqlite3_bind_text(st, i + 1, va_arg(ap, const char *), -1, SQLITE_TRANSIENT);
        } else if (format[i] == 'i') {
            sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
        } else {
            const void *p = va_arg(ap, const void *);
            sqlite3_bind_blob(st, i + 1, p, (int)va_arg(ap, size_t), SQLITE_TRANSIENT);
        }
    }
    va_end(ap);
    src = sqlite3_step(st);
    sqlite3_finalize(st);
    return src;
}

static int record(svc_store *s, const char *request_id, const char *operation,
                  const char *reference_id, const char *response)
{
    return run(s, "INSERT INTO abis_decision(request_id, operation, reference_id, at, response)"
                  " VALUES(?, ?, ?, ?, ?)", "tttit", request_id, operation, reference_id,
               (int64_t)time(NULL), response);
}

static int begin(svc_store *s)
{
    return s->in_batch ? SQLITE_OK : sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
}

static int finish(svc_store *s, int ok)
{
    if (s->in_batch)
        return ok ? SQLITE_OK : SQLITE_ERROR;
    if (ok)
        return sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return SQLITE_ERROR;
}

int svc_store_find(svc_store *s, const char *reference_id, uint64_t *row_id)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT id FROM abis_reference WHERE reference_id = ?", -1,
                           &st, NULL) != SQLITE_OK)
        return SVC_EDB;
    sqlite3_bind_text(st, 1, reference_id, -1, SQLITE_TRANSIENT);
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW)
        *row_id = (uint64_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return src == SQLITE_ROW ? SVC_OK : src == SQLITE_DONE ? SVC_EINVAL : SVC_EDB;
}

int svc_store_reference(svc_store *s, uint64_t row_id, char *out, size_t out_size)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT reference_id FROM abis_reference WHERE id = ?", -1,
                           &st, NULL) != SQLITE_OK)
        return SVC_EDB;
    sqlite3_bind_int64(st, 1, (int64_t)row_id);
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW)
        snprintf(out, out_size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return src == SQLITE_ROW ? SVC_OK : src == SQLITE_DONE ? SVC_EINVAL : SVC_EDB;
}

int svc_store_insert(svc_store *s, const char *reference_id, const core_template *t,
                     const char *request_id, const char *response, char *err, size_t err_size)
{
    /* The check runs inside the write transaction, so two services cannot both insert. */
    if (begin(s) != SQLITE_OK)
        return db_fail(s, "inserting a reference", err, err_size);
    uint64_t existing, row = 0;
    int rc = svc_store_find(s, reference_id, &existing);
    if (rc == SVC_OK) {
        finish(s, 0);
        return svc__fail(SVC_EINVAL, err, err_size, "referenceId %s exists", reference_id);
    }
    unsigned char bytes[CORE_TEMPLATE_BYTES];
    core_template_encode(t, bytes);
    int ok = rc == SVC_EINVAL &&
             run(s, "INSERT INTO abis_reference(reference_id, template, inserted_at)"
                    " VALUES(?, ?, ?)", "tbi", reference_id, bytes, sizeof bytes,
                 (int64_t)time(NULL)) == SQLITE_DONE;
    if (ok)
        row = (uint64_t)sqlite3_last_insert_rowid(s->db);
    ok = ok && record(s, request_id, "insert", reference_id, response) == SQLITE_DONE;
    if (finish(s, ok) != SQLITE_OK)
        return db_fail(s, "inserting a reference", err, err_size);
    s->max_row = (int64_t)row > s->max_row ? (int64_t)row : s->max_row;
    if (core_gallery_insert(s->gallery, row, t) != CORE_OK)
        return svc__fail(SVC_ENOMEM, err, err_size, "out of memory adding to the gallery");
    return SVC_OK;
}

int svc_store_delete(svc_store *s, const char *reference_id, const char *request_id,
                     const char *response, char *err, size_t err_size)
{
    uint64_t row;
    if (begin(s) != SQLITE_OK)
        return db_fail(s, "deleting a reference", err, err_size);
    int rc = svc_store_find(s, reference_id, &row);
    if (rc != SVC_OK) {
        finish(s, 0);
        return rc == SVC_EINVAL
                   ? svc__fail(rc, err, err_size, "referenceId %s not found", reference_id)
                   : db_fail(s, "deleting a reference", err, err_size);
    }
    int ok = run(s, "DELETE FROM abis_reference WHERE id = ?", "i", (int64_t)row) == SQLITE_DONE;
    ok = ok && record(s, request_id, "delete", reference_id, response) == SQLITE_DONE;
    if (finish(s, ok) != SQLITE_OK)
        return db_fail(s, "deleting a reference", err, err_size);
    core_gallery_delete(s->gallery, row); /* absent if another service inserted it: fine */
    return SVC_OK;
}

int svc_store_decision(svc_store *s, const char *request_id, const char *operation,
                       const char *reference_id, const char *response, char *err,
                       size_t err_size)
{
    if (begin(s) != SQLITE_OK)
        return db_fail(s, "recording a decision", err, err_size);
    int ok = record(s, request_id, operation, reference_id, response) == SQLITE_DONE;
    if (finish(s, ok) != SQLITE_OK)
        return db_fail(s, "recording a decision", err, err_size);
    return SVC_OK;
}

int svc_store_begin(svc_store *s)
{
    if (s->in_batch || sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return SVC_EDB;
    s->in_batch = 1;
    return SVC_OK;
}

int svc_store_commit(svc_store *s)
{
    if (!s->in_batch)
        return SVC_OK;
    s->in_batch = 0;
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
        return SVC_OK;
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return SVC_EDB;
}

int svc_store_replay(svc_store *s, const char *request_id, const char *operation,
                     char **response)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT response FROM abis_decision WHERE request_id = ?"
                                  " AND operation = ? ORDER BY id LIMIT 1", -1, &st,
                           NULL) != SQLITE_OK)
        return SVC_EDB;
    sqlite3_bind_text(st, 1, request_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, operation, -1, SQLITE_TRANSIENT);
    int rc = SVC_EINVAL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *response = strdup((const char *)sqlite3_column_text(st, 0));
        rc = *response ? SVC_OK : SVC_ENOMEM;
    }
    sqlite3_finalize(st);
    return rc;
}
