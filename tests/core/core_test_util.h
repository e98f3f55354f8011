/* Shared helpers for the tests/core suites: scratch directories, file snapshots, test
 * applicants and their synthetic iris templates. Header-only (static) to keep each suite one
 * program. */
#ifndef CORE_TEST_UTIL_H
#define CORE_TEST_UTIL_H

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/enrol.h"
#include "core/iris.h"
#include "core/registry.h"
#include "core/status.h"

/* A fresh directory under TMPDIR (or /tmp); path written to dir (at least 64 bytes). */
static inline void scratch_dir(char *dir, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, size, "%s/ktpcore-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* A fresh scratch directory (dir, 256 bytes) holding a new empty registry at path
 * (320 bytes): dir/registry.db. */
static inline void scratch_registry(char *dir, char *path)
{
    scratch_dir(dir, 256);
    snprintf(path, 320, "%s/registry.db", dir);
    core_registry *reg = NULL;
    ck_assert_int_eq(core_registry_open(path, CORE_REGISTRY_CREATE, &reg, NULL, 0), CORE_OK);
    core_registry_close(reg);
}

/* Removes the files in dir and dir itself (no subdirectories are made by the tests). */
static inline void scratch_remove(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

/* Whole file into a malloc'd buffer (caller frees); *size gets its length; NULL if absent. */
static inline unsigned char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(n > 0 ? (size_t)n : 1);
    ck_assert_ptr_nonnull(buf);
    *size = fread(buf, 1, (size_t)n, f);
    fclose(f);
    return buf;
}

static inline int file_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* A test applicant numbered k: distinct demographics per k, district 11.01.01 (Bakongan). */
static inline core_person applicant(int k)
{
    core_person p;
    memset(&p, 0, sizeof p);
    snprintf(p.name, sizeof p.name, "Person %d Santoso", k);
    p.sex = (k % 2) ? CORE_SEX_FEMALE : CORE_SEX_MALE;
    p.birth_year = 1950 + k % 50;
    p.birth_month = 1 + k % 12;
    p.birth_day = 1 + k % 28;
    snprintf(p.birth_place, sizeof p.birth_place, "Kota %d", k % 7);
    snprintf(p.mother_name, sizeof p.mother_name, "Ibu %d", k);
    p.district_code = 110101;
    return p;
}

/* Capture number capture_no of the synthetic person with identity seed `identity`. */
static inline core_template capture(uint64_t identity, uint32_t capture_no)
{
    core_template t;
    ck_assert_int_eq(core_iris_synth(identity, capture_no, NULL, &t), CORE_OK);
    return t;
}

#endif
