/* Internal to core/: the generated area-code tables (build/core/area_table.c), sorted by code.
 * Codes are integers: province PP, regency PPKK, district PPKKCC. */
#ifndef CORE_AREA_INTERNAL_H
#define CORE_AREA_INTERNAL_H

#include <stddef.h>

typedef struct core__area_entry {
    long code;
    const char *name;
} core__area_entry;

extern const core__area_entry core__area_provinces[];
extern const size_t core__area_provinces_count;
extern const core__area_entry core__area_regencies[];
extern const size_t core__area_regencies_count;
extern const core__area_entry core__area_districts[];
extern const size_t core__area_districts_count;

#endif
