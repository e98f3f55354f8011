/* The ABIS reference database inside a core registry file: the file is created and checked
 * as a ktpcore registry (core_registry_open), and the service keeps two tables of its own in
 * it, abis_reference (referenceId -> IrisCode template) and abis_decision (every insert,
 * delete and identify answered, with the response sent, keyed by requestId). Each change is
 * one SQLite transaction (WAL, synchronous=NORMAL: an acknowledged change survives a process
 * crash). Opening loads every reference into an in-memory core_gallery whose person ids are
 * the references' row ids. Several services (processes) may share one registry: each catches
 * its gallery up with what the others committed (svc_store_refresh) before it searches or
 * counts, and the referenceId check of an insert runs inside its write transaction.
 * One thread uses a store. Errors: svc_status, sentence in err. */
#ifndef SVC_STORE_H
#define SVC_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "core/gallery.h"
#include "core/iris.h"

typedef struct svc_store svc_store;

/* Opens (creating if absent) the registry at path. SVC_OK, or SVC_EDB/SVC_ENOMEM. */
int svc_store_open(const char *path, svc_store **out, char *err, size_t err_size);
void svc_store_close(svc_store *s); /* NULL is fine */

/* Brings the gallery up to date with references other connections inserted or deleted
 * since it was last brought up to date (cheap when nobody did: PRAGMA data_version).
 * SVC_OK, SVC_EDB or SVC_ENOMEM. */
int svc_store_refresh(svc_store *s, char *err, size_t err_size);

/* The gallery of every stored reference (owned by the store; changes with insert/delete). */
const core_gallery *svc_store_gallery(const svc_store *s);
size_t svc_store_count(const svc_store *s);

/* Stores a new reference and its decision (response text) in one transaction, then adds it
 * to the gallery. SVC_OK; SVC_EINVAL if reference_id exists (nothing written); SVC_EDB. */
int svc_store_insert(svc_store *s, const char *reference_id, const core_template *t,
                     const char *request_id, const char *response, char *err, size_t err_size);
/* Removes a reference (and records the decision). SVC_OK; SVC_EINVAL if absent; SVC_EDB. */
int svc_store_delete(svc_store *s, const char *reference_id, const char *request_id,
                     const char *response, char *err, size_t err_size);

/* The row id of reference_id (the gallery's person id): SVC_OK, SVC_EINVAL if absent. */
int svc_store_find(svc_store *s, const char *reference_id, uint64_t *row_id);
/* The referenceId of row id into out (SVC_MSG_ID_MAX + 1 bytes): SVC_OK or SVC_EINVAL. */
int svc_store_reference(svc_store *s, uint64_t row_id, char *out, size_t out_size);

/* Records an identify decision. Decisions of one batch may share a transaction: wrap them in
 * _begin/_commit (each then costs no commit of its own). */
int svc_store_decision(svc_store *s, const char *request_id, const char *operation,
                       const char *reference_id, const char *response, char *err,
                       size_t err_size);
int svc_store_begin(svc_store *s);
int svc_store_commit(svc_store *s);

/* The response recorded for request_id and operation (a redelivered request is answered
 * again without acting twice): SVC_OK with a malloc'd *response, SVC_EINVAL if none. */
int svc_store_replay(svc_store *s, const char *request_id, const char *operation,
                     char **response);

#endif
