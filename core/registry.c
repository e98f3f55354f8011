/* Registry open/close: file checks (not SQLite, foreign database, newer schema) before any
 * write, schema creation, WAL setup, and the in-memory gallery rebuilt from stored templates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/registry_internal.h"
#include "core/status.h"

const char *const core__schema_sql =
    "CREATE TABLE persons("
    " id INTEGER PRIMARY KEY,"
    " nik TEXT NOT NULL UNIQUE CHECK(length(nik) = 16),"
    " name TEXT NOT NULL, name_key TEXT NOT NULL,"
    " sex INTEGER NOT NULL CHECK(sex IN (1, 2)),"
    " birth_date TEXT NOT NULL," /* YYYY-MM-DD */
    " birth_place TEXT NOT NULL, birth_place_key TEXT NOT NULL,"
    " mother_name TEXT NOT NULL, mother_key TEXT NOT NULL,"
    " district_code INTEGER NOT NULL,"
    " enrolment_id INTEGER NOT NULL REFERENCES enrolments(id),"
    " created_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now')));"
    "CREATE INDEX persons_demographic ON persons(name_key, birth_date, birth_place_key,"
    " mother_key);"
    "CREATE TABLE enrolments("
    " id INTEGER PRIMARY KEY,"
    " claimed_nik TEXT," /* a NIK the applicant stated, or NULL */
    " name TEXT NOT NULL, sex INTEGER NOT NULL, birth_date TEXT NOT NULL,"
    " birth_place TEXT NOT NULL, mother_name TEXT NOT NULL, district_code INTEGER NOT NULL,"
    " template BLOB NOT NULL CHECK(length(template) = 1024),"
    " created_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now')));"
    "CREATE TABLE templates("
    " person_id INTEGER PRIMARY KEY REFERENCES persons(id),"
    " enrolment_id INTEGER NOT NULL REFERENCES enrolments(id),"
    " data BLOB NOT NULL CHECK(length(data) = 1024));"
    "CREATE TABLE nik_serials("
    " prefix TEXT PRIMARY KEY CHECK(length(prefix) = 12),"
    " last_serial INTEGER NOT NULL CHECK(last_serial BETWEEN 1 AND 9999));"
    "CREATE TABLE cards("
    " id INTEGER PRIMARY KEY,"
    " enrolment_id INTEGER NOT NULL REFERENCES enrolments(id),"
    " person_id INTEGER REFERENCES persons(id)," /* NULL until unique or duplicate-of known */
    " status INTEGER NOT NULL,"
    " blank_serial TEXT UNIQUE," /* the blank card printed on */
    " replaces_card_id INTEGER REFERENCES cards(id),"
    " updated_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now')));"
    "CREATE INDEX cards_person ON cards(person_id);"
    "CREATE INDEX cards_enrolment ON cards(enrolment_id);"
    "CREATE TABLE ikd_credentials(" /* filled by a later issue */
    " id INTEGER PRIMARY KEY,"
    " person_id INTEGER NOT NULL REFERENCES persons(id),"
    " device_id TEXT NOT NULL, status INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now')));"
    "CREATE TABLE decisions("
    " id INTEGER PRIMARY KEY,"
    " enrolment_id INTEGER NOT NULL REFERENCES enrolments(id),"
    " outcome INTEGER NOT NULL, reason TEXT NOT NULL,"
    " matched_person_id INTEGER REFERENCES persons(id),"
    " match_below REAL NOT NULL, review_below REAL NOT NULL,"
    " comparisons INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now')));"
    "CREATE INDEX decisions_enrolment ON decisions(enrolment_id);"
    "CREATE TABLE decision_evidence("
    " decision_id INTEGER NOT NULL REFERENCES decisions(id),"
    " kind TEXT NOT NULL CHECK(kind IN ('biometric', 'nik', 'demographic')),"
    " person_id INTEGER NOT NULL,"
    " score REAL, left_score REAL, right_score REAL);"
    "CREATE TABLE audit("
    " id INTEGER PRIMARY KEY,"
    " at INTEGER NOT NULL DEFAULT (strftime('%s', 'now')),"
    " action TEXT NOT NULL, subject TEXT NOT NULL, subject_id INTEGER, detail TEXT);";

static int query_int(sqlite3 *db, const char *sql, int64_t *value)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            *value = sqlite3_column_int64(stmt, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(stmt);
    return rc;
}

static int create_schema(core_registry *reg, char *err, size_t err_size)
{
    char *msg = NULL;
    char pragmas[128];
    snprintf(pragmas, sizeof pragmas, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
             CORE_REGISTRY_APPLICATION_ID, CORE_REGISTRY_SCHEMA_VERSION);
    int rc = core__begin(reg, err, err_size);
    if (rc != CORE_OK)
        return rc;
    int src = sqlite3_exec(reg->db, core__schema_sql, NULL, NULL, &msg);
    if (src == SQLITE_OK)
        src = sqlite3_exec(reg->db, pragmas, NULL, NULL, &msg);
    sqlite3_free(msg);
    if (src != SQLITE_OK) {
        core__rollback(reg);
        return core__db_fail(reg, src, "creating the schema", err, err_size);
    }
    rc = core__audit(reg, "registry.create", "registry", 0, NULL);
    if (rc != CORE_OK) {
        core__rollback(reg);
        return core__fail(rc, err, err_size, "cannot write the first audit entry");
    }
    return core__commit(reg, err, err_size);
}

/* Decides, by reading only, whether the file is a registry this build can use. */
static int check_identity(core_registry *reg, const char *path, int *empty, char *err,
                          size_t err_size)
{
    int64_t app_id = 0, version = 0, objects = 0;
    int src = query_int(reg->db, "PRAGMA application_id", &app_id);
    if (src == SQLITE_OK)
        src = query_int(reg->db, "PRAGMA user_version", &version);
    if (src == SQLITE_OK)
        src = query_int(reg->db, "SELECT count(*) FROM sqlite_master", &objects);
    if (src == SQLITE_NOTADB || src == SQLITE_CORRUPT)
        return core__fail(CORE_ECORRUPT, err, err_size, "%s is not an SQLite database", path);
    if (src != SQLITE_OK)
        return core__db_fail(reg, src, path, err, err_size);
    *empty = (app_id == 0 && version == 0 && objects == 0);
    if (*empty)
        return CORE_OK;
    if (app_id != CORE_REGISTRY_APPLICATION_ID)
        return core__fail(CORE_ECORRUPT, err, err_size,
                          "%s is an SQLite database but not a ktpcore registry", path);
    if (version > CORE_REGISTRY_SCHEMA_VERSION)
        return core__fail(CORE_EVERSION, err, err_size,
                          "%s has registry schema version %d; this ktpcore reads up to %d", path,
                          (int)version, CORE_REGISTRY_SCHEMA_VERSION);
    if (version < 1)
        return core__fail(CORE_ECORRUPT, err, err_size,
                          "%s has no registry schema version", path);
    return CORE_OK;
}

static int configure(core_registry *reg, char *err, size_t err_size)
{
    char *msg = NULL;
    const char *sql = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
    if (reg->flags & CORE_REGISTRY_SCRATCH) /* no crash safety needed: see registry.h */
        sql = "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;";
    else if (reg->flags & CORE_REGISTRY_FAST)
        sql = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
    int src = SQLITE_OK;
    if (!(reg->flags & CORE_REGISTRY_READONLY))
        src = sqlite3_exec(reg->db, sql, NULL, NULL, &msg);
    if (src == SQLITE_OK)
        src = sqlite3_exec(reg->db, "PRAGMA foreign_keys = ON;", NULL, NULL, &msg);
    sqlite3_free(msg);
    return src == SQLITE_OK ? CORE_OK : core__db_fail(reg, src, "configuring", err, err_size);
}

static int open_steps(core_registry *reg, const char *path, char *err, size_t err_size)
{
    int create = (reg->flags & CORE_REGISTRY_CREATE) && !(reg->flags & CORE_REGISTRY_READONLY);
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (!exists && !create)
        return core__fail(CORE_ENOTFOUND, err, err_size, "%s does not exist", path);
    if (exists && !S_ISREG(st.st_mode)) /* a FIFO would block SQLite's first read for ever */
        return core__fail(CORE_ECORRUPT, err, err_size, "%s is not a regular file", path);
    int open_flags = (reg->flags & CORE_REGISTRY_READONLY)
                         ? SQLITE_OPEN_READONLY
                         : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    int src = sqlite3_open_v2(path, &reg->db, open_flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (src != SQLITE_OK)
        return core__db_fail(reg, src, path, err, err_size);
    sqlite3_extended_result_codes(reg->db, 0);
    sqlite3_busy_timeout(reg->db, 5000);
    int empty = 0;
    int rc = check_identity(reg, path, &empty, err, err_size);
    if (rc == CORE_OK && empty && !create)
        rc = core__fail(CORE_ECORRUPT, err, err_size,
                        "%s is an empty database, not a ktpcore registry", path);
    if (rc == CORE_OK)
        rc = configure(reg, err, err_size);
    if (rc == CORE_OK && empty)
        rc = create_schema(reg, err, err_size);
    if (rc == CORE_OK && !(reg->flags & CORE_REGISTRY_NO_GALLERY))
        rc = core__gallery_load(reg, err, err_size);
    if (rc == CORE_OK && (reg->flags & CORE_REGISTRY_CHECKED)) {
        char why[400];
        rc = core_registry_check(reg, why, sizeof why);
        if (rc != CORE_OK)
            rc = core__fail(CORE_ECORRUPT, err, err_size,
                            "%s: registry check failed: %s; not writing to it", path, why);
    }
    return rc;
}

int core_registry_open(const char *path, int flags, core_registry **out, char *err,
                       size_t err_size)
{
    return core_registry_open_with_clock(path, flags, NULL, out, err, err_size);
}

int core_registry_open_with_clock(const char *path, int flags, const core_registry_clock *clock,
                                  core_registry **out, char *err, size_t err_size)
{
    if (!out || !path)
        return core__fail(CORE_EINVAL, err, err_size, "no registry path given");
    *out = NULL;
    core_registry *reg = calloc(1, sizeof *reg);
    if (!reg)
        return core__fail(CORE_ENOMEM, err, err_size, "out of memory opening %s", path);
    reg->flags = flags;
    core_registry_set_clock(reg, clock);
    int rc = open_steps(reg, path, err, err_size);
    if (rc != CORE_OK) {
        core_registry_close(reg);
        return rc;
    }
    *out = reg;
    return CORE_OK;
}

void core_registry_close(core_registry *reg)
{
    if (!reg)
        return;
    if (reg->gallery)
        core_gallery_destroy(reg->gallery);
    core__stmt_cache_clear(reg);
    sqlite3_close(reg->db);
    free(reg);
}

void core_registry_set_clock(core_registry *reg, const core_registry_clock *clock)
{
    reg->clock = clock ? *clock : (core_registry_clock){NULL, NULL};
}

void core_registry_set_busy_timeout(core_registry *reg, int milliseconds)
{
    sqlite3_busy_timeout(reg->db, milliseconds > 0 ? milliseconds : 0);
}

const core_gallery *core_registry_gallery(const core_registry *reg)
{
    return reg ? reg->gallery : NULL;
}
