/* Area-code lookups over the generated, sorted tables (see core/tools/area_gen.c). */
#include "core/area.h"
#include "core/area_internal.h"

static const core__area_entry *table_of(core_area_level level, size_t *count)
{
    switch (level) {
    case CORE_AREA_PROVINCE: *count = core__area_provinces_count; return core__area_provinces;
    case CORE_AREA_REGENCY: *count = core__area_regencies_count; return core__area_regencies;
    case CORE_AREA_DISTRICT: *count = core__area_districts_count; return core__area_districts;
    }
    *count = 0;
    return NULL;
}

const char *core_area_name(core_area_level level, long code)
{
    size_t count;
    const core__area_entry *rows = table_of(level, &count);
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rows[mid].code == code)
            return rows[mid].name;
        if (rows[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t core_area_count(core_area_level level)
{
    size_t count;
    table_of(level, &count);
    return count;
}

long core_area_code_at(core_area_level level, size_t index)
{
    size_t count;
    const core__area_entry *rows = table_of(level, &count);
    return index < count ? rows[index].code : -1;
}
