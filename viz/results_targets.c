/* summary.json "targets" (written by `ktpsim run --target`): per target the share of
 * replications that met it with its Wilson 95% interval, nationally and per region. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "viz/results.h"
#include "viz/status.h"

static int read_share(const cJSON *obj, viz_target_share *out)
{
    const cJSON *met = cJSON_GetObjectItemCaseSensitive(obj, "met");
    const cJSON *reps = cJSON_GetObjectItemCaseSensitive(obj, "replications");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(obj, "probability");
    const cJSON *ci = cJSON_GetObjectItemCaseSensitive(obj, "wilson95");
    if (!cJSON_IsNumber(met) || !cJSON_IsNumber(reps) || met->valuedouble < 0 ||
        met->valuedouble > reps->valuedouble)
        return -1;
    out->met = met->valuedouble;
    out->trials = reps->valuedouble;
    out->has_interval = 0;
    if (cJSON_IsNull(p) && cJSON_IsNull(ci) && out->trials == 0)
        return 0;
    if (!cJSON_IsNumber(p) || !cJSON_IsArray(ci) || cJSON_GetArraySize(ci) != 2 ||
        !cJSON_IsNumber(cJSON_GetArrayItem(ci, 0)) || !cJSON_IsNumber(cJSON_GetArrayItem(ci, 1)))
        return -1;
    out->probability = p->valuedouble;
    out->lo = cJSON_GetArrayItem(ci, 0)->valuedouble;
    out->hi = cJSON_GetArrayItem(ci, 1)->valuedouble;
    out->has_interval = 1;
    return out->lo >= 0 && out->lo <= out->probability && out->probability <= out->hi &&
                   out->hi <= 1
               ? 0
               : -1;
}

static int read_target(const cJSON *obj, const viz_results *r, viz_target *t)
{
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(obj, "target");
    const cJSON *regions = cJSON_GetObjectItemCaseSensitive(obj, "regions");
    if (!cJSON_IsString(text) || read_share(obj, &t->national) != 0 ||
        (regions && !cJSON_IsArray(regions)))
        return -1;
    t->text = strdup(text->valuestring);
    t->regions = calloc(r->region_count ? r->region_count : 1, sizeof *t->regions);
    if (t->text == NULL || t->regions == NULL)
        return VIZ_ENOMEM;
    const cJSON *item;
    cJSON_ArrayForEach(item, regions) {
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(item, "code");
        size_t k = 0;
        while (cJSON_IsString(code) && k < r->region_count &&
               strcmp(r->regions[k].code, code->valuestring) != 0)
            k++;
        if (!cJSON_IsString(code) || k == r->region_count || read_share(item, &t->regions[k]))
            return -1;
        t->regions[k].present = 1;
    }
    return 0;
}

int viz__results_read_targets(const cJSON *root, viz_results *r, const char **bad)
{
    const cJSON *targets = cJSON_GetObjectItemCaseSensitive(root, "targets");
    if (targets == NULL)
        return 0;
    int n = cJSON_IsArray(targets) ? cJSON_GetArraySize(targets) : -1;
    r->targets = n > 0 ? calloc((size_t)n, sizeof *r->targets) : NULL;
    if (n < 0) {
        *bad = "\"targets\" must be an array";
        return -1;
    }
    if (n > 0 && r->targets == NULL)
        return VIZ_ENOMEM;
    const cJSON *item;
    cJSON_ArrayForEach(item, targets) {
        int status = read_target(item, r, &r->targets[r->target_count++]);
        if (status == -1) {
            *bad = "\"targets\": each needs \"target\", \"met\" <= \"replications\", "
                   "\"probability\" inside \"wilson95\" within 0..1, and known region codes";
            return -1;
        }
        if (status != 0)
            return status;
    }
    return 0;
}

void viz__results_free_targets(viz_results *r)
{
    for (size_t i = 0; r->targets && i < r->target_count; i++) {
        free(r->targets[i].text);
        free(r->targets[i].regions);
    }
    free(r->targets);
    r->targets = NULL;
    r->target_count = 0;
}
