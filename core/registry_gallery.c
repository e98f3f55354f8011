/* A handle's in-memory gallery kept equal to the committed templates: loaded at open, and
 * refreshed inside each write transaction with the templates other connections (processes,
 * threads with their own handle) committed since, so a dedup decision searches every
 * committed enrolment, not just those that existed when this handle opened. */
#include <stdlib.h>
#include "core/registry_internal.h"
#include "core/status.h"

/* PRAGMA data_version: changes when another connection commits (never for our own). */
static int data_version(core_registry *reg, int64_t *out)
{
    sqlite3_stmt *stmt = NULL;
    int rc = core__prepare_cached(reg, "PRAGMA data_version", &stmt, NULL, 0);
    if (rc != CORE_OK)
        return rc;
    int src = sqlite3_step(stmt);
    if (src == SQLITE_ROW)
        *out = sqlite3_column_int64(stmt, 0);
    core__release(reg, stmt);
    return src == SQLITE_ROW ? CORE_OK : core__db_fail(reg, src, "data_version", NULL, 0);
}

/* Keeps *ids (grown as needed) as the list of person ids added, for the caller's search. */
static int note_added(core__gallery_added *added, uint64_t person_id)
{
    if (added->count == added->capacity) {
        size_t capacity = added->capacity ? added->capacity * 2 : 64;
        uint64_t *grown = realloc(added->ids, capacity * sizeof *grown);
        if (!grown)
            return CORE_ENOMEM;
        added->ids = grown;
        added->capacity = capacity;
    }
    added->ids[added->count++] = person_id;
    return CORE_OK;
}

/* Adds stored templates with person_id > reg->gallery_seen_id that the gallery lacks.
 * Person ids only grow (persons are never deleted, so a new row's rowid is above every
 * committed one), hence "above the highest seen" is exactly "committed since". */
static int load_since(core_registry *reg, core__gallery_added *added, char *err,
                      size_t err_size)
{
    sqlite3_stmt *stmt = NULL;
    int rc = core__prepare_cached(reg, "SELECT person_id, data FROM templates"
                                       " WHERE person_id > ? ORDER BY person_id",
                                  &stmt, err, err_size);
    if (rc != CORE_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, (int64_t)reg->gallery_seen_id);
    int src;
    while (rc == CORE_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
        uint64_t person = (uint64_t)sqlite3_column_int64(stmt, 0);
        core_template t;
        char why[96];
        if (core_gallery_find(reg->gallery, person)) { /* this handle added it itself */
            reg->gallery_seen_id = person;
            continue;
        }
        rc = core_template_decode(sqlite3_column_blob(stmt, 1),
                                  (size_t)sqlite3_column_bytes(stmt, 1), &t, why, sizeof why);
        if (rc != CORE_OK)
            rc = core__fail(rc, err, err_size, "stored template of person %llu: %s",
                            (unsigned long long)person, why);
        else if ((rc = core_gallery_insert(reg->gallery, person, &t)) != CORE_OK)
            rc = core__fail(rc, err, err_size, "cannot add person %llu to the gallery",
                            (unsigned long long)person);
        else if (added && (rc = note_added(added, person)) != CORE_OK)
            rc = core__fail(rc, err, err_size, "out of memory refreshing the gallery");
        if (rc == CORE_OK)
            reg->gallery_seen_id = person;
    }
    if (rc == CORE_OK && src != SQLITE_DONE)
        rc = core__db_fail(reg, src, "loading templates", err, err_size);
    core__release(reg, stmt);
    return rc;
}

int core__gallery_load(core_registry *reg, char *err, size_t err_size)
{
    sqlite3_stmt *stmt = NULL;
    int64_t count = 0;
    int rc = core__prepare(reg, "SELECT count(*) FROM templates", &stmt, err, err_size);
    int src = rc == CORE_OK ? sqlite3_step(stmt) : SQLITE_ERROR;
    if (src == SQLITE_ROW)
        count = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    if (rc == CORE_OK && src != SQLITE_ROW)
        return core__db_fail(reg, src, "counting templates", err, err_size);
    if (rc != CORE_OK)
        return rc;
    if ((rc = core_gallery_create(&reg->gallery, (size_t)count)) != CORE_OK)
        return core__fail(rc, err, err_size, "cannot create a gallery for %lld templates",
                          (long long)count);
    /* the version first: a commit between the two reads is then loaded again, never lost */
    if ((rc = data_version(reg, &reg->data_version)) != CORE_OK)
        return core__fail(rc, err, err_size, "cannot read the data version");
    return load_since(reg, NULL, err, err_size);
}

int core__gallery_refresh(core_registry *reg, core__gallery_added *added, char *err,
                          size_t err_size)
{
    if (!reg->gallery)
        return CORE_OK;
    int64_t version = 0;
    int rc = data_version(reg, &version);
    if (rc != CORE_OK)
        return core__fail(rc, err, err_size, "cannot read the data version");
    if (version == reg->data_version)
        return CORE_OK; /* nobody else committed: the gallery is current */
    rc = load_since(reg, added, err, err_size);
    if (rc == CORE_OK)
        reg->data_version = version;
    return rc;
}
