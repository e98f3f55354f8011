/* Where things go in the viewer's frame: a header bar, a side panel on the right, and the
 * map area where each province is a box of region tiles, boxes flowing left to right.
 * Tiles shrink, and boxes widen (more tiles a row), until every province fits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/status.h"
#include "viz/view_internal.h"

#define HEADER_H 58
#define PANEL_W 300
#define GAP 6
#define GROUP_TITLE_H 20
#define MIN_COLUMNS 4
#define MAX_COLUMNS 12
#define MIN_TILE_W 16

/* Groups regions by province code in order of first appearance: group[i] per region. */
static size_t group_regions(const viz_model *m, size_t *group, viz__group *groups)
{
    size_t n = m->region_count(m->model), count = 0;
    char (*codes)[8] = calloc(n ? n : 1, sizeof *codes);
    if (!codes)
        return 0;
    for (size_t i = 0; i < n; i++) {
        viz_region_state s;
        memset(&s, 0, sizeof s);
        m->region_state(m->model, i, &s);
        size_t g = 0;
        while (g < count && strncmp(codes[g], s.province_code, sizeof codes[g]) != 0)
            g++;
        if (g == count) {
            memcpy(codes[g], s.province_code, sizeof codes[g]);
            codes[g][sizeof codes[g] - 1] = '\0';
            snprintf(groups[g].label, sizeof groups[g].label, "%.60s (%.7s)", s.province_name,
                     codes[g]);
            count++;
        }
        group[i] = g;
    }
    free(codes);
    return count;
}

/* Flows group boxes with tiles of tw x th, at most `columns` tiles a row in a box; returns 1
 * when all fit in the map area. */
static int flow(viz__layout *l, const size_t *group, const size_t *members, int tw, int th,
                size_t columns)
{
    int x = l->map.x, y = l->map.y, row_h = 0;
    for (size_t g = 0; g < l->group_count; g++) {
        int cols = members[g] < columns ? (int)members[g] : (int)columns;
        int rows = (int)((members[g] + columns - 1) / columns);
        int w = cols * (tw + GAP) + GAP, h = GROUP_TITLE_H + rows * (th + GAP) + GAP;
        if (w < 150)
            w = 150;
        if (x + w > l->map.x + l->map.w && x > l->map.x) {
            x = l->map.x;
            y += row_h + GAP;
            row_h = 0;
        }
        l->groups[g].box = (SDL_Rect){x, y, w, h};
        x += w + GAP;
        if (h > row_h)
            row_h = h;
    }
    size_t *placed = calloc(l->group_count ? l->group_count : 1, sizeof *placed);
    if (!placed)
        return 1;
    for (size_t i = 0; i < l->tile_count; i++) {
        const SDL_Rect *box = &l->groups[group[i]].box;
        size_t k = placed[group[i]]++;
        l->tiles[i] = (SDL_Rect){box->x + GAP + (int)(k % columns) * (tw + GAP),
                                 box->y + GROUP_TITLE_H + (int)(k / columns) * (th + GAP),
                                 tw, th};
    }
    free(placed);
    return y + row_h <= l->map.y + l->map.h;
}

int viz__layout_make(const viz_model *m, int width, int height, viz__layout *l)
{
    memset(l, 0, sizeof *l);
    l->width = width;
    l->height = height;
    l->header = (SDL_Rect){0, 0, width, HEADER_H};
    l->panel = (SDL_Rect){width - PANEL_W, HEADER_H, PANEL_W, height - HEADER_H};
    l->map = (SDL_Rect){GAP, HEADER_H + GAP, width - PANEL_W - 2 * GAP,
                        height - HEADER_H - 2 * GAP};
    size_t n = m->region_count(m->model);
    l->tiles = calloc(n ? n : 1, sizeof *l->tiles);
    l->groups = calloc(n ? n : 1, sizeof *l->groups);
    size_t *group = calloc(n ? n : 1, sizeof *group);
    size_t *members = calloc(n ? n : 1, sizeof *members);
    if (!l->tiles || !l->groups || !group || !members) {
        free(group);
        free(members);
        viz__layout_fini(l);
        return VIZ_ENOMEM;
    }
    l->tile_count = n;
    l->group_count = group_regions(m, group, l->groups);
    for (size_t i = 0; i < n; i++)
        members[group[i]]++;
    /* The largest tiles that fit with some number of columns; the smallest tiles as a last
     * resort (then the last boxes may fall below the window). */
    int tw = 120, th = 46, fits = 0;
    for (;;) {
        for (size_t columns = MIN_COLUMNS; columns <= MAX_COLUMNS && !fits; columns++)
            fits = flow(l, group, members, tw, th, columns);
        if (fits || tw <= MIN_TILE_W)
            break;
        tw = tw * 9 / 10;
        th = th * 9 / 10;
    }
    free(group);
    free(members);
    return VIZ_OK;
}

void viz__layout_fini(viz__layout *l)
{
    free(l->tiles);
    free(l->groups);
    memset(l, 0, sizeof *l);
}

long viz__layout_hit(const viz__layout *l, int x, int y)
{
    SDL_Point p = {x, y};
    for (size_t i = 0; i < l->tile_count; i++)
        if (SDL_PointInRect(&p, &l->tiles[i]))
            return (long)i;
    return -1;
}
