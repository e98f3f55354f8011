/* Registry reads: info, consistency check, persons and templates, NIK allocation, and the
 * template byte format. */
#include <stdio.h>
#include <string.h>
#include "core/registry_internal.h"
#include "core/status.h"

void core_template_encode(const core_template *t, unsigned char out[CORE_TEMPLATE_BYTES])
{
    size_t pos = 0;
    for (int e = 0; e < 2; e++) {
        const uint64_t *words[2] = {t->eye[e].code, t->eye[e].mask};
        for (int part = 0; part < 2; part++)
            for (int w = 0; w < CORE_IRIS_WORDS; w++)
                for (int b = 0; b < 8; b++)
                    out[pos++] = (unsigned char)(words[part][w] >> (8 * b));
    }
}

int core_template_decode(const void *bytes, size_t size, core_template *out, char *err,
                         size_t err_size)
{
    if (!bytes || size != CORE_TEMPLATE_BYTES)
        return core__fail(CORE_ECORRUPT, err, err_size, "template is %zu bytes, expected %d",
                          bytes ? size : 0, CORE_TEMPLATE_BYTES);
    const unsigned char *in = bytes;
    for (int e = 0; e < 2; e++) {
        uint64_t *words[2] = {out->eye[e].code, out->eye[e].mask};
        for (int part = 0; part < 2; part++)
            for (int w = 0; w < CORE_IRIS_WORDS; w++) {
                uint64_t v = 0;
                for (int b = 7; b >= 0; b--)
                    v = (v << 8) | in[b];
                words[part][w] = v;
                in += 8;
            }
    }
    return CORE_OK;
}

int core_template_valid_bits(const core_template *t, int eye)
{
    int bits = 0;
    for (int w = 0; w < CORE_IRIS_WORDS; w++) {
        uint64_t m = t->eye[eye].mask[w];
        for (; m; m &= m - 1)
            bits++;
    }
    return bits;
}

static int count_rows(core_registry *reg, const char *sql, int64_t *out)
{
    sqlite3_stmt *stmt = NULL;
    int rc = core__prepare(reg, sql, &stmt, NULL, 0);
    if (rc != CORE_OK)
        return rc;
    int src = sqlite3_step(stmt);
    *out = src == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    sqlite3_finalize(stmt);
    return src == SQLITE_ROW ? CORE_OK : core__db_fail(reg, src, "counting", NULL, 0);
}

int core_registry_info_get(core_registry *reg, core_registry_info *out)
{
    memset(out, 0, sizeof *out);
    struct { const char *sql; int64_t *dst; } counts[] = {
        {"PRAGMA user_version", NULL},
        {"SELECT count(*) FROM persons", &out->persons},
        {"SELECT count(*) FROM enrolments", &out->enrolments},
        {"SELECT count(*) FROM templates", &out->templates},
        {"SELECT count(*) FROM cards", &out->cards},
        {"SELECT count(*) FROM decisions", &out->decisions},
        {"SELECT count(*) FROM ikd_credentials", &out->ikd_credentials},
        {"SELECT count(*) FROM audit", &out->audit_entries},
        {"SELECT count(*) FROM nik_serials", &out->nik_prefixes}};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        int64_t v = 0;
        int rc = count_rows(reg, counts[i].sql, &v);
        if (rc != CORE_OK)
            return rc;
        if (counts[i].dst)
            *counts[i].dst = v;
        else
            out->schema_version = (int)v;
    }
    sqlite3_stmt *stmt = NULL;
    if (core__prepare(reg, "PRAGMA journal_mode", &stmt, NULL, 0) == CORE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        snprintf(out->journal_mode, sizeof out->journal_mode, "%s",
                 (const char *)sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    out->gallery_count = reg->gallery ? core_gallery_count(reg->gallery) : 0;
    return CORE_OK;
}

/* Each query returns the id of the first row that breaks an invariant, or no row. */
static const struct { const char *what; const char *sql; } invariants[] = {
    {"person without a template",
     "SELECT p.id FROM persons p LEFT JOIN templates t ON t.person_id = p.id"
     " WHERE t.person_id IS NULL LIMIT 1"},
    {"template without a person",
     "SELECT t.person_id FROM templates t LEFT JOIN persons p ON p.id = t.person_id"
     " WHERE p.id IS NULL LIMIT 1"},
    {"person without a card",
     "SELECT p.id FROM persons p WHERE NOT EXISTS"
     " (SELECT 1 FROM cards c WHERE c.person_id = p.id) LIMIT 1"},
    {"enrolment without a card",
     "SELECT e.id FROM enrolments e WHERE NOT EXISTS"
     " (SELECT 1 FROM cards c WHERE c.enrolment_id = e.id) LIMIT 1"},
    {"decided card without a decision",
     "SELECT c.id FROM cards c WHERE c.status NOT IN (0, 1) AND c.replaces_card_id IS NULL"
     " AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.enrolment_id = c.enrolment_id)"
     " LIMIT 1"},
    {"card with an unknown status",
     "SELECT id FROM cards WHERE typeof(status) != 'integer' OR status NOT BETWEEN 0 AND 11"
     " LIMIT 1"},
    {"decision with an unknown outcome",
     "SELECT id FROM decisions WHERE typeof(outcome) != 'integer' OR outcome NOT BETWEEN 1 AND 4"
     " LIMIT 1"},
    {"person with an unknown sex", "SELECT id FROM persons WHERE sex NOT IN (1, 2) LIMIT 1"},
    {"enrolment with an unknown sex", "SELECT id FROM enrolments WHERE sex NOT IN (1, 2) LIMIT 1"},
    {"IKD credential with an unknown status",
     "SELECT id FROM ikd_credentials WHERE status NOT IN (1, 2) LIMIT 1"},
    {"decision evidence of an unknown kind",
     "SELECT decision_id FROM decision_evidence"
     " WHERE kind NOT IN ('biometric', 'nik', 'demographic') LIMIT 1"},
    {"NIK serial beyond its counter",
     "SELECT p.id FROM persons p LEFT JOIN nik_serials s ON s.prefix = substr(p.nik, 1, 12)"
     " WHERE s.prefix IS NULL OR CAST(substr(p.nik, 13, 4) AS INTEGER) > s.last_serial"
     " LIMIT 1"},
};

/* "name type notnull pk, ..." of a table's columns in db ("" if there is no such table). */
static void columns_of(sqlite3 *db, const char *table, char *out, size_t size)
{
    sqlite3_stmt *stmt = NULL;
    out[0] = '\0';
    if (sqlite3_prepare_v2(db, "SELECT group_concat(name || ' ' || type || ' ' || \"notnull\""
                               " || ' ' || pk, ', ') FROM pragma_table_info(?)",
                           -1, &stmt, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
        snprintf(out, size, "%s", (const char *)sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
}

/* Every table and index of the schema a new registry gets must exist, each table with the
 * same columns (name, type, NOT NULL, key). Extra tables (ikd_revocations, enrol_requests,
 * created on first use) are allowed. The reference is the schema built in memory. */
static int check_schema(core_registry *reg, char *err, size_t err_size)
{
    sqlite3 *ref = NULL;
    sqlite3_stmt *stmt = NULL, *has = NULL;
    int rc = CORE_OK;
    if (sqlite3_open(":memory:", &ref) != SQLITE_OK ||
        sqlite3_exec(ref, core__schema_sql, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(ref, "SELECT type, name FROM sqlite_master ORDER BY rowid", -1, &stmt,
                           NULL) != SQLITE_OK)
        rc = core__fail(CORE_ENOMEM, err, err_size, "cannot build the reference schema");
    if (rc == CORE_OK)
        rc = core__prepare(reg, "SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?", &has,
                           err, err_size);
    while (rc == CORE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(stmt, 0);
        const char *name = (const char *)sqlite3_column_text(stmt, 1);
        sqlite3_reset(has);
        sqlite3_bind_text(has, 1, type, -1, SQLITE_STATIC);
        sqlite3_bind_text(has, 2, name, -1, SQLITE_STATIC);
        if (sqlite3_step(has) != SQLITE_ROW) {
            rc = core__fail(CORE_ECORRUPT, err, err_size, "schema: %s %s is missing", type, name);
            break;
        }
        char want[600], got[600];
        columns_of(ref, name, want, sizeof want);
        columns_of(reg->db, name, got, sizeof got);
        if (strcmp(type, "table") == 0 && strcmp(want, got) != 0)
            rc = core__fail(CORE_ECORRUPT, err, err_size,
                            "schema: table %s has columns (%s), expected (%s)", name, got, want);
    }
    sqlite3_finalize(has);
    sqlite3_finalize(stmt);
    sqlite3_close(ref);
    return rc;
}

/* integrity_check's first rows (a header line, then the problems), joined with "; ". */
static int check_integrity(core_registry *reg, char *err, size_t err_size)
{
    sqlite3_stmt *stmt = NULL;
    int rc = core__prepare(reg, "PRAGMA integrity_check(4)", &stmt, err, err_size);
    if (rc != CORE_OK)
        return rc;
    char report[400] = "";
    size_t used = 0;
    int src;
    while ((src = sqlite3_step(stmt)) == SQLITE_ROW && used < sizeof report) {
        const char *row = (const char *)sqlite3_column_text(stmt, 0);
        int n = snprintf(report + used, sizeof report - used, "%s%s", used ? "; " : "",
                         row ? row : "");
        used += n > 0 ? (size_t)n : 0;
    }
    if (src != SQLITE_DONE && src != SQLITE_ROW)
        rc = core__db_fail(reg, src, "integrity_check", err, err_size);
    else if (strcmp(report, "ok") != 0)
        rc = core__fail(CORE_ECORRUPT, err, err_size, "integrity_check: %s", report);
    sqlite3_finalize(stmt);
    return rc;
}

/* The checks, all on one snapshot (the caller's transaction or a read transaction). */
static int check_snapshot(core_registry *reg, char *err, size_t err_size)
{
    int rc = check_integrity(reg, err, err_size);
    if (rc == CORE_OK)
        rc = check_schema(reg, err, err_size);
    if (rc == CORE_OK)
        rc = core__gallery_refresh(reg, NULL, err, err_size);
    for (size_t i = 0; rc == CORE_OK && i < sizeof invariants / sizeof invariants[0]; i++) {
        sqlite3_stmt *stmt = NULL;
        rc = core__prepare(reg, invariants[i].sql, &stmt, err, err_size);
        if (rc != CORE_OK)
            break;
        int src = sqlite3_step(stmt);
        if (src == SQLITE_ROW)
            rc = core__fail(CORE_ECORRUPT, err, err_size, "%s (id %lld)", invariants[i].what,
                            (long long)sqlite3_column_int64(stmt, 0));
        else if (src != SQLITE_DONE)
            rc = core__db_fail(reg, src, invariants[i].what, err, err_size);
        sqlite3_finalize(stmt);
    }
    int64_t templates = 0;
    if (rc == CORE_OK && reg->gallery &&
        (rc = count_rows(reg, "SELECT count(*) FROM templates", &templates)) == CORE_OK &&
        (int64_t)core_gallery_count(reg->gallery) != templates)
        rc = core__fail(CORE_ECORRUPT, err, err_size,
                        "gallery holds %zu templates, the registry %lld",
                        core_gallery_count(reg->gallery), (long long)templates);
    return rc;
}

int core_registry_check(core_registry *reg, char *err, size_t err_size)
{
    int own = sqlite3_get_autocommit(reg->db);
    if (own && sqlite3_exec(reg->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return core__db_fail(reg, sqlite3_errcode(reg->db), "starting a read", err, err_size);
    int rc = check_snapshot(reg, err, err_size);
    if (own)
        sqlite3_exec(reg->db, "COMMIT", NULL, NULL, NULL);
    return rc;
}

static void copy_text(char *dst, size_t size, const unsigned char *src)
{
    snprintf(dst, size, "%s", src ? (const char *)src : "");
}

static int person_query(core_registry *reg, const char *where, int64_t id, const char *nik,
                        core_person *out)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT id, nik, name, sex, birth_date, birth_place, mother_name, district_code"
             " FROM persons WHERE %s", where);
    sqlite3_stmt *stmt = NULL;
    int rc = core__prepare_cached(reg, sql, &stmt, NULL, 0);
    if (rc != CORE_OK)
        return rc;
    if (nik)
        sqlite3_bind_text(stmt, 1, nik, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_int64(stmt, 1, id);
    int src = sqlite3_step(stmt);
    if (src == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = (uint64_t)sqlite3_column_int64(stmt, 0);
        copy_text(out->nik, sizeof out->nik, sqlite3_column_text(stmt, 1));
        copy_text(out->name, sizeof out->name, sqlite3_column_text(stmt, 2));
        out->sex = sqlite3_column_int(stmt, 3);
        const char *date = (const char *)sqlite3_column_text(stmt, 4);
        if (!date || sscanf(date, "%d-%d-%d", &out->birth_year, &out->birth_month,
                            &out->birth_day) != 3)
            rc = CORE_ECORRUPT;
        copy_text(out->birth_place, sizeof out->birth_place, sqlite3_column_text(stmt, 5));
        copy_text(out->mother_name, sizeof out->mother_name, sqlite3_column_text(stmt, 6));
        out->district_code = (long)sqlite3_column_int64(stmt, 7);
    } else {
        rc = src == SQLITE_DONE ? CORE_ENOTFOUND : core__db_fail(reg, src, "person", NULL, 0);
    }
    core__release(reg, stmt);
    return rc;
}

int core_registry_person_get(core_registry *reg, uint64_t person_id, core_person *out)
{
    return person_query(reg, "id = ?", (int64_t)person_id, NULL, out);
}

int core_registry_person_by_nik(core_registry *reg, const char *nik, core_person *out)
{
    return person_query(reg, "nik = ?", 0, nik ? nik : "", out);
}

int core_registry_template_get(core_registry *reg, uint64_t person_id, core_template *out)
{
    sqlite3_stmt *stmt = NULL;
    int rc = core__prepare(reg, "SELECT data FROM templates WHERE person_id = ?", &stmt, NULL, 0);
    if (rc != CORE_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, (int64_t)person_id);
    int src = sqlite3_step(stmt);
    if (src == SQLITE_ROW)
        rc = core_template_decode(sqlite3_column_blob(stmt, 0),
                                  (size_t)sqlite3_column_bytes(stmt, 0), out, NULL, 0);
    else
        rc = src == SQLITE_DONE ? CORE_ENOTFOUND : core__db_fail(reg, src, "template", NULL, 0);
    sqlite3_finalize(stmt);
    return rc;
}

int core_registry_allocate_nik(core_registry *reg, const core_nik *parts,
                               char nik[CORE_NIK_DIGITS + 1], char *err, size_t err_size)
{
    int rc = core_nik_check_parts(parts, err, err_size);
    if (rc != CORE_OK)
        return rc;
    char prefix[CORE_NIK_PREFIX_DIGITS + 1];
    core_nik_prefix(parts, prefix);
    if ((rc = core__begin(reg, err, err_size)) != CORE_OK)
        return rc;
    core_nik full = *parts;
    rc = core__allocate_serial(reg, prefix, &full.serial, err, err_size);
    if (rc == CORE_OK)
        rc = core_nik_compose(&full, nik, err, err_size);
    if (rc == CORE_OK)
        rc = core__audit(reg, "nik.allocate", "nik_prefix", 0, prefix);
    if (rc != CORE_OK) {
        core__rollback(reg);
        return rc;
    }
    return core__commit(reg, err, err_size);
}
