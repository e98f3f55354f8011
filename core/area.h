/* Indonesian area codes (Kepmendagri 2025 via idn-area-data 4.0.1, compiled in at build time):
 * 38 provinces (PP), 514 regencies (PP.KK) and 7,285 districts (PP.KK.CC). Lookups are binary
 * searches over constant tables: thread-safe, no allocation. Returned names are static. */
#ifndef CORE_AREA_H
#define CORE_AREA_H

#include <stddef.h>

typedef enum core_area_level {
    CORE_AREA_PROVINCE = 1, /* code PP */
    CORE_AREA_REGENCY = 2,  /* code PPKK */
    CORE_AREA_DISTRICT = 3  /* code PPKKCC */
} core_area_level;

/* The name of the area with this code at this level, or NULL if there is none. */
const char *core_area_name(core_area_level level, long code);
/* Number of areas at a level (38, 514, 7285 for the shipped data); 0 for a bad level. */
size_t core_area_count(core_area_level level);
/* The index-th area (sorted by code) at a level: its code, or -1 if index is out of range. */
long core_area_code_at(core_area_level level, size_t index);

#endif
