/* Shared SQLite helpers for the registry modules: error mapping, transactions, statements,
 * the audit log and NIK serial counters. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "core/registry_internal.h"
#include "core/status.h"

int core__fail(int status, char *err, size_t err_size, const char *fmt, ...)
{
    if (err && err_size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_size, fmt, ap);
        va_end(ap);
    }
    return status;
}

static int map_sqlite(int sqlite_rc)
{
    switch (sqlite_rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return CORE_EBUSY;
    case SQLITE_NOMEM: return CORE_ENOMEM;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: return CORE_ECORRUPT;
    case SQLITE_CONSTRAINT: return CORE_EEXIST;
    case SQLITE_CANTOPEN: return CORE_ENOTFOUND;
    }
    return CORE_EIO;
}

int core__db_fail(core_registry *reg, int sqlite_rc, const char *context, char *err,
                  size_t err_size)
{
    const char *msg = (reg && reg->db) ? sqlite3_errmsg(reg->db) : sqlite3_errstr(sqlite_rc);
    return core__fail(map_sqlite(sqlite_rc), err, err_size, "%s: %s", context, msg);
}

int64_t core__now(core_registry *reg)
{
    if (reg->clock.now)
        return reg->clock.now(reg->clock.ctx);
    return (int64_t)time(NULL);
}

/* Inside a batch an operation is a savepoint, so its failure undoes only itself. */
int core__begin(core_registry *reg, char *err, size_t err_size)
{
    if (reg->flags & CORE_REGISTRY_READONLY)
        return core__fail(CORE_EINVAL, err, err_size, "the registry was opened read-only");
    const char *sql = reg->in_batch ? "SAVEPOINT core_op" : "BEGIN IMMEDIATE";
    int src = sqlite3_exec(reg->db, sql, NULL, NULL, NULL);
    if (src != SQLITE_OK)
        return core__db_fail(reg, src, "starting a transaction", err, err_size);
    reg->in_transaction = 1;
    return CORE_OK;
}

int core__commit(core_registry *reg, char *err, size_t err_size)
{
    const char *sql = reg->in_batch ? "RELEASE core_op" : "COMMIT";
    int src = sqlite3_exec(reg->db, sql, NULL, NULL, NULL);
    if (src != SQLITE_OK) {
        int rc = core__db_fail(reg, src, "committing", err, err_size);
        core__rollback(reg);
        return rc;
    }
    reg->in_transaction = 0;
    return CORE_OK;
}

void core__rollback(core_registry *reg)
{
    if (reg->in_batch) {
        if (reg->in_transaction)
            sqlite3_exec(reg->db, "ROLLBACK TO core_op; RELEASE core_op", NULL, NULL, NULL);
    } else if (!sqlite3_get_autocommit(reg->db)) {
        sqlite3_exec(reg->db, "ROLLBACK", NULL, NULL, NULL);
    }
    reg->in_transaction = 0;
}

int core_registry_batch_begin(core_registry *reg, char *err, size_t err_size)
{
    if (reg->in_batch || reg->in_transaction)
        return core__fail(CORE_ESTATE, err, err_size, "a batch or transaction is already open");
    int rc = core__begin(reg, err, err_size);
    if (rc == CORE_OK) {
        reg->in_transaction = 0;
        reg->in_batch = 1;
    }
    return rc;
}

int core_registry_batch_end(core_registry *reg, char *err, size_t err_size)
{
    if (!reg->in_batch)
        return CORE_OK;
    reg->in_batch = 0;
    return core__commit(reg, err, err_size);
}

int core__prepare(core_registry *reg, const char *sql, sqlite3_stmt **stmt, char *err,
                  size_t err_size)
{
    int src = sqlite3_prepare_v2(reg->db, sql, -1, stmt, NULL);
    if (src != SQLITE_OK) {
        *stmt = NULL;
        return core__db_fail(reg, src, "preparing a statement", err, err_size);
    }
    return CORE_OK;
}

void core__stmt_cache_clear(core_registry *reg)
{
    for (int i = 0; i < reg->stmt_cached; i++)
        sqlite3_finalize(reg->stmt_cache[i]);
    reg->stmt_cached = 0;
}

int core__prepare_cached(core_registry *reg, const char *sql, sqlite3_stmt **stmt, char *err,
                         size_t err_size)
{
    for (int i = 0; i < reg->stmt_cached; i++)
        if (strcmp(sqlite3_sql(reg->stmt_cache[i]), sql) == 0) {
            *stmt = reg->stmt_cache[i];
            return CORE_OK;
        }
    int rc = core__prepare(reg, sql, stmt, err, err_size);
    if (rc == CORE_OK && reg->stmt_cached < CORE__STMT_CACHE)
        reg->stmt_cache[reg->stmt_cached++] = *stmt;
    return rc;
}

void core__release(core_registry *reg, sqlite3_stmt *stmt)
{
    for (int i = 0; i < reg->stmt_cached; i++)
        if (reg->stmt_cache[i] == stmt) {
            sqlite3_reset(stmt);
            sqlite3_clear_bindings(stmt);
            return;
        }
    sqlite3_finalize(stmt);
}

/* A prepared statement for sql from the cache, else a new one (*cached says which). */
static int exec_statement(core_registry *reg, const char *sql, sqlite3_stmt **stmt, int *cached)
{
    for (int i = 0; i < reg->stmt_cached; i++)
        if (strcmp(sqlite3_sql(reg->stmt_cache[i]), sql) == 0) {
            *stmt = reg->stmt_cache[i];
            *cached = 1;
            return CORE_OK;
        }
    int rc = core__prepare(reg, sql, stmt, NULL, 0);
    *cached = rc == CORE_OK && reg->stmt_cached < CORE__STMT_CACHE;
    if (*cached)
        reg->stmt_cache[reg->stmt_cached++] = *stmt;
    return rc;
}

static void exec_done(sqlite3_stmt *stmt, int cached)
{
    if (cached) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    } else {
        sqlite3_finalize(stmt);
    }
}

int core__exec(core_registry *reg, const char *sql, const char *format, ...)
{
    sqlite3_stmt *stmt = NULL;
    int cached = 0;
    int rc = exec_statement(reg, sql, &stmt, &cached);
    if (rc != CORE_OK)
        return rc;
    if (sqlite3_bind_parameter_count(stmt) != (int)strlen(format)) {
        exec_done(stmt, cached); /* a programming error: refuse rather than bind garbage */
        return CORE_EINVAL;
    }
    va_list ap;
    va_start(ap, format);
    int src = SQLITE_OK;
    for (int i = 0; format[i] && src == SQLITE_OK; i++) {
        switch (format[i]) {
        case 'i': src = sqlite3_bind_int64(stmt, i + 1, va_arg(ap, int64_t)); break;
        case 'I': {
            int64_t v = va_arg(ap, int64_t);
            src = v ? sqlite3_bind_int64(stmt, i + 1, v) : sqlite3_bind_null(stmt, i + 1);
            break;
        }
        case 'd': src = sqlite3_bind_double(stmt, i + 1, va_arg(ap, double)); break;
        case 't': src = sqlite3_bind_text(stmt, i + 1, va_arg(ap, const char *), -1,
                                          SQLITE_TRANSIENT); break;
        default: src = sqlite3_bind_null(stmt, i + 1); break;
        }
    }
    va_end(ap);
    if (src == SQLITE_OK)
        src = sqlite3_step(stmt);
    exec_done(stmt, cached);
    return (src == SQLITE_DONE || src == SQLITE_ROW) ? CORE_OK : map_sqlite(src);
}

int core__audit(core_registry *reg, const char *action, const char *subject, int64_t subject_id,
                const char *detail)
{
    return core__exec(reg, "INSERT INTO audit(at, action, subject, subject_id, detail)"
                           " VALUES(?, ?, ?, ?, ?)",
                      "ittit", core__now(reg), action, subject, subject_id, detail);
}

int core__allocate_serial(core_registry *reg, const char *prefix, int *serial, char *err,
                          size_t err_size)
{
    sqlite3_stmt *stmt = NULL;
    int rc = core__prepare_cached(reg, "SELECT last_serial FROM nik_serials WHERE prefix = ?", &stmt,
                           err, err_size);
    if (rc != CORE_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, prefix, -1, SQLITE_TRANSIENT);
    int src = sqlite3_step(stmt);
    int last = src == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
    core__release(reg, stmt);
    if (src != SQLITE_ROW && src != SQLITE_DONE)
        return core__db_fail(reg, src, "reading the NIK serial counter", err, err_size);
    if (last >= 9999)
        return core__fail(CORE_EEXHAUSTED, err, err_size,
                          "NIK serials for %s are exhausted (9999 issued)", prefix);
    rc = core__exec(reg, "INSERT INTO nik_serials(prefix, last_serial) VALUES(?, 1)"
                         " ON CONFLICT(prefix) DO UPDATE SET last_serial = last_serial + 1",
                    "t", prefix);
    if (rc != CORE_OK)
        return core__fail(rc, err, err_size, "cannot update the NIK serial counter");
    *serial = last + 1;
    return CORE_OK;
}
