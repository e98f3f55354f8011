/* `ktpsim compare` output: the terminal tables (national, verdicts, per region largest
 * differences first) and DIR/compare.json and DIR/compare.csv. Plain decimals with units. */
#include "app/ktpsim_compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ktpsim_units.h"
#include "viz/text.h"

static int significant(const compare_stat *s)
{
    return !isnan(s->lo) && (s->lo > 0 || s->hi < 0);
}

static void print_stat_row(const char *label, int width, ktpsim_unit u, const compare_stat *s)
{
    char a[32], b[32], d[32], lo[32], hi[32];
    ktpsim_format_value(a, sizeof a, u, s->a, 1);
    ktpsim_format_value(b, sizeof b, u, s->b, 1);
    ktpsim_format_value(d, sizeof d, u, s->diff, 1);
    ktpsim_format_value(lo, sizeof lo, u, s->lo, 1);
    ktpsim_format_value(hi, sizeof hi, u, s->hi, 1);
    printf("%-*s %-6s %14s %14s %14s %14s %14s %s\n", width, label, ktpsim_unit_name(u, 1), a, b,
           d, lo, hi, significant(s) ? "*" : "");
}

static void print_verdicts(const compare_result *r)
{
    printf("\nheadline metrics (better = %s):\n", "higher share, lower times, suket and stockouts");
    for (int h = 0; h < COMPARE_HEADLINES; h++) {
        const compare_stat *s = NULL;
        for (size_t m = 0; m < r->metric_count; m++)
            if (strcmp(r->metric_names[m], compare_national_names[h]) == 0)
                s = &r->national[m];
        if (s == NULL || isnan(s->lo)) {
            printf("  %-24s no paired values\n", compare_national_names[h]);
            continue;
        }
        const char *better = s->diff == 0 ? "neither"
                             : (s->diff > 0) == compare_more_is_better[h] ? "B" : "A";
        /* The gap as a positive amount; its interval is B-A's, flipped when A wins. */
        double lo = s->diff < 0 ? -s->hi : s->lo, hi = s->diff < 0 ? -s->lo : s->hi;
        ktpsim_unit u = ktpsim_unit_of(compare_national_names[h]);
        char gap[32], l[32], t[32];
        ktpsim_format_value(gap, sizeof gap, u, fabs(s->diff), 1);
        ktpsim_format_value(l, sizeof l, u, lo, 1);
        ktpsim_format_value(t, sizeof t, u, hi, 1);
        printf("  %-24s %s better by %s %s [%s, %s]: %s\n", compare_national_names[h], better, gap,
               ktpsim_unit_name(u, 1), l, t,
               significant(s) ? "significant at 95%" : "not significant");
    }
}

static void print_regions(const compare_result *r, size_t top)
{
    size_t *order = malloc((r->region_count ? r->region_count : 1) * sizeof *order);
    if (order == NULL)
        return;
    size_t shown = top < r->region_count ? top : r->region_count;
    printf("\nper region, largest differences first (%zu of %zu regions; all in compare.csv "
           "with --out DIR):\n", shown, r->region_count);
    for (int h = 0; h < COMPARE_HEADLINES; h++) {
        compare_sort_regions(r, h, order);
        printf("%s:\n", compare_headline_names[h]);
        ktpsim_unit u = ktpsim_unit_of(compare_headline_names[h]);
        for (size_t k = 0; k < shown; k++) {
            const compare_region *g = &r->regions[order[k]];
            char label[64];
            snprintf(label, sizeof label, "  %-6s %.22s", g->code, g->name);
            print_stat_row(label, 32, u, &g->headline[h]);
        }
    }
    free(order);
}

void compare_print(const compare_result *r, size_t top)
{
    printf("A: %s\nB: %s\nseed %llu, %d paired replications (common random numbers)\n\n",
           r->a_name, r->b_name, (unsigned long long)r->seed, r->replications);
    printf("%-32s %-6s %14s %14s %14s %14s %14s %s\n", "metric", "unit", "A", "B", "B-A",
           "ci95_lo", "ci95_hi", "sig");
    for (size_t m = 0; m < r->metric_count; m++) {
        if (r->national[m].n == 0) {
            printf("%-32s %s\n", r->metric_names[m], "(no paired values)");
            continue;
        }
        print_stat_row(r->metric_names[m], 32, ktpsim_unit_of(r->metric_names[m]),
                       &r->national[m]);
    }
    printf("(times in hours on the terminal, seconds in the files; * = the 95%% interval of "
           "B-A excludes 0)\n");
    print_verdicts(r);
    if (r->region_count > 0)
        print_regions(r, top);
}

/* --- files --------------------------------------------------------------------------- */

static void json_number(viz_text *t, ktpsim_unit u, double x)
{
    char text[40];
    ktpsim_format_value(text, sizeof text, u, x, 0);
    viz_text_append(t, text[0] ? text : "null");
}

static void json_stat(viz_text *t, const char *name, const compare_stat *s)
{
    ktpsim_unit u = ktpsim_unit_of(name);
    viz_text_append_json(t, name);
    viz_text_append(t, ": {\"unit\": ");
    viz_text_append_json(t, ktpsim_unit_name(u, 0));
    const char *keys[3] = {", \"a\": ", ", \"b\": ", ", \"b_minus_a\": "};
    const double values[3] = {s->a, s->b, s->diff};
    for (int k = 0; k < 3; k++) {
        viz_text_append(t, keys[k]);
        json_number(t, u, values[k]);
    }
    viz_text_append(t, ", \"ci95\": ");
    if (isnan(s->lo)) {
        viz_text_append(t, "null");
    } else {
        viz_text_append(t, "[");
        json_number(t, u, s->lo);
        viz_text_append(t, ", ");
        json_number(t, u, s->hi);
        viz_text_append(t, "]");
    }
    viz_text_printf(t, ", \"pairs\": %zu, \"significant\": %s}", s->n,
                    significant(s) ? "true" : "false");
}

static void json_scenario(viz_text *t, const char *key, const char *name, const char *file)
{
    viz_text_printf(t, "  \"%s\": {\"scenario\": ", key);
    viz_text_append_json(t, name);
    viz_text_append(t, ", \"file\": ");
    viz_text_append_json(t, file);
    viz_text_append(t, "},\n");
}

static void write_json(viz_text *t, const compare_result *r)
{
    viz_text_append(t, "{\n");
    json_scenario(t, "a", r->a_name, r->a_path);
    json_scenario(t, "b", r->b_name, r->b_path);
    viz_text_printf(t, "  \"seed\": %llu,\n  \"replications\": %d,\n  \"metrics\": {",
                    (unsigned long long)r->seed, r->replications);
    for (size_t m = 0; m < r->metric_count; m++) {
        viz_text_append(t, m ? ",\n    " : "\n    ");
        json_stat(t, r->metric_names[m], &r->national[m]);
    }
    viz_text_append(t, "\n  },\n  \"regions\": [");
    for (size_t i = 0; i < r->region_count; i++) {
        const compare_region *g = &r->regions[i];
        viz_text_append(t, i ? ",\n    {\"code\": " : "\n    {\"code\": ");
        viz_text_append_json(t, g->code);
        viz_text_append(t, ", \"name\": ");
        viz_text_append_json(t, g->name);
        viz_text_append(t, ", \"metrics\": {");
        for (int h = 0; h < COMPARE_HEADLINES; h++) {
            viz_text_append(t, h ? ",\n      " : "\n      ");
            json_stat(t, compare_headline_names[h], &g->headline[h]);
        }
        viz_text_append(t, "}}");
    }
    viz_text_append(t, r->region_count ? "\n  ]\n}\n" : "]\n}\n");
}

static void csv_row(viz_text *t, const char *code, const char *name, const char *metric,
                    const compare_stat *s)
{
    ktpsim_unit u = ktpsim_unit_of(metric);
    char v[5][40], clean[208];
    const double x[5] = {s->a, s->b, s->diff, s->lo, s->hi};
    for (int k = 0; k < 5; k++)
        ktpsim_format_value(v[k], sizeof v[k], u, x[k], 0);
    snprintf(clean, sizeof clean, "%s", name);
    for (char *c = clean; *c; c++)
        *c = *c == ',' ? ' ' : *c;
    viz_text_printf(t, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%zu,%d\n", code, clean, metric,
                    ktpsim_unit_name(u, 0), v[0], v[1], v[2], v[3], v[4], s->n, significant(s));
}

/* National rows first (every metric), then each region's headline rows, largest difference
 * of each headline first: the order an official reads them in. */
static void write_csv(viz_text *t, const compare_result *r)
{
    viz_text_append(t, "region_code,region_name,metric,unit,a,b,b_minus_a,ci95_lo,ci95_hi,"
                       "pairs,significant\n");
    for (size_t m = 0; m < r->metric_count; m++)
        csv_row(t, "all", "all regions", r->metric_names[m], &r->national[m]);
    size_t *order = malloc((r->region_count ? r->region_count : 1) * sizeof *order);
    t->failed |= order == NULL;
    for (int h = 0; order != NULL && h < COMPARE_HEADLINES; h++) {
        compare_sort_regions(r, h, order);
        for (size_t k = 0; k < r->region_count; k++) {
            const compare_region *g = &r->regions[order[k]];
            csv_row(t, g->code, g->name, compare_headline_names[h], &g->headline[h]);
        }
    }
    free(order);
}

static int write_one(const char *dir, const char *file, int json, const compare_result *r,
                     char *why, size_t why_size)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    viz_text t;
    viz_text_init(&t);
    if (json)
        write_json(&t, r);
    else
        write_csv(&t, r);
    int status = t.failed ? -1 : 0;
    if (t.failed)
        snprintf(why, why_size, "%s: out of memory", path);
    else if (viz_file_write(path, t.data, t.len, why, why_size) != 0)
        status = -1;
    viz_text_fini(&t);
    return status;
}

int compare_write_files(const compare_result *r, const char *dir, char *why, size_t why_size)
{
    if (write_one(dir, "compare.json", 1, r, why, why_size) != 0)
        return -1;
    return write_one(dir, "compare.csv", 0, r, why, why_size);
}
