/* Internal to core/: the registry handle and the transaction/statement helpers shared by
 * registry*.c, issuance.c and enrol.c. Not a public interface. */
#ifndef CORE_REGISTRY_INTERNAL_H
#define CORE_REGISTRY_INTERNAL_H

#include <sqlite3.h>
#include <stdarg.h>
#include "core/registry.h"

/* Statements core__exec keeps prepared (parsing costs more than running a small INSERT). */
#define CORE__STMT_CACHE 32

struct core_registry {
    sqlite3 *db;
    sqlite3_stmt *stmt_cache[CORE__STMT_CACHE]; /* reset, bindings cleared */
    int stmt_cached;
    core_gallery *gallery; /* NULL with CORE_REGISTRY_NO_GALLERY */
    uint64_t gallery_seen_id; /* highest person id read from the templates table */
    int64_t data_version;     /* PRAGMA data_version when the gallery was last brought up */
    int flags;
    int in_transaction;
    int in_batch;              /* core_registry_batch_begin: operations are savepoints */
    core_registry_clock clock; /* now NULL: wall clock */
};

/* Person ids a gallery refresh added (malloc'd; the caller frees ids). */
typedef struct core__gallery_added {
    uint64_t *ids;
    size_t count, capacity;
} core__gallery_added;

/* Creates the handle's gallery from the stored templates (core/registry_gallery.c). */
int core__gallery_load(core_registry *reg, char *err, size_t err_size);
/* Adds the templates other connections committed since the last load or refresh; inside a
 * write transaction that is every committed one. added (may be NULL) gets their ids. A
 * no-op without a gallery or when nobody else committed (PRAGMA data_version). */
int core__gallery_refresh(core_registry *reg, core__gallery_added *added, char *err,
                          size_t err_size);

/* The schema a new registry gets (core/registry.c); core_registry_check compares with it. */
extern const char *const core__schema_sql;

/* The registry clock's time, epoch seconds (core_registry_clock). */
int64_t core__now(core_registry *reg);

/* Formats a message into err (if any) and returns status. */
int core__fail(int status, char *err, size_t err_size, const char *fmt, ...);
/* Maps an SQLite result to a core_status and writes "context: sqlite message" to err. */
int core__db_fail(core_registry *reg, int sqlite_rc, const char *context, char *err,
                  size_t err_size);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. rollback is safe to call when nothing is open. */
int core__begin(core_registry *reg, char *err, size_t err_size);
int core__commit(core_registry *reg, char *err, size_t err_size);
void core__rollback(core_registry *reg);

/* Prepares sql; CORE_OK or a mapped error. The caller finalizes *stmt. */
int core__prepare(core_registry *reg, const char *sql, sqlite3_stmt **stmt, char *err,
                  size_t err_size);
/* core__prepare through the statement cache (for hot statements): the caller gives the
 * statement back with core__release (reset when cached, finalized otherwise), never with
 * sqlite3_finalize, and does not prepare the same SQL again before releasing it. */
int core__prepare_cached(core_registry *reg, const char *sql, sqlite3_stmt **stmt, char *err,
                         size_t err_size);
void core__release(core_registry *reg, sqlite3_stmt *stmt);
/* Finalizes the cached statements (before sqlite3_close). */
void core__stmt_cache_clear(core_registry *reg);
/* Runs a statement that returns no rows, with the arguments bound by format: 'i' int64,
 * 'I' int64 with 0 stored as NULL, 't' text (NULL allowed), 'd' double, 'n' NULL (no
 * argument consumed). */
int core__exec(core_registry *reg, const char *sql, const char *format, ...);

/* Appends an audit entry (inside the caller's transaction). */
int core__audit(core_registry *reg, const char *action, const char *subject, int64_t subject_id,
                const char *detail);

/* Allocates the next serial for a 12-digit prefix inside the caller's transaction. */
int core__allocate_serial(core_registry *reg, const char *prefix, int *serial, char *err,
                          size_t err_size);

#include "core/dedup.h"
#include "core/issuance.h"

/* Reads a card (inside or outside a transaction). */
int core__card_load(core_registry *reg, uint64_t card_id, core_card *out);

/* A person created inside a transaction, to be added to the gallery after COMMIT. */
typedef struct core__new_person {
    uint64_t person_id; /* 0 if none was created */
    core_template template_;
    char nik[CORE_NIK_DIGITS + 1];
} core__new_person;

/* Applies a legal transition and its effects inside the caller's transaction (see
 * core_issuance_transition). Fills *created when the transition created a person. */
int core__card_apply(core_registry *reg, const core_card *card, core_card_status to,
                     const core_transition_args *args, uint64_t *new_card_id,
                     core__new_person *created, char *err, size_t err_size);

/* Creates the person of an enrolment (new NIK, person row, template) inside the caller's
 * transaction (core/enrol_person.c). */
int core__person_from_enrolment(core_registry *reg, uint64_t enrolment_id,
                                core__new_person *created, char *err, size_t err_size);

/* Reads a stored enrolment's applicant and template (core/enrol_person.c). */
int core__load_enrolment(core_registry *reg, uint64_t enrolment_id, core_person *applicant,
                         core_template *template_, char *err, size_t err_size);
/* "YYYY-MM-DD" of an applicant's birth date. */
void core__birth_date(const core_person *applicant, char out[16]);

/* Enrolment request ids (core/enrol_request.c), inside the caller's write transaction:
 * check_id validates one (CORE_EINVAL); find gives the enrolment a request id produced (0 if
 * none); store records it; replay fills out with that enrolment's first decision after
 * checking the retry is the same applicant (CORE_EEXIST otherwise). */
int core__request_check_id(const char *request_id, char *err, size_t err_size);
int core__request_find(core_registry *reg, const char *request_id, uint64_t *enrolment_id,
                       char *err, size_t err_size);
int core__request_store(core_registry *reg, const char *request_id, uint64_t enrolment_id,
                        char *err, size_t err_size);
int core__request_replay(core_registry *reg, const char *request_id, uint64_t enrolment_id,
                         const core_person *applicant, const core_template *template_,
                         core_decision *out, char *err, size_t err_size);

/* After COMMIT: adds a created person's template to the gallery (no-op without gallery). */
int core__gallery_add(core_registry *reg, const core__new_person *created, char *err,
                      size_t err_size);
/* Ends a write begun with core__begin: rolls back when rc is an error (and returns it), else
 * commits and adds the created person (if any) to the gallery. */
int core__finish(core_registry *reg, int rc, const core__new_person *created, char *err,
                 size_t err_size);

#endif
