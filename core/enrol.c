/* Enrolment: applicant checks, record storage, evidence gathering (gallery search, stated
 * NIK, normalised demographics), the decision with its evidence, and person creation. */
#include "core/enrol.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/area.h"
#include "core/normalize.h"
#include "core/registry_internal.h"
#include "core/status.h"

static int leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int date_exists(int y, int m, int d)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= days[m - 1] + (m == 2 && leap(y));
}

static int blank(const char *s)
{
    char key[CORE_TEXT_MAX];
    core_normalize_name(s, key, sizeof key);
    return key[0] == '\0';
}

/* A text field: terminated inside its array, UTF-8 without control characters. */
static int text_field_bad(const char *field, char *err, size_t err_size, const char *what)
{
    size_t n = strnlen(field, CORE_TEXT_MAX);
    if (n == CORE_TEXT_MAX)
        return core__fail(CORE_EINVAL, err, err_size, "%s is longer than %d bytes", what,
                          CORE_TEXT_MAX - 1);
    if (!core_normalize_text_ok((const unsigned char *)field, n))
        return core__fail(CORE_EINVAL, err, err_size,
                          "%s is not UTF-8 text without control characters", what);
    return CORE_OK;
}

int core_enrol_check_applicant(const core_person *a, char *err, size_t err_size)
{
    if (!a)
        return core__fail(CORE_EINVAL, err, err_size, "no applicant given");
    int rc = text_field_bad(a->name, err, err_size, "name");
    if (rc == CORE_OK)
        rc = text_field_bad(a->birth_place, err, err_size, "birth place");
    if (rc == CORE_OK)
        rc = text_field_bad(a->mother_name, err, err_size, "mother's name");
    if (rc != CORE_OK)
        return rc;
    if (blank(a->name))
        return core__fail(CORE_EINVAL, err, err_size, "name is empty");
    if (a->sex != CORE_SEX_MALE && a->sex != CORE_SEX_FEMALE)
        return core__fail(CORE_EINVAL, err, err_size, "sex %d is not 1 (male) or 2 (female)",
                          a->sex);
    if (!date_exists(a->birth_year, a->birth_month, a->birth_day))
        return core__fail(CORE_EINVAL, err, err_size, "birth date %04d-%02d-%02d does not exist",
                          a->birth_year, a->birth_month, a->birth_day);
    if (blank(a->birth_place))
        return core__fail(CORE_EINVAL, err, err_size, "birth place is empty");
    if (blank(a->mother_name))
        return core__fail(CORE_EINVAL, err, err_size, "mother's name is empty");
    if (!core_area_name(CORE_AREA_DISTRICT, a->district_code))
        return core__fail(CORE_ENOTFOUND, err, err_size, "unknown district code %02ld.%02ld.%02ld",
                          a->district_code / 10000 % 100, a->district_code / 100 % 100,
                          a->district_code % 100);
    if (a->nik[0]) {
        char why[120];
        int rc = core_nik_parse(a->nik, NULL, why, sizeof why);
        if (rc != CORE_OK)
            return core__fail(rc, err, err_size, "stated NIK: %s", why);
    }
    return CORE_OK;
}


/* Inserts the enrolment and its card in "recorded" (inside the caller's transaction). */
static int store_record(core_registry *reg, const core_person *a, const core_template *t,
                        uint64_t *enrolment_id, uint64_t *card_id)
{
    unsigned char blob[CORE_TEMPLATE_BYTES];
    char date[16];
    core_template_encode(t, blob);
    core__birth_date(a, date);
    sqlite3_stmt *stmt = NULL;
    int rc = core__prepare_cached(reg, "INSERT INTO enrolments(claimed_nik, name, sex, birth_date,"
                                " birth_place, mother_name, district_code, template, created_at)"
                                " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)", &stmt, NULL, 0);
    if (rc != CORE_OK)
        return rc;
    if (a->nik[0])
        sqlite3_bind_text(stmt, 1, a->nik, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, a->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(stmt, 3, a->sex);
    sqlite3_bind_text(stmt, 4, date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 5, a->birth_place, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 6, a->mother_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 7, a->district_code);
    sqlite3_bind_blob(stmt, 8, blob, sizeof blob, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 9, core__now(reg));
    int src = sqlite3_step(stmt);
    core__release(reg, stmt);
    if (src != SQLITE_DONE)
        return core__db_fail(reg, src, "storing the enrolment", NULL, 0);
    *enrolment_id = (uint64_t)sqlite3_last_insert_rowid(reg->db);
    rc = core__exec(reg, "INSERT INTO cards(enrolment_id, status, updated_at) VALUES(?, ?, ?)",
                    "iii", (int64_t)*enrolment_id, (int64_t)CORE_CARD_RECORDED, core__now(reg));
    *card_id = (uint64_t)sqlite3_last_insert_rowid(reg->db);
    if (rc == CORE_OK)
        rc = core__audit(reg, "card.recorded", "card", (int64_t)*card_id, NULL);
    return rc;
}

/* Everything the decision needs besides the gallery search. */
typedef struct evidence_buf {
    core_candidate candidates[CORE_DEDUP_MAX_CANDIDATES];
    uint64_t demographic[CORE_DEDUP_MAX_DEMOGRAPHIC];
    core_dedup_evidence ev;
    uint64_t comparisons;
} evidence_buf;

/* A caller's own search result (core_enrol_searched), or NULL to search the registry's gallery. */
typedef struct given_search {
    const core_candidate *candidates;
    size_t count;
    uint64_t comparisons;
} given_search;

static int search(core_registry *reg, const core_template *t, const core_dedup_config *cfg,
                  const given_search *given, evidence_buf *buf)
{
    core_search_opts opts = {.rotations = cfg->rotations, .threads = cfg->threads,
                             .max_candidates = cfg->max_candidates,
                             .report_below = cfg->review_below};
    for (int eye = 0; eye < 2; eye++)
        buf->ev.usable_eyes += core_template_valid_bits(t, eye) >= CORE_IRIS_MIN_BITS;
    buf->ev.candidates = buf->candidates;
    if (given) {
        size_t n = given->count < cfg->max_candidates ? given->count : cfg->max_candidates;
        if (n > 0)
            memcpy(buf->candidates, given->candidates, n * sizeof *buf->candidates);
        buf->ev.candidate_count = n;
        buf->comparisons = given->comparisons;
        return CORE_OK;
    }
    if (!reg->gallery || buf->ev.usable_eyes == 0)
        return CORE_OK;
    core_search_stats stats;
    int rc = core_gallery_search(reg->gallery, t, &opts, &cfg->search, buf->candidates,
                                 &buf->ev.candidate_count, &stats);
    if (rc == CORE_OK)
        buf->comparisons = stats.work;
    return rc;
}

/* Candidates a and b (each best first) merged into buf, keeping the best max of them. */
static void merge_candidates(evidence_buf *buf, const core_candidate *more, size_t more_count,
                             size_t max)
{
    core_candidate merged[CORE_DEDUP_MAX_CANDIDATES];
    size_t i = 0, j = 0, n = 0;
    while (n < max && (i < buf->ev.candidate_count || j < more_count)) {
        int take_first = j == more_count ||
                         (i < buf->ev.candidate_count &&
                          (buf->candidates[i].score < more[j].score ||
                           (buf->candidates[i].score == more[j].score &&
                            buf->candidates[i].person_id < more[j].person_id)));
        merged[n++] = take_first ? buf->candidates[i++] : more[j++];
    }
    memcpy(buf->candidates, merged, n * sizeof *merged);
    buf->ev.candidate_count = n;
}

/* Inside the write transaction: brings the gallery up to every committed template and
 * searches the ones other connections added since the search made before the transaction,
 * so two writers given the same eyes at the same moment cannot both decide "unique". */
static int search_committed(core_registry *reg, const core_template *t,
                            const core_dedup_config *cfg, const given_search *given,
                            evidence_buf *buf, char *err, size_t err_size)
{
    core__gallery_added added = {0};
    int rc = core__gallery_refresh(reg, &added, err, err_size);
    if (rc == CORE_OK && added.count > 0 && !given && buf->ev.usable_eyes > 0) {
        core_candidate more[CORE_DEDUP_MAX_CANDIDATES];
        size_t more_count = 0;
        uint64_t comparisons = 0;
        core_search_opts opts = {.rotations = cfg->rotations, .threads = cfg->threads,
                                 .max_candidates = cfg->max_candidates,
                                 .report_below = cfg->review_below, .only = added.ids,
                                 .only_count = added.count};
        rc = core_gallery_identify(reg->gallery, t, &opts, more, &more_count, &comparisons);
        if (rc == CORE_OK) {
            merge_candidates(buf, more, more_count, cfg->max_candidates);
            buf->comparisons += comparisons;
        } else {
            core__fail(rc, err, err_size, "gallery search of new enrolments failed");
        }
    }
    free(added.ids);
    return rc;
}

static int demographic_evidence(core_registry *reg, const core_person *a, evidence_buf *buf)
{
    char name[CORE_TEXT_MAX], place[CORE_TEXT_MAX], mother[CORE_TEXT_MAX], date[16];
    core_normalize_name(a->name, name, sizeof name);
    core_normalize_name(a->birth_place, place, sizeof place);
    core_normalize_name(a->mother_name, mother, sizeof mother);
    core__birth_date(a, date);
    sqlite3_stmt *stmt = NULL;
    int rc = core__prepare_cached(reg, "SELECT id FROM persons WHERE name_key = ? AND birth_date = ?"
                                " AND birth_place_key = ? AND mother_key = ? ORDER BY id LIMIT 8",
                           &stmt, NULL, 0);
    if (rc != CORE_OK)
        return rc;
    const char *keys[4] = {name, date, place, mother};
    for (int i = 0; i < 4; i++)
        sqlite3_bind_text(stmt, i + 1, keys[i], -1, SQLITE_TRANSIENT);
    int src;
    buf->ev.demographic = buf->demographic;
    while ((src = sqlite3_step(stmt)) == SQLITE_ROW &&
           buf->ev.demographic_count < CORE_DEDUP_MAX_DEMOGRAPHIC)
        buf->demographic[buf->ev.demographic_count++] = (uint64_t)sqlite3_column_int64(stmt, 0);
    core__release(reg, stmt);
    if (src != SQLITE_DONE && src != SQLITE_ROW)
        return core__db_fail(reg, src, "demographic search", NULL, 0);
    core_person holder;
    if (a->nik[0] && core_registry_person_by_nik(reg, a->nik, &holder) == CORE_OK)
        buf->ev.nik_holder = holder.id;
    return CORE_OK;
}

static int store_evidence(core_registry *reg, uint64_t decision_id, const char *kind,
                          uint64_t person, const core_candidate *c)
{
    if (!c)
        return core__exec(reg, "INSERT INTO decision_evidence(decision_id, kind, person_id)"
                               " VALUES(?, ?, ?)",
                          "iti", (int64_t)decision_id, kind, (int64_t)person);
    return core__exec(reg, "INSERT INTO decision_evidence(decision_id, kind, person_id, score,"
                           " left_score, right_score) VALUES(?, ?, ?, ?, ?, ?)",
                      "itiddd", (int64_t)decision_id, kind, (int64_t)c->person_id, c->score,
                      c->eye_score[0], c->eye_score[1]);
}

static int store_decision(core_registry *reg, const core_dedup_config *cfg,
                          const evidence_buf *buf, core_decision *d)
{
    int rc = core__exec(reg, "INSERT INTO decisions(enrolment_id, outcome, reason,"
                             " matched_person_id, match_below, review_below, comparisons,"
                             " created_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
                        "iitIddii",
                        (int64_t)d->enrolment_id, (int64_t)d->outcome, d->reason,
                        (int64_t)d->person_id, cfg->match_below, cfg->review_below,
                        (int64_t)d->comparisons, core__now(reg));
    d->decision_id = (uint64_t)sqlite3_last_insert_rowid(reg->db);
    for (size_t i = 0; rc == CORE_OK && i < buf->ev.candidate_count; i++)
        rc = store_evidence(reg, d->decision_id, "biometric", 0, &buf->candidates[i]);
    if (rc == CORE_OK && buf->ev.nik_holder)
        rc = store_evidence(reg, d->decision_id, "nik", buf->ev.nik_holder, NULL);
    for (size_t i = 0; rc == CORE_OK && i < buf->ev.demographic_count; i++)
        rc = store_evidence(reg, d->decision_id, "demographic", buf->demographic[i], NULL);
    return rc;
}

/* Decides and applies the outcome to a card in "sent-for-enrolment" (caller's transaction). */
static int decide_apply(core_registry *reg, const core_card *card, const core_dedup_config *cfg,
                        evidence_buf *buf, core_decision *d, core__new_person *created,
                        char *err, size_t err_size)
{
    static const core_card_status next[] = {
        [CORE_OUTCOME_UNIQUE] = CORE_CARD_PRINT_READY,
        [CORE_OUTCOME_DUPLICATE] = CORE_CARD_DUPLICATE,
        [CORE_OUTCOME_REVIEW] = CORE_CARD_ADJUDICATE,
        [CORE_OUTCOME_ENROL_FAILURE] = CORE_CARD_ENROL_FAILURE};
    int rc = core_dedup_decide(cfg, &buf->ev, d);
    if (rc != CORE_OK)
        return core__fail(rc, err, err_size, "invalid dedup configuration or evidence");
    d->comparisons = buf->comparisons;
    d->enrolment_id = card->enrolment_id;
    d->card_id = card->id;
    rc = store_decision(reg, cfg, buf, d);
    if (rc != CORE_OK)
        return core__fail(rc, err, err_size, "cannot store the decision: %s",
                          sqlite3_errmsg(reg->db));
    core_transition_args args = {.duplicate_of = d->person_id,
                                 .note = core_outcome_name(d->outcome)};
    rc = core__card_apply(reg, card, next[d->outcome], &args, NULL, created, err, err_size);
    if (rc == CORE_OK && d->outcome == CORE_OUTCOME_UNIQUE) {
        d->person_id = created->person_id;
        memcpy(d->nik, created->nik, sizeof d->nik);
    } else if (rc == CORE_OK && d->outcome == CORE_OUTCOME_DUPLICATE) {
        core_person existing;
        if (core_registry_person_get(reg, d->person_id, &existing) == CORE_OK)
            memcpy(d->nik, existing.nik, sizeof d->nik);
    }
    return rc;
}

static int config_or_default(const core_dedup_config *cfg, core_dedup_config *out, char *err,
                             size_t err_size)
{
    if (cfg)
        *out = *cfg;
    else
        core_dedup_config_default(out);
    return core_dedup_config_check(out, err, err_size);
}

int core_enrol_record(core_registry *reg, const core_person *applicant,
                      const core_template *template_, uint64_t *card_id, char *err,
                      size_t err_size)
{
    uint64_t enrolment_id = 0;
    int rc = core_enrol_check_applicant(applicant, err, err_size);
    if (rc == CORE_OK && !template_)
        rc = core__fail(CORE_EINVAL, err, err_size, "no template given");
    if (rc == CORE_OK)
        rc = core__begin(reg, err, err_size);
    if (rc != CORE_OK)
        return rc;
    rc = store_record(reg, applicant, template_, &enrolment_id, card_id);
    if (rc != CORE_OK) {
        core__rollback(reg);
        return core__fail(rc, err, err_size, "cannot store the record: %s",
                          sqlite3_errmsg(reg->db));
    }
    return core__commit(reg, err, err_size);
}

/* An idempotency key and whether the call replayed its first decision (core_enrol_request). */
typedef struct enrol_request {
    const char *id;
    int replayed;
} enrol_request;

/* Inside the transaction: 1 when the request id already produced an enrolment (out then holds
 * its decision, or *rc an error), else 0. */
static int replayed(core_registry *reg, enrol_request *request, const core_person *a,
                    const core_template *t, core_decision *out, int *rc, char *err,
                    size_t err_size)
{
    uint64_t enrolment_id = 0;
    if (!request)
        return 0;
    *rc = core__request_find(reg, request->id, &enrolment_id, err, err_size);
    if (*rc == CORE_OK && enrolment_id == 0)
        return 0;
    if (*rc == CORE_OK)
        *rc = core__request_replay(reg, request->id, enrolment_id, a, t, out, err, err_size);
    request->replayed = *rc == CORE_OK;
    return 1;
}

/* The shared tail of core_enrol and core_enrol_decide: search, then one transaction. */
static int run_decision(core_registry *reg, const core_person *a, const core_template *t,
                        const core_card *sent_card, const core_dedup_config *cfg,
                        const given_search *given, enrol_request *request, core_decision *out,
                        char *err, size_t err_size)
{
    evidence_buf buf;
    memset(&buf, 0, sizeof buf);
    core__new_person created = {0};
    core_card card = sent_card ? *sent_card : (core_card){0};
    int rc = search(reg, t, cfg, given, &buf);
    if (rc != CORE_OK)
        return core__fail(rc, err, err_size, "gallery search failed");
    if ((rc = core__begin(reg, err, err_size)) != CORE_OK)
        return rc;
    if (replayed(reg, request, a, t, out, &rc, err, err_size)) {
        core__rollback(reg); /* a replay writes nothing */
        return rc;
    }
    if (!sent_card) {
        rc = store_record(reg, a, t, &card.enrolment_id, &card.id);
        if (rc != CORE_OK)
            core__fail(rc, err, err_size, "cannot store the record: %s", sqlite3_errmsg(reg->db));
        card.status = CORE_CARD_RECORDED;
        if (rc == CORE_OK)
            rc = core__card_apply(reg, &card, CORE_CARD_SENT_FOR_ENROLMENT, NULL, NULL, &created,
                                  err, err_size);
        card.status = CORE_CARD_SENT_FOR_ENROLMENT;
    } else if ((rc = core__card_load(reg, sent_card->id, &card)) == CORE_OK &&
               card.status != CORE_CARD_SENT_FOR_ENROLMENT) {
        /* another connection moved the card while this one searched the gallery */
        rc = core__fail(CORE_ESTATE, err, err_size, "card %llu is %s, not sent-for-enrolment",
                        (unsigned long long)card.id, core_card_status_name(card.status));
    }
    if (rc == CORE_OK)
        rc = search_committed(reg, t, cfg, given, &buf, err, err_size);
    if (rc == CORE_OK)
        rc = demographic_evidence(reg, a, &buf);
    if (rc == CORE_OK)
        rc = decide_apply(reg, &card, cfg, &buf, out, &created, err, err_size);
    if (rc == CORE_OK && request)
        rc = core__request_store(reg, request->id, card.enrolment_id, err, err_size);
    return core__finish(reg, rc, &created, err, err_size);
}

int core_enrol_decide(core_registry *reg, uint64_t card_id, const core_dedup_config *cfg,
                      core_decision *out, char *err, size_t err_size)
{
    core_dedup_config config;
    core_card card;
    core_person a;
    core_template t;
    int rc = config_or_default(cfg, &config, err, err_size);
    if (rc != CORE_OK)
        return rc;
    if ((rc = core__card_load(reg, card_id, &card)) != CORE_OK)
        return core__fail(rc, err, err_size, "no card %llu", (unsigned long long)card_id);
    if (card.status != CORE_CARD_SENT_FOR_ENROLMENT)
        return core__fail(CORE_ESTATE, err, err_size,
                          "card %llu is %s, not sent-for-enrolment", (unsigned long long)card_id,
                          core_card_status_name(card.status));
    if ((rc = core__load_enrolment(reg, card.enrolment_id, &a, &t, err, err_size)) != CORE_OK)
        return rc;
    memset(out, 0, sizeof *out);
    return run_decision(reg, &a, &t, &card, &config, NULL, NULL, out, err, err_size);
}

int core_enrol_recapture(core_registry *reg, uint64_t card_id, const core_template *template_,
                         char *err, size_t err_size)
{
    core_card card;
    core__new_person none = {0};
    if (!template_)
        return core__fail(CORE_EINVAL, err, err_size, "no template given");
    int rc = core__begin(reg, err, err_size);
    if (rc != CORE_OK)
        return rc;
    if ((rc = core__card_load(reg, card_id, &card)) != CORE_OK)
        core__fail(rc, err, err_size, "no card %llu", (unsigned long long)card_id);
    else if (card.status != CORE_CARD_ENROL_FAILURE)
        rc = core__fail(CORE_ESTATE, err, err_size, "card %llu is %s, not enrol-failure",
                        (unsigned long long)card_id, core_card_status_name(card.status));
    if (rc == CORE_OK) {
        unsigned char blob[CORE_TEMPLATE_BYTES];
        core_template_encode(template_, blob);
        sqlite3_stmt *stmt = NULL;
        rc = core__prepare(reg, "UPDATE enrolments SET template = ? WHERE id = ?", &stmt, err,
                           err_size);
        if (rc == CORE_OK) {
            sqlite3_bind_blob(stmt, 1, blob, sizeof blob, SQLITE_TRANSIENT);
            sqlite3_bind_int64(stmt, 2, (int64_t)card.enrolment_id);
            int src = sqlite3_step(stmt);
            rc = src == SQLITE_DONE ? CORE_OK : core__db_fail(reg, src, "recapture", err, err_size);
            sqlite3_finalize(stmt);
        }
    }
    if (rc == CORE_OK)
        rc = core__card_apply(reg, &card, CORE_CARD_RECORDED, NULL, NULL, &none, err, err_size);
    if (rc != CORE_OK) {
        core__rollback(reg);
        return rc;
    }
    return core__commit(reg, err, err_size);
}

static int enrol_checked(core_registry *reg, const core_person *applicant,
                         const core_template *template_, const core_dedup_config *cfg,
                         const given_search *given, enrol_request *request,
                         core_decision *out, char *err, size_t err_size)
{
    core_dedup_config config;
    int rc = config_or_default(cfg, &config, err, err_size);
    if (rc == CORE_OK)
        rc = core_enrol_check_applicant(applicant, err, err_size);
    if (rc == CORE_OK && (!template_ || !out))
        rc = core__fail(CORE_EINVAL, err, err_size, "no template or decision given");
    if (rc != CORE_OK)
        return rc;
    memset(out, 0, sizeof *out);
    return run_decision(reg, applicant, template_, NULL, &config, given, request, out, err,
                        err_size);
}

int core_enrol(core_registry *reg, const core_person *applicant, const core_template *template_,
               const core_dedup_config *cfg, core_decision *out, char *err, size_t err_size)
{
    return enrol_checked(reg, applicant, template_, cfg, NULL, NULL, out, err, err_size);
}

int core_enrol_request(core_registry *reg, const char *request_id, const core_person *applicant,
                       const core_template *template_, const core_dedup_config *cfg,
                       core_decision *out, int *replayed_out, char *err, size_t err_size)
{
    enrol_request request = {request_id, 0};
    int rc = core__request_check_id(request_id, err, err_size);
    if (rc == CORE_OK)
        rc = enrol_checked(reg, applicant, template_, cfg, NULL, &request, out, err, err_size);
    if (replayed_out)
        *replayed_out = request.replayed;
    return rc;
}

int core_enrol_searched(core_registry *reg, const core_person *applicant,
                        const core_template *template_, const core_dedup_config *cfg,
                        const core_candidate *candidates, size_t candidate_count,
                        uint64_t comparisons, core_decision *out, char *err, size_t err_size)
{
    if (candidate_count > 0 && !candidates)
        return core__fail(CORE_EINVAL, err, err_size, "no candidates given");
    given_search given = {candidates, candidate_count, comparisons};
    return enrol_checked(reg, applicant, template_, cfg, &given, NULL, out, err, err_size);
}

/* record -> sent -> print-ready with an "imported" decision (caller's transaction). */
static int import_steps(core_registry *reg, const core_person *a, const core_template *t,
                        core__new_person *created, core_decision *d, char *err,
                        size_t err_size)
{
    core_dedup_config cfg;
    core_dedup_config_default(&cfg);
    evidence_buf none;
    memset(&none, 0, sizeof none);
    core_card card = {0};
    int rc = store_record(reg, a, t, &card.enrolment_id, &card.id);
    card.status = CORE_CARD_RECORDED;
    if (rc == CORE_OK)
        rc = core__card_apply(reg, &card, CORE_CARD_SENT_FOR_ENROLMENT, NULL, NULL, created,
                              err, err_size);
    card.status = CORE_CARD_SENT_FOR_ENROLMENT;
    d->outcome = CORE_OUTCOME_UNIQUE;
    d->best_score = 1.0;
    d->enrolment_id = card.enrolment_id;
    d->card_id = card.id;
    snprintf(d->reason, sizeof d->reason, "%s", CORE_ENROL_IMPORTED_REASON);
    if (rc == CORE_OK)
        rc = store_decision(reg, &cfg, &none, d);
    core_transition_args args = {.note = "imported"};
    if (rc == CORE_OK)
        rc = core__card_apply(reg, &card, CORE_CARD_PRINT_READY, &args, NULL, created, err,
                              err_size);
    if (rc == CORE_OK) {
        d->person_id = created->person_id;
        memcpy(d->nik, created->nik, sizeof d->nik);
    }
    return rc;
}

int core_enrol_import(core_registry *reg, const core_person *person,
                      const core_template *template_, core_decision *out, char *err,
                      size_t err_size)
{
    int rc = core_enrol_check_applicant(person, err, err_size);
    if (rc == CORE_OK && (!template_ || !out))
        rc = core__fail(CORE_EINVAL, err, err_size, "no template or decision given");
    if (rc == CORE_OK)
        rc = core__begin(reg, err, err_size);
    if (rc != CORE_OK)
        return rc;
    memset(out, 0, sizeof *out);
    core__new_person created = {0};
    rc = import_steps(reg, person, template_, &created, out, err, err_size);
    return core__finish(reg, rc, &created, err, err_size);
}
