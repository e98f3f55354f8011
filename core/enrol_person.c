/* Enrolment storage shared by enrol.c and issuance.c: reading a stored enrolment back,
 * creating the person of a unique enrolment (NIK serial, person row, template) and adding
 * them to the gallery after commit. */
#include <stdio.h>
#include <string.h>
#include "core/normalize.h"
#include "core/registry_internal.h"
#include "core/status.h"

void core__birth_date(const core_person *a, char out[16])
{
    snprintf(out, 16, "%04d-%02d-%02d", a->birth_year % 10000, a->birth_month % 100,
             a->birth_day % 100);
}

int core__load_enrolment(core_registry *reg, uint64_t enrolment_id, core_person *a,
                          core_template *t, char *err, size_t err_size)
{
    sqlite3_stmt *stmt = NULL;
    int rc = core__prepare_cached(reg, "SELECT claimed_nik, name, sex, birth_date, birth_place,"
                                " mother_name, district_code, template FROM enrolments"
                                " WHERE id = ?", &stmt, err, err_size);
    if (rc != CORE_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, (int64_t)enrolment_id);
    int src = sqlite3_step(stmt);
    memset(a, 0, sizeof *a);
    if (src == SQLITE_ROW) {
        const char *cols[6];
        for (int i = 0; i < 6; i++) {
            const unsigned char *text = sqlite3_column_text(stmt, i);
            cols[i] = text ? (const char *)text : "";
        }
        snprintf(a->nik, sizeof a->nik, "%s", cols[0]);
        snprintf(a->name, sizeof a->name, "%s", cols[1]);
        a->sex = sqlite3_column_int(stmt, 2);
        if (sscanf(cols[3], "%d-%d-%d", &a->birth_year, &a->birth_month, &a->birth_day) != 3)
            rc = core__fail(CORE_ECORRUPT, err, err_size, "enrolment %llu: bad birth date",
                            (unsigned long long)enrolment_id);
        snprintf(a->birth_place, sizeof a->birth_place, "%s", cols[4]);
        snprintf(a->mother_name, sizeof a->mother_name, "%s", cols[5]);
        a->district_code = (long)sqlite3_column_int64(stmt, 6);
        if (rc == CORE_OK)
            rc = core_template_decode(sqlite3_column_blob(stmt, 7),
                                      (size_t)sqlite3_column_bytes(stmt, 7), t, err, err_size);
    } else {
        rc = src == SQLITE_DONE ? core__fail(CORE_ENOTFOUND, err, err_size, "no enrolment %llu",
                                             (unsigned long long)enrolment_id)
                                : core__db_fail(reg, src, "enrolment", err, err_size);
    }
    core__release(reg, stmt);
    return rc;
}

static int insert_person(core_registry *reg, const core_person *a, const char *nik,
                         uint64_t enrolment_id, uint64_t *person_id)
{
    char name[CORE_TEXT_MAX], place[CORE_TEXT_MAX], mother[CORE_TEXT_MAX], date[16];
    core_normalize_name(a->name, name, sizeof name);
    core_normalize_name(a->birth_place, place, sizeof place);
    core_normalize_name(a->mother_name, mother, sizeof mother);
    core__birth_date(a, date);
    int rc = core__exec(reg, "INSERT INTO persons(nik, name, name_key, sex, birth_date,"
                             " birth_place, birth_place_key, mother_name, mother_key,"
                             " district_code, enrolment_id, created_at)"
                             " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        "tttitttttiii", nik, a->name, name, (int64_t)a->sex, date,
                        a->birth_place, place, a->mother_name, mother, (int64_t)a->district_code,
                        (int64_t)enrolment_id, core__now(reg));
    *person_id = (uint64_t)sqlite3_last_insert_rowid(reg->db);
    return rc;
}

int core__person_from_enrolment(core_registry *reg, uint64_t enrolment_id,
                                core__new_person *created, char *err, size_t err_size)
{
    core_person a;
    int rc = core__load_enrolment(reg, enrolment_id, &a, &created->template_, err, err_size);
    if (rc != CORE_OK)
        return rc;
    if (core_template_valid_bits(&created->template_, 0) < CORE_IRIS_MIN_BITS &&
        core_template_valid_bits(&created->template_, 1) < CORE_IRIS_MIN_BITS)
        return core__fail(CORE_EINVAL, err, err_size,
                          "enrolment %llu has no usable iris; record it again",
                          (unsigned long long)enrolment_id);
    core_nik parts = {.province = (int)(a.district_code / 10000),
                      .regency = (int)(a.district_code / 100 % 100),
                      .district = (int)(a.district_code % 100), .birth_day = a.birth_day,
                      .birth_month = a.birth_month, .birth_year2 = a.birth_year % 100,
                      .female = a.sex == CORE_SEX_FEMALE};
    char prefix[CORE_NIK_PREFIX_DIGITS + 1];
    rc = core_nik_check_parts(&parts, err, err_size);
    if (rc == CORE_OK) {
        core_nik_prefix(&parts, prefix);
        rc = core__allocate_serial(reg, prefix, &parts.serial, err, err_size);
    }
    if (rc == CORE_OK)
        rc = core_nik_compose(&parts, created->nik, err, err_size);
    if (rc != CORE_OK)
        return rc;
    rc = insert_person(reg, &a, created->nik, enrolment_id, &created->person_id);
    unsigned char blob[CORE_TEMPLATE_BYTES];
    core_template_encode(&created->template_, blob);
    sqlite3_stmt *stmt = NULL;
    if (rc == CORE_OK && (rc = core__prepare_cached(reg, "INSERT INTO templates(person_id,"
                                                  " enrolment_id, data) VALUES(?, ?, ?)",
                                             &stmt, err, err_size)) == CORE_OK) {
        sqlite3_bind_int64(stmt, 1, (int64_t)created->person_id);
        sqlite3_bind_int64(stmt, 2, (int64_t)enrolment_id);
        sqlite3_bind_blob(stmt, 3, blob, sizeof blob, SQLITE_TRANSIENT);
        int src = sqlite3_step(stmt);
        rc = src == SQLITE_DONE ? CORE_OK : core__db_fail(reg, src, "template", err, err_size);
        core__release(reg, stmt);
    }
    if (rc == CORE_OK)
        rc = core__audit(reg, "person.create", "person", (int64_t)created->person_id,
                         created->nik);
    if (rc != CORE_OK)
        created->person_id = 0;
    return rc;
}

int core__gallery_add(core_registry *reg, const core__new_person *created, char *err,
                      size_t err_size)
{
    if (!reg->gallery || created->person_id == 0)
        return CORE_OK;
    int rc = core_gallery_insert(reg->gallery, created->person_id, &created->template_);
    if (rc != CORE_OK)
        return core__fail(rc, err, err_size,
                          "person %llu is stored but not in this handle's gallery (reopen)",
                          (unsigned long long)created->person_id);
    return CORE_OK;
}

int core__finish(core_registry *reg, int rc, const core__new_person *created, char *err,
                 size_t err_size)
{
    if (rc != CORE_OK) {
        core__rollback(reg);
        return rc;
    }
    rc = core__commit(reg, err, err_size);
    return rc == CORE_OK ? core__gallery_add(reg, created, err, err_size) : rc;
}
