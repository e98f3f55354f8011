/* gen_national: command line of the national scenario generator.
 *   gen_national --data DIR --out FILE.json [--table FILE.csv] [--profile 2025|2020-06] [--every K]
 * Reads DIR's area and census tables, applies the profile's rules (default 2025), writes the
 * scenario (every K-th regency with --every; and the per-regency table) to a
 * temporary name and renames it, so a file is complete or not written. Exit 0 on success,
 * 2 on bad usage or bad input ("FILE:LINE: what" on stderr), 1 when an output cannot be written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_national.h"

typedef int (*writer_fn)(FILE *out, const gen_data *data);

static int write_atomically(const char *path, writer_fn writer, const gen_data *data)
{
    char temp[4096];
    if (snprintf(temp, sizeof temp, "%s.tmp", path) >= (int)sizeof temp) {
        fprintf(stderr, "%s: path too long\n", path);
        return -1;
    }
    FILE *out = fopen(temp, "wb");
    if (out == NULL) {
        fprintf(stderr, "%s: cannot write: %s\n", temp, strerror(errno));
        return -1;
    }
    int rc = writer(out, data);
    if (fclose(out) != 0) rc = -1;
    if (rc != 0 || rename(temp, path) != 0) {
        fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
        remove(temp);
        return -1;
    }
    return 0;
}

static int usage(void)
{
    fputs("usage: gen_national --data DIR --out FILE.json [--table FILE.csv] [--profile 2025|2020-06] [--every K]\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    const char *data_dir = NULL, *out_path = NULL, *table_path = NULL, *profile_id = "2025";
    int every = 1;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--data") == 0) data_dir = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--out") == 0) out_path = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--table") == 0) table_path = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--profile") == 0) profile_id = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--every") == 0) every = atoi(argv[++i]);
        else return usage();
    }
    gen_profile profile;
    if (data_dir == NULL || out_path == NULL || gen_profile_find(profile_id, &profile) != 0
        || every < 1 || every > 514)
        return usage();

    gen_data *data = malloc(sizeof *data);
    if (data == NULL) {
        fputs("gen_national: out of memory\n", stderr);
        return 1;
    }
    char err[1024];
    int failed = gen_read_tables(data_dir, data, err, sizeof err) != 0;
    data->every = every;
    if (failed
        || gen_apply_rules(data, &profile, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        free(data);
        return 2;
    }
    int rc = write_atomically(out_path, gen_write_json, data);
    if (rc == 0 && table_path != NULL)
        rc = write_atomically(table_path, gen_write_table, data);
    free(data);
    return rc == 0 ? 0 : 1;
}
