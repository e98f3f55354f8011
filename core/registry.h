/* The persistent registry: one SQLite file (WAL mode, schema version in PRAGMA user_version,
 * application_id 'KTP1') with persons, enrolments, templates, NIK serial counters, cards,
 * IKD credentials, dedup decisions with their evidence, and an audit log. Every state change
 * is one transaction. Opening rebuilds the in-memory gallery from the stored templates.
 * A core_registry handle is not thread-safe: use one per thread. Several processes may open
 * the same file (SQLite locks; SQLITE_BUSY is retried for busy_timeout_ms, then CORE_EBUSY),
 * and any number of writers (processes, or threads with a handle each) may enrol at once:
 * inside its write transaction an enrolment first adds to its handle's gallery every template
 * other connections committed, so its decision sees every committed enrolment (no person is
 * enrolled twice because two writers got the same eyes at the same moment). Error texts go
 * to err (err_size bytes, may be NULL). */
#ifndef CORE_REGISTRY_H
#define CORE_REGISTRY_H

#include <stddef.h>
#include <stdint.h>
#include "core/gallery.h"
#include "core/iris.h"
#include "core/nik.h"

#define CORE_REGISTRY_SCHEMA_VERSION 1
#define CORE_REGISTRY_APPLICATION_ID 0x4B545031 /* "KTP1" */
#define CORE_TEMPLATE_BYTES 1024                /* a stored core_template, little-endian */
#define CORE_TEXT_MAX 128                       /* names and places, bytes incl. NUL */

typedef struct core_registry core_registry;

enum core_registry_flags {
    CORE_REGISTRY_CREATE = 1,    /* create the file and schema if absent or empty (a 0-byte
                                  * file without CREATE is CORE_ECORRUPT, never re-created) */
    CORE_REGISTRY_FAST = 2,      /* synchronous=NORMAL: survives a process crash, not power loss */
    CORE_REGISTRY_READONLY = 4,  /* no writes at all (info, check, list) */
    CORE_REGISTRY_NO_GALLERY = 8, /* do not load templates into a gallery (read-only tools) */
    /* journal in memory, synchronous=OFF: for a file that is thrown away if the process dies
     * (a simulator's output written under a temporary name); a crash can corrupt it. No
     * -wal/-shm/-journal file appears next to it. */
    CORE_REGISTRY_SCRATCH = 16,
    /* run core_registry_check after opening and refuse (CORE_ECORRUPT, "registry check
     * failed: ...") a file that fails it: for writers, so a damaged registry is not written
     * to. Costs a full integrity_check (a read of the whole file). */
    CORE_REGISTRY_CHECKED = 32
};

/* The time rows are stamped with (created_at, updated_at, audit.at), in seconds since the
 * Unix epoch. The default is the wall clock; a simulator injects its simulated time so the
 * file is reproducible. now() is called on the registry's thread, inside transactions. */
typedef int64_t (*core_registry_clock_fn)(void *ctx);
typedef struct core_registry_clock {
    core_registry_clock_fn now;
    void *ctx;
} core_registry_clock;

typedef enum core_sex { CORE_SEX_MALE = 1, CORE_SEX_FEMALE = 2 } core_sex;

/* Demographics of a person (or of an applicant before a NIK exists). */
typedef struct core_person {
    uint64_t id;                    /* 0 until stored */
    char nik[CORE_NIK_DIGITS + 1];  /* "" when none; an applicant may state an existing NIK */
    char name[CORE_TEXT_MAX];
    int sex;                        /* core_sex */
    int birth_year, birth_month, birth_day; /* full year, e.g. 1985 */
    char birth_place[CORE_TEXT_MAX];
    char mother_name[CORE_TEXT_MAX];
    long district_code;             /* PPKKCC where recorded (the NIK's area if new) */
} core_person;

typedef struct core_registry_info {
    int schema_version;
    char journal_mode[16];
    int64_t persons, enrolments, templates, cards, decisions, ikd_credentials, audit_entries,
        nik_prefixes;
    size_t gallery_count; /* templates in this handle's gallery */
} core_registry_info;

/* Opens (flags CORE_REGISTRY_*) the registry at path. busy timeout 5 s.
 * CORE_OK; CORE_ENOTFOUND (no file and no CREATE); CORE_ECORRUPT (not SQLite, not a ktpcore
 * registry, a bad stored template); CORE_EVERSION (schema newer than this build);
 * CORE_EIO, CORE_EBUSY, CORE_ENOMEM. On any error nothing is written and *out is NULL. */
int core_registry_open(const char *path, int flags, core_registry **out, char *err,
                       size_t err_size);
void core_registry_close(core_registry *reg); /* NULL is fine */

/* core_registry_open with an injected clock (NULL or clock->now NULL = wall clock), in force
 * from the first row written (the schema's "registry.create" audit entry). *clock is copied. */
int core_registry_open_with_clock(const char *path, int flags, const core_registry_clock *clock,
                                  core_registry **out, char *err, size_t err_size);
/* Replaces the clock of an open registry (NULL = wall clock). */
void core_registry_set_clock(core_registry *reg, const core_registry_clock *clock);

/* Batches many operations into one transaction (each operation stays atomic: it becomes a
 * savepoint inside the batch). Saves a commit per operation when writing in bulk; readers in
 * other connections see nothing until core_registry_batch_end. begin: CORE_OK, CORE_ESTATE if
 * a batch is open, or a mapped SQLite error. end commits: CORE_OK or an error (then the whole
 * batch is rolled back). end without a batch is CORE_OK. */
int core_registry_batch_begin(core_registry *reg, char *err, size_t err_size);
int core_registry_batch_end(core_registry *reg, char *err, size_t err_size);

/* How long a write waits for another connection's lock before CORE_EBUSY (default 5000 ms). */
void core_registry_set_busy_timeout(core_registry *reg, int milliseconds);

/* The handle's gallery (owned by the registry; NULL with CORE_REGISTRY_NO_GALLERY). */
const core_gallery *core_registry_gallery(const core_registry *reg);

int core_registry_info_get(core_registry *reg, core_registry_info *out);

/* PRAGMA integrity_check plus the registry's own invariants: every person has a NIK, one
 * template and a card; every enrolment has a card and a decision once sent; the gallery
 * holds exactly the stored templates. CORE_OK or CORE_ECORRUPT with the first problem. */
int core_registry_check(core_registry *reg, char *err, size_t err_size);

/* Person by id or by NIK: CORE_OK, CORE_ENOTFOUND, CORE_EIO. */
int core_registry_person_get(core_registry *reg, uint64_t person_id, core_person *out);
int core_registry_person_by_nik(core_registry *reg, const char *nik, core_person *out);
/* The stored gallery template of a person: CORE_OK, CORE_ENOTFOUND, CORE_ECORRUPT. */
int core_registry_template_get(core_registry *reg, uint64_t person_id, core_template *out);

/* Allocates the next serial for the first 12 digits of parts (area + coded birth date) in
 * its own transaction and writes the full NIK. CORE_EEXHAUSTED after serial 9999 ("NIK
 * serials for 110101010185 are exhausted (9999 issued)"); CORE_EINVAL/CORE_ENOTFOUND for bad
 * parts. */
int core_registry_allocate_nik(core_registry *reg, const core_nik *parts,
                               char nik[CORE_NIK_DIGITS + 1], char *err, size_t err_size);

/* Template (de)serialisation: 1,024 bytes, 64-bit words little-endian (code then mask per
 * eye). decode fails with CORE_ECORRUPT and "template is N bytes, expected 1024". */
void core_template_encode(const core_template *t, unsigned char out[CORE_TEMPLATE_BYTES]);
int core_template_decode(const void *bytes, size_t size, core_template *out, char *err,
                         size_t err_size);
/* Number of mask bits set in an eye (0 = unusable eye). */
int core_template_valid_bits(const core_template *t, int eye);

#endif
