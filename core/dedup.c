/* The dedup decision rule (documented in dedup.h): biometrics decide duplicates, anything
 * doubtful goes to review. */
#include "core/dedup.h"
#include <stdarg.h>
#include <stdio.h>
#include "core/status.h"

void core_dedup_config_default(core_dedup_config *cfg)
{
    cfg->match_below = 0.30;
    cfg->review_below = 0.33;
    cfg->rotations = CORE_IRIS_DEFAULT_ROTATIONS;
    cfg->threads = 1;
    cfg->max_candidates = 8;
    cfg->search = (core_search_plan){CORE_SEARCH_BRUTE, 0};
}

static int say(core_decision *out, core_outcome outcome, uint64_t person, const char *fmt, ...)
{
    out->outcome = outcome;
    out->person_id = person;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->reason, sizeof out->reason, fmt, ap);
    va_end(ap);
    return CORE_OK;
}

int core_dedup_config_check(const core_dedup_config *cfg, char *err, size_t err_size)
{
    const char *why = NULL;
    if (!cfg)
        why = "no dedup configuration";
    else if (!(cfg->match_below > 0.0 && cfg->match_below <= cfg->review_below &&
               cfg->review_below <= 1.0))
        why = "thresholds must satisfy 0 < match_below <= review_below <= 1";
    else if (cfg->rotations < 0 || (cfg->rotations > 0 && cfg->rotations % 2 == 0))
        why = "rotations must be odd (or 0 for the default)";
    else if (cfg->max_candidates < 1 || cfg->max_candidates > CORE_DEDUP_MAX_CANDIDATES)
        why = "max_candidates must be 1-16";
    else if (cfg->search.mode != CORE_SEARCH_BRUTE && cfg->search.mode != CORE_SEARCH_INDEX)
        why = "search mode must be brute or index";
    else if (cfg->search.radius < 0 || cfg->search.radius > CORE_INDEX_BITS)
        why = "index radius must be 0-128 (0 for the default)";
    else if (cfg->threads < 0)
        why = "threads must be >= 0";
    if (why && err && err_size)
        snprintf(err, err_size, "%s", why);
    return why ? CORE_EINVAL : CORE_OK;
}

int core_dedup_decide(const core_dedup_config *cfg, const core_dedup_evidence *ev,
                      core_decision *out)
{
    if (core_dedup_config_check(cfg, NULL, 0) != CORE_OK || !ev || !out ||
        (ev->candidate_count && !ev->candidates) || (ev->demographic_count && !ev->demographic))
        return CORE_EINVAL;
    const core_candidate *best = ev->candidate_count ? &ev->candidates[0] : NULL;
    size_t matches = 0;
    uint64_t other = 0;
    for (size_t i = 0; i < ev->candidate_count; i++) {
        if (ev->candidates[i].score < best->score)
            best = &ev->candidates[i]; /* do not rely on the order */
    }
    for (size_t i = 0; i < ev->candidate_count; i++)
        if (ev->candidates[i].score < cfg->match_below) {
            matches++;
            if (ev->candidates[i].person_id != best->person_id)
                other = ev->candidates[i].person_id;
        }
    out->best_score = best ? best->score : 1.0;
    if (ev->usable_eyes < 1)
        return say(out, CORE_OUTCOME_ENROL_FAILURE, 0, "no usable iris (fewer than %d valid bits)",
                   CORE_IRIS_MIN_BITS);
    if (matches && other)
        return say(out, CORE_OUTCOME_REVIEW, best->person_id,
                   "iris matches persons %llu (%.3f) and %llu: the registry holds a duplicate",
                   (unsigned long long)best->person_id, best->score, (unsigned long long)other);
    if (matches && ev->nik_holder && ev->nik_holder != best->person_id)
        return say(out, CORE_OUTCOME_REVIEW, best->person_id,
                   "iris matches person %llu (%.3f) but the stated NIK belongs to person %llu",
                   (unsigned long long)best->person_id, best->score,
                   (unsigned long long)ev->nik_holder);
    if (matches)
        return say(out, CORE_OUTCOME_DUPLICATE, best->person_id,
                   "iris matches person %llu (score %.3f < %.3f)",
                   (unsigned long long)best->person_id, best->score, cfg->match_below);
    if (best && best->score < cfg->review_below)
        return say(out, CORE_OUTCOME_REVIEW, best->person_id,
                   "iris score %.3f with person %llu is in the grey zone [%.3f, %.3f)",
                   best->score, (unsigned long long)best->person_id, cfg->match_below,
                   cfg->review_below);
    if (ev->nik_holder)
        return say(out, CORE_OUTCOME_REVIEW, ev->nik_holder,
                   "the stated NIK belongs to person %llu whose iris does not match",
                   (unsigned long long)ev->nik_holder);
    if (ev->demographic_count)
        return say(out, CORE_OUTCOME_REVIEW, ev->demographic[0],
                   "same name, birth date, birth place and mother's name as person %llu,"
                   " iris does not match",
                   (unsigned long long)ev->demographic[0]);
    return say(out, CORE_OUTCOME_UNIQUE, 0, "no biometric or demographic match");
}

const char *core_outcome_name(core_outcome outcome)
{
    switch (outcome) {
    case CORE_OUTCOME_UNIQUE: return "unique";
    case CORE_OUTCOME_DUPLICATE: return "duplicate";
    case CORE_OUTCOME_REVIEW: return "review";
    case CORE_OUTCOME_ENROL_FAILURE: return "enrol-failure";
    }
    return "unknown";
}
