/* The card lifecycle: transition table, status names, and transitions applied to the
 * registry with their effects (person creation, blank serial, replacement cards). */
#include <stdio.h>
#include <string.h>
#include "core/dedup.h"
#include "core/registry_internal.h"
#include "core/status.h"

static const char *const status_names[CORE_CARD_STATUS_COUNT] = {
    "recorded",      "sent-for-enrolment", "print-ready",   "duplicate",
    "adjudicate",    "enrol-failure",      "printed",       "collected",
    "replaced-lost", "replaced-damaged",   "replaced-data-change", "revoked"};

int core_card_transition_allowed(core_card_status from, core_card_status to)
{
    switch (from) {
    case CORE_CARD_RECORDED: return to == CORE_CARD_SENT_FOR_ENROLMENT;
    case CORE_CARD_SENT_FOR_ENROLMENT:
        return to == CORE_CARD_PRINT_READY || to == CORE_CARD_DUPLICATE ||
               to == CORE_CARD_ADJUDICATE || to == CORE_CARD_ENROL_FAILURE;
    case CORE_CARD_ADJUDICATE: return to == CORE_CARD_PRINT_READY || to == CORE_CARD_DUPLICATE;
    case CORE_CARD_ENROL_FAILURE: return to == CORE_CARD_RECORDED;
    case CORE_CARD_PRINT_READY: return to == CORE_CARD_PRINTED || to == CORE_CARD_REVOKED;
    case CORE_CARD_PRINTED: return to == CORE_CARD_COLLECTED || to == CORE_CARD_REVOKED;
    case CORE_CARD_COLLECTED:
        return to == CORE_CARD_REPLACED_LOST || to == CORE_CARD_REPLACED_DAMAGED ||
               to == CORE_CARD_REPLACED_DATA_CHANGE || to == CORE_CARD_REVOKED;
    default: return 0; /* duplicate, replaced-*, revoked are terminal */
    }
}

const char *core_card_status_name(core_card_status status)
{
    if ((int)status < 0 || (int)status >= CORE_CARD_STATUS_COUNT)
        return "unknown";
    return status_names[status];
}

int core_card_status_parse(const char *name, core_card_status *out)
{
    for (int i = 0; name && i < CORE_CARD_STATUS_COUNT; i++)
        if (strcmp(name, status_names[i]) == 0) {
            *out = (core_card_status)i;
            return CORE_OK;
        }
    return CORE_EINVAL;
}

static const char card_columns[] =
    "SELECT id, enrolment_id, person_id, replaces_card_id, status, blank_serial FROM cards ";

static void card_from_row(sqlite3_stmt *stmt, core_card *out)
{
    memset(out, 0, sizeof *out);
    out->id = (uint64_t)sqlite3_column_int64(stmt, 0);
    out->enrolment_id = (uint64_t)sqlite3_column_int64(stmt, 1);
    out->person_id = (uint64_t)sqlite3_column_int64(stmt, 2);
    out->replaces_card_id = (uint64_t)sqlite3_column_int64(stmt, 3);
    out->status = (core_card_status)sqlite3_column_int(stmt, 4);
    const unsigned char *blank = sqlite3_column_text(stmt, 5);
    snprintf(out->blank_serial, sizeof out->blank_serial, "%s", blank ? (const char *)blank : "");
}

int core__card_load(core_registry *reg, uint64_t card_id, core_card *out)
{
    char sql[160];
    snprintf(sql, sizeof sql, "%sWHERE id = ?", card_columns);
    sqlite3_stmt *stmt = NULL;
    int rc = core__prepare_cached(reg, sql, &stmt, NULL, 0);
    if (rc != CORE_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, (int64_t)card_id);
    int src = sqlite3_step(stmt);
    if (src == SQLITE_ROW)
        card_from_row(stmt, out);
    else
        rc = src == SQLITE_DONE ? CORE_ENOTFOUND : core__db_fail(reg, src, "card", NULL, 0);
    core__release(reg, stmt);
    return rc;
}

int core_issuance_card_get(core_registry *reg, uint64_t card_id, core_card *out)
{
    return core__card_load(reg, card_id, out);
}

int core_issuance_cards_of_person(core_registry *reg, uint64_t person_id, core_card *out,
                                  size_t max, size_t *count)
{
    char sql[160];
    snprintf(sql, sizeof sql, "%sWHERE person_id = ? ORDER BY id", card_columns);
    sqlite3_stmt *stmt = NULL;
    int rc = core__prepare(reg, sql, &stmt, NULL, 0);
    if (rc != CORE_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, (int64_t)person_id);
    size_t n = 0;
    int src;
    while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (n < max)
            card_from_row(stmt, &out[n]);
        n++;
    }
    sqlite3_finalize(stmt);
    *count = n;
    return src == SQLITE_DONE ? CORE_OK : core__db_fail(reg, src, "cards", NULL, 0);
}

static int set_status(core_registry *reg, const core_card *card, core_card_status to,
                      const char *note)
{
    int rc = core__exec(reg, "UPDATE cards SET status = ?, updated_at = ? WHERE id = ?", "iii",
                        (int64_t)to, core__now(reg), (int64_t)card->id);
    char detail[200];
    snprintf(detail, sizeof detail, "%s -> %s%s%s", core_card_status_name(card->status),
             core_card_status_name(to), note ? ": " : "", note ? note : "");
    if (rc == CORE_OK)
        rc = core__audit(reg, "card.status", "card", (int64_t)card->id, detail);
    return rc;
}

static int apply_effects(core_registry *reg, const core_card *card, core_card_status to,
                         const core_transition_args *args, uint64_t *new_card_id,
                         core__new_person *created, char *err, size_t err_size)
{
    int rc = CORE_OK;
    if (to == CORE_CARD_PRINT_READY && card->person_id == 0) {
        rc = core__person_from_enrolment(reg, card->enrolment_id, created, err, err_size);
        if (rc == CORE_OK)
            rc = core__exec(reg, "UPDATE cards SET person_id = ? WHERE id = ?", "ii",
                            (int64_t)created->person_id, (int64_t)card->id);
    } else if (to == CORE_CARD_DUPLICATE) {
        core_person existing;
        if (!args || args->duplicate_of == 0)
            return core__fail(CORE_EINVAL, err, err_size,
                              "card %llu: a duplicate needs the existing person's id",
                              (unsigned long long)card->id);
        if (core_registry_person_get(reg, args->duplicate_of, &existing) != CORE_OK)
            return core__fail(CORE_ENOTFOUND, err, err_size, "no person %llu",
                              (unsigned long long)args->duplicate_of);
        rc = core__exec(reg, "UPDATE cards SET person_id = ? WHERE id = ?", "ii",
                        (int64_t)args->duplicate_of, (int64_t)card->id);
    } else if (to == CORE_CARD_PRINTED) {
        if (!args || !args->blank_serial || !args->blank_serial[0])
            return core__fail(CORE_EINVAL, err, err_size,
                              "card %llu: printing needs the blank card's serial",
                              (unsigned long long)card->id);
        rc = core__exec(reg, "UPDATE cards SET blank_serial = ? WHERE id = ?", "ti",
                        args->blank_serial, (int64_t)card->id);
        if (rc == CORE_EEXIST)
            return core__fail(rc, err, err_size, "blank card %s was already used",
                              args->blank_serial);
    } else if (to >= CORE_CARD_REPLACED_LOST && to <= CORE_CARD_REPLACED_DATA_CHANGE) {
        rc = core__exec(reg, "INSERT INTO cards(enrolment_id, person_id, status, replaces_card_id,"
                             " updated_at) VALUES(?, ?, ?, ?, ?)",
                        "iIiii", (int64_t)card->enrolment_id, (int64_t)card->person_id,
                        (int64_t)CORE_CARD_PRINT_READY, (int64_t)card->id, core__now(reg));
        uint64_t id = (uint64_t)sqlite3_last_insert_rowid(reg->db);
        if (rc == CORE_OK && new_card_id)
            *new_card_id = id;
        if (rc == CORE_OK)
            rc = core__audit(reg, "card.replacement", "card", (int64_t)id,
                             core_card_status_name(to));
    }
    if (rc != CORE_OK && err && err_size && !err[0])
        core__fail(rc, err, err_size, "card %llu: %s", (unsigned long long)card->id,
                   sqlite3_errmsg(reg->db));
    return rc;
}

int core__card_apply(core_registry *reg, const core_card *card, core_card_status to,
                     const core_transition_args *args, uint64_t *new_card_id,
                     core__new_person *created, char *err, size_t err_size)
{
    if (!core_card_transition_allowed(card->status, to))
        return core__fail(CORE_ESTATE, err, err_size, "card %llu: illegal transition %s -> %s",
                          (unsigned long long)card->id, core_card_status_name(card->status),
                          core_card_status_name(to));
    if (err && err_size)
        err[0] = '\0';
    int rc = apply_effects(reg, card, to, args, new_card_id, created, err, err_size);
    if (rc == CORE_OK)
        rc = set_status(reg, card, to, args ? args->note : NULL);
    return rc;
}

/* A person's verdict (an operator or adjudicator moving a card out of sent-for-enrolment or
 * adjudicate) is a decision too: store it beside the automatic ones for audit. */
static int store_manual_decision(core_registry *reg, const core_card *card, core_card_status to,
                                 const core_transition_args *args)
{
    core_outcome outcome;
    switch (to) {
    case CORE_CARD_PRINT_READY: outcome = CORE_OUTCOME_UNIQUE; break;
    case CORE_CARD_DUPLICATE: outcome = CORE_OUTCOME_DUPLICATE; break;
    case CORE_CARD_ADJUDICATE: outcome = CORE_OUTCOME_REVIEW; break;
    case CORE_CARD_ENROL_FAILURE: outcome = CORE_OUTCOME_ENROL_FAILURE; break;
    default: return CORE_OK;
    }
    char reason[200];
    snprintf(reason, sizeof reason, "manual decision (%s -> %s)%s%s",
             core_card_status_name(card->status), core_card_status_name(to),
             args && args->note ? ": " : "", args && args->note ? args->note : "");
    uint64_t matched = (to == CORE_CARD_DUPLICATE && args) ? args->duplicate_of : 0;
    return core__exec(reg, "INSERT INTO decisions(enrolment_id, outcome, reason,"
                           " matched_person_id, match_below, review_below, comparisons,"
                           " created_at) VALUES(?, ?, ?, ?, 0, 0, 0, ?)",
                      "iitIi", (int64_t)card->enrolment_id, (int64_t)outcome, reason,
                      (int64_t)matched, core__now(reg));
}

int core_issuance_transition(core_registry *reg, uint64_t card_id, core_card_status to,
                             const core_transition_args *args, uint64_t *new_card_id,
                             char *err, size_t err_size)
{
    core__new_person created = {0};
    core_card card;
    int rc = core__begin(reg, err, err_size);
    if (rc != CORE_OK)
        return rc;
    rc = core__card_load(reg, card_id, &card);
    if (rc == CORE_ENOTFOUND)
        core__fail(rc, err, err_size, "no card %llu", (unsigned long long)card_id);
    if (rc == CORE_OK)
        rc = core__card_apply(reg, &card, to, args, new_card_id, &created, err, err_size);
    if (rc == CORE_OK && (rc = store_manual_decision(reg, &card, to, args)) != CORE_OK)
        core__fail(rc, err, err_size, "cannot store the decision: %s", sqlite3_errmsg(reg->db));
    return core__finish(reg, rc, &created, err, err_size);
}
