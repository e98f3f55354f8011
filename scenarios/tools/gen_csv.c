/* gen_national: reads provinces.csv, regencies.csv, districts.csv and the 2020 census by
 * regency, checking each row strictly; any problem is reported as "FILE:LINE: what". */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gen_national.h"

#define MAX_FIELDS 4
#define MAX_LINE 512

typedef struct csv_reader {
    FILE *file;
    char path[512];
    int line;
    char buffer[MAX_LINE];
    char *fields[MAX_FIELDS];
    int field_count;
} csv_reader;

static void fail(char *err, size_t size, const csv_reader *r, const char *fmt, ...)
{
    int used = snprintf(err, size, "%s:%d: ", r->path, r->line);
    if (used < 0 || (size_t)used >= size)
        return;
    va_list args;
    va_start(args, fmt);
    vsnprintf(err + used, size - (size_t)used, fmt, args);
    va_end(args);
}

/* Splits buffer in place into fields; "a""b" quoting as in RFC 4180. Returns -1 on bad quotes. */
static int split_fields(csv_reader *r)
{
    char *in = r->buffer, *out = r->buffer;
    r->field_count = 0;
    for (;;) {
        if (r->field_count == MAX_FIELDS)
            return -2;
        r->fields[r->field_count++] = out;
        if (*in == '"') {
            in++;
            for (;;) {
                if (*in == '\0')
                    return -1;
                if (*in == '"' && in[1] == '"') { *out++ = '"'; in += 2; continue; }
                if (*in == '"') { in++; break; }
                *out++ = *in++;
            }
            if (*in != ',' && *in != '\0')
                return -1;
        } else {
            while (*in != ',' && *in != '\0') {
                if (*in == '"')
                    return -1;
                *out++ = *in++;
            }
        }
        if (*in == '\0') { *out = '\0'; return 0; }
        *out++ = '\0';
        in++;
    }
}

/* Reads the next row: 1 = a row, 0 = end of file, -1 = error (in err). */
static int next_row(csv_reader *r, int expected_fields, char *err, size_t size)
{
    if (fgets(r->buffer, sizeof r->buffer, r->file) == NULL) {
        if (ferror(r->file)) { fail(err, size, r, "read error"); return -1; }
        return 0;
    }
    r->line++;
    size_t length = strlen(r->buffer);
    if (length > 0 && r->buffer[length - 1] == '\n')
        r->buffer[--length] = '\0';
    else if (!feof(r->file)) { fail(err, size, r, "line longer than %d bytes", MAX_LINE - 2); return -1; }
    if (length > 0 && r->buffer[length - 1] == '\r')
        r->buffer[--length] = '\0';
    int rc = split_fields(r);
    if (rc != 0 || r->field_count != expected_fields) {
        fail(err, size, r, rc == -1 ? "bad quoting" : "expected %d fields", expected_fields);
        return -1;
    }
    return 1;
}

static int open_table(csv_reader *r, const char *dir, const char *name, const char *header,
                      char *err, size_t size)
{
    snprintf(r->path, sizeof r->path, "%s/%s", dir, name);
    r->line = 0;
    r->file = fopen(r->path, "rb");
    if (r->file == NULL) {
        snprintf(err, size, "%s: cannot open: %s", r->path, strerror(errno));
        return -1;
    }
    if (fgets(r->buffer, sizeof r->buffer, r->file) == NULL
        || strncmp(r->buffer, header, strlen(header)) != 0
        || strspn(r->buffer + strlen(header), "\r\n") != strlen(r->buffer + strlen(header))) {
        r->line = 1;
        fail(err, size, r, "expected the header \"%s\"", header);
        fclose(r->file);
        return -1;
    }
    r->line = 1;
    return 0;
}

/* Parses exactly `digits` decimal digits. */
static int parse_digits(const char *s, int digits, int *value)
{
    *value = 0;
    for (int i = 0; i < digits; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        *value = *value * 10 + (s[i] - '0');
    }
    return 0;
}

/* "PP", "PP.KK" or "PP.KK.CC" with levels 1..3; fills parts[0..levels-1]. */
static int parse_code(const char *s, int levels, int parts[3])
{
    if (strlen(s) != (size_t)(levels * 3 - 1))
        return -1;
    for (int i = 0; i < levels; i++) {
        if (parse_digits(s + 3 * i, 2, &parts[i]) != 0 || (i > 0 && s[3 * i - 1] != '.'))
            return -1;
    }
    return 0;
}

static int check_name(csv_reader *r, const char *name, char *out, size_t out_size,
                      char *err, size_t size)
{
    if (name[0] == '\0' || strlen(name) >= out_size) {
        fail(err, size, r, "name empty or longer than %zu bytes", out_size - 1);
        return -1;
    }
    memcpy(out, name, strlen(name) + 1);
    return 0;
}

static int find_province(const gen_data *d, int code)
{
    for (int i = 0; i < d->province_count; i++)
        if (d->provinces[i].code == code)
            return i;
    return -1;
}

static int find_regency(const gen_data *d, int province, int code)
{
    for (int i = 0; i < d->regency_count; i++)
        if (d->regencies[i].province_code == province && d->regencies[i].code == code)
            return i;
    return -1;
}

static int read_provinces(const char *dir, gen_data *d, char *err, size_t size)
{
    csv_reader r;
    if (open_table(&r, dir, "idn-area/provinces.csv", "code,name", err, size) != 0)
        return -1;
    int rc, parts[3];
    while ((rc = next_row(&r, 2, err, size)) == 1) {
        if (parse_code(r.fields[0], 1, parts) != 0) { fail(err, size, &r, "bad province code \"%s\"", r.fields[0]); rc = -1; break; }
        if (find_province(d, parts[0]) >= 0) { fail(err, size, &r, "duplicate province code %02d", parts[0]); rc = -1; break; }
        if (d->province_count == GEN_MAX_PROVINCES) { fail(err, size, &r, "more than %d provinces", GEN_MAX_PROVINCES); rc = -1; break; }
        gen_province *p = &d->provinces[d->province_count];
        memset(p, 0, sizeof *p);
        p->code = parts[0];
        if (check_name(&r, r.fields[1], p->name, sizeof p->name, err, size) != 0) { rc = -1; break; }
        p->group = gen_group_of(p->code);
        d->province_count++;
    }
    fclose(r.file);
    if (rc == 0 && d->province_count == 0) { fail(err, size, &r, "no provinces"); rc = -1; }
    return rc;
}

static int read_regencies(const char *dir, gen_data *d, char *err, size_t size)
{
    csv_reader r;
    if (open_table(&r, dir, "idn-area/regencies.csv", "code,province_code,name", err, size) != 0)
        return -1;
    int rc, parts[3], province[3];
    while ((rc = next_row(&r, 3, err, size)) == 1) {
        if (parse_code(r.fields[0], 2, parts) != 0) { fail(err, size, &r, "bad regency code \"%s\"", r.fields[0]); rc = -1; break; }
        if (parse_code(r.fields[1], 1, province) != 0 || province[0] != parts[0]) { fail(err, size, &r, "province code \"%s\" does not match the regency code", r.fields[1]); rc = -1; break; }
        int pi = find_province(d, parts[0]);
        if (pi < 0) { fail(err, size, &r, "unknown province %02d", parts[0]); rc = -1; break; }
        if (find_regency(d, parts[0], parts[1]) >= 0) { fail(err, size, &r, "duplicate regency code %s", r.fields[0]); rc = -1; break; }
        if (d->regency_count == GEN_MAX_REGENCIES) { fail(err, size, &r, "more than %d regencies", GEN_MAX_REGENCIES); rc = -1; break; }
        gen_regency *g = &d->regencies[d->regency_count];
        memset(g, 0, sizeof *g);
        g->province_code = parts[0];
        g->code = parts[1];
        g->province_index = pi;
        if (check_name(&r, r.fields[2], g->name, sizeof g->name, err, size) != 0) { rc = -1; break; }
        d->provinces[pi].regency_count++;
        d->regency_count++;
    }
    fclose(r.file);
    return rc;
}

static int read_districts(const char *dir, gen_data *d, char *err, size_t size)
{
    csv_reader r;
    if (open_table(&r, dir, "idn-area/districts.csv", "code,regency_code,name", err, size) != 0)
        return -1;
    int rc, parts[3], regency[3];
    while ((rc = next_row(&r, 3, err, size)) == 1) {
        if (parse_code(r.fields[0], 3, parts) != 0) { fail(err, size, &r, "bad district code \"%s\"", r.fields[0]); rc = -1; break; }
        if (parse_code(r.fields[1], 2, regency) != 0 || regency[0] != parts[0] || regency[1] != parts[1]) { fail(err, size, &r, "regency code \"%s\" does not match the district code", r.fields[1]); rc = -1; break; }
        int ri = find_regency(d, parts[0], parts[1]);
        if (ri < 0) { fail(err, size, &r, "unknown regency %s", r.fields[1]); rc = -1; break; }
        if (r.fields[2][0] == '\0') { fail(err, size, &r, "empty district name"); rc = -1; break; }
        d->regencies[ri].districts++;
    }
    fclose(r.file);
    return rc;
}

/* The 2020 census by regency: every regency of regencies.csv exactly once, under the same
 * name (the codes were matched by name, so a differing name means a mismatched row). */
static int read_census(const char *dir, gen_data *d, char *err, size_t size)
{
    csv_reader r;
    if (open_table(&r, dir, "regency-population-2020.csv", "code,name,population_2020", err, size) != 0)
        return -1;
    int rc, parts[3];
    while ((rc = next_row(&r, 3, err, size)) == 1) {
        if (parse_code(r.fields[0], 2, parts) != 0) { fail(err, size, &r, "bad regency code \"%s\"", r.fields[0]); rc = -1; break; }
        int ri = find_regency(d, parts[0], parts[1]);
        if (ri < 0) { fail(err, size, &r, "unknown regency %s", r.fields[0]); rc = -1; break; }
        gen_regency *g = &d->regencies[ri];
        if (g->population != 0) { fail(err, size, &r, "duplicate regency code %s", r.fields[0]); rc = -1; break; }
        if (strcmp(g->name, r.fields[1]) != 0) { fail(err, size, &r, "name \"%s\" differs from regencies.csv's \"%s\"", r.fields[1], g->name); rc = -1; break; }
        char *end;
        errno = 0;
        long long value = strtoll(r.fields[2], &end, 10);
        if (r.fields[2][0] < '0' || r.fields[2][0] > '9' || *end != '\0' || errno != 0
            || value <= 0 || value > 2000000000LL) {
            fail(err, size, &r, "population \"%s\" is not a whole number from 1 to 2000000000", r.fields[2]);
            rc = -1;
            break;
        }
        g->population = value;
        d->provinces[g->province_index].population += value;
        d->census_total += value;
    }
    fclose(r.file);
    for (int i = 0; rc == 0 && i < d->regency_count; i++)
        if (d->regencies[i].population == 0) {
            snprintf(err, size, "%s: no row for regency %02d.%02d %s", r.path,
                     d->regencies[i].province_code, d->regencies[i].code, d->regencies[i].name);
            rc = -1;
        }
    return rc;
}

int gen_read_tables(const char *data_dir, gen_data *data, char *err, size_t err_size)
{
    memset(data, 0, sizeof *data);
    if (read_provinces(data_dir, data, err, err_size) != 0
        || read_regencies(data_dir, data, err, err_size) != 0
        || read_districts(data_dir, data, err, err_size) != 0
        || read_census(data_dir, data, err, err_size) != 0)
        return -1;
    return 0;
}
