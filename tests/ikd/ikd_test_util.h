/* Shared helpers for the tests/ikd suites: scratch directories, a deterministic PRNG, test
 * keys from fixed seeds, test claims with real NIKs, and a registry with enrolled people.
 * Header-only (static) so each suite stays one program. */
#ifndef IKD_TEST_UTIL_H
#define IKD_TEST_UTIL_H

#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/enrol.h"
#include "core/ikd.h"
#include "core/iris.h"
#include "core/nik.h"
#include "core/registry.h"
#include "core/status.h"

/* A fresh directory under TMPDIR (or /tmp); path written to dir. */
static inline void ikd_scratch_dir(char *dir, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, size, "%s/ktpikd-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* Removes the files in dir and dir itself (the tests make no subdirectories). */
static inline void ikd_scratch_remove(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[600];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name), unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

/* Number of entries (besides . and ..) in dir. */
static inline int ikd_dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

/* xorshift64*: a small deterministic generator for fuzz inputs. */
static inline uint64_t ikd_rand(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 2685821657736338717ULL;
}

/* Test key k (deterministic seed k, k, k, ...). */
static inline void ikd_test_key(core_ikd_key *key, unsigned char k)
{
    unsigned char seed[CORE_IKD_SEED_BYTES];
    memset(seed, k, sizeof seed);
    ck_assert_int_eq(core_ikd_key_from_seed(key, seed), CORE_OK);
}

static inline core_ikd_date ikd_date(int y, int m, int d)
{
    core_ikd_date out = {y, m, d};
    return out;
}

/* Claims number k: a valid NIK from district 11.01.01, varied names and dates; issued
 * 2026-01-01 + k days, valid 365 days. */
static inline core_ikd_claims ikd_test_claims(int k)
{
    core_ikd_claims c;
    memset(&c, 0, sizeof c);
    core_nik parts = {11, 1, 1, 1 + k % 28, 1 + k % 12, (60 + k) % 100, k % 2, 1 + k};
    ck_assert_int_eq(core_nik_compose(&parts, c.nik, NULL, 0), CORE_OK);
    static const char *const names[] = {"Siti Aminah", "Budi Santoso", "I Gusti Ayu Putu",
                                        "Nur Hidayah binti Abdullah", "Agus",
                                        "Made Wirawan Sukarno Putra Dewa"};
    snprintf(c.name, sizeof c.name, "%s %d", names[k % 6], k);
    c.birth = ikd_date(1900 + (60 + k) % 100, 1 + k % 12, 1 + k % 28);
    c.issued = core_ikd_date_from_days(core_ikd_date_days(ikd_date(2026, 1, 1)) + k);
    c.expires = core_ikd_date_from_days(core_ikd_date_days(c.issued) + 364);
    c.district_code = 110101;
    c.credential_id = (uint32_t)(1000 + k * 7919);
    return c;
}

/* Enrols `people` synthetic applicants (all unique) into a new registry at path and writes
 * their NIKs to niks (people x 17 bytes). The registry stays open in *reg. */
static inline void ikd_registry_with_people(const char *path, int people, core_registry **reg,
                                            char (*niks)[CORE_NIK_DIGITS + 1])
{
    char err[256];
    ck_assert_msg(core_registry_open(path, CORE_REGISTRY_CREATE | CORE_REGISTRY_FAST, reg, err,
                                     sizeof err) == CORE_OK, "%s", err);
    for (int k = 0; k < people; k++) {
        core_person p;
        memset(&p, 0, sizeof p);
        snprintf(p.name, sizeof p.name, "Dewi Lestari %d", k);
        p.sex = (k % 2) ? CORE_SEX_FEMALE : CORE_SEX_MALE;
        p.birth_year = 1970 + k;
        p.birth_month = 1 + k % 12;
        p.birth_day = 1 + k % 28;
        snprintf(p.birth_place, sizeof p.birth_place, "Banda Aceh");
        snprintf(p.mother_name, sizeof p.mother_name, "Ibu %d", k);
        p.district_code = 110101;
        core_template t;
        ck_assert_int_eq(core_iris_synth(5000 + (uint64_t)k, 0, NULL, &t), CORE_OK);
        core_decision d;
        ck_assert_msg(core_enrol(*reg, &p, &t, NULL, &d, err, sizeof err) == CORE_OK, "%s", err);
        ck_assert_int_eq(d.outcome, CORE_OUTCOME_UNIQUE);
        snprintf(niks[k], CORE_NIK_DIGITS + 1, "%s", d.nik);
    }
}

#endif
