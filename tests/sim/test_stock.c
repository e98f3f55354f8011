/* Tests of sim/stock: put and take, FIFO takers (a big request is not overtaken), level
 * notifications for reorder rules, and the time-weighted level. */
#include "sim/stock.h"

#include <check.h>
#include <stdlib.h>
#include "tests/check_run.h"

typedef struct taken_log {
    int ids[16];
    double times[16];
    int count;
} taken_log;

typedef struct taker {
    taken_log *log;
    int id;
} taker;

static void on_taken(sim_stock *s, void *ctx)
{
    taker *t = ctx;
    t->log->ids[t->log->count] = t->id;
    t->log->times[t->log->count++] = sim_calendar_now(s->cal);
}

START_TEST(fifo_takers)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    sim_stock s;
    ck_assert_int_eq(sim_stock_init(&s, &cal, -1), SIM_EINVAL);
    ck_assert_int_eq(sim_stock_init(&s, &cal, 5), SIM_OK);
    taken_log log = {0};
    taker t[4] = {{&log, 0}, {&log, 1}, {&log, 2}, {&log, 3}};
    ck_assert_int_eq(sim_stock_take(&s, 3, &t[0], on_taken), SIM_OK); /* 5 -> 2 at once */
    ck_assert_int_eq(log.count, 1);
    ck_assert_int_eq(sim_stock_take(&s, 4, &t[1], on_taken), SIM_OK); /* waits */
    ck_assert_int_eq(sim_stock_take(&s, 1, &t[2], on_taken), SIM_OK); /* waits behind 1 */
    ck_assert_int_eq(log.count, 1);
    ck_assert_uint_eq(sim_stock_waiting(&s), 2);
    ck_assert_int_eq(sim_stock_try_take(&s, 1), 0); /* others wait: no jumping the line */
    ck_assert_int_eq(sim_stock_take(&s, 0, &t[3], on_taken), SIM_EINVAL);
    ck_assert_int_eq(sim_stock_put(&s, -1), SIM_EINVAL);
    sim_calendar_run_until(&cal, 10);
    ck_assert_int_eq(sim_stock_put(&s, 1), SIM_OK); /* 3: still short of 4 */
    ck_assert_int_eq(log.count, 1);
    sim_calendar_run_until(&cal, 20);
    ck_assert_int_eq(sim_stock_put(&s, 2), SIM_OK); /* 5: 4 to taker 1, then 1 to taker 2 */
    ck_assert_int_eq(log.count, 3);
    ck_assert_int_eq(log.ids[1], 1);
    ck_assert_int_eq(log.ids[2], 2);
    ck_assert_int_eq(sim_stock_level(&s), 0);
    /* Waits: 0, 20, 20. */
    ck_assert_double_eq_tol(sim_tally_mean(sim_stock_waits(&s)), 40.0 / 3, 1e-12);
    /* Level: 2 over [0,10), 3 over [10,20), 0 after; mean over [0, 40] = 50/40. */
    sim_calendar_run_until(&cal, 40);
    ck_assert_double_eq_tol(sim_stock_mean_level(&s), 50.0 / 40, 1e-12);
    ck_assert_int_eq(sim_stock_try_take(&s, 1), 0);
    sim_stock_put(&s, 2);
    ck_assert_int_eq(sim_stock_try_take(&s, 2), 1);
    sim_stock_fini(&s);
    sim_calendar_fini(&cal);
}
END_TEST

typedef struct reorder {
    sim_stock *stock;
    int calls;
    int64_t levels[8];
} reorder;

static void delivery(sim_calendar *cal, void *ctx)
{
    (void)cal;
    reorder *r = ctx;
    sim_stock_put(r->stock, 10);
}

/* Reorder rule: when the level falls below 4, order 10 that arrive 5 s later. */
static void below_threshold(sim_stock *s, void *ctx, int64_t level)
{
    reorder *r = ctx;
    r->levels[r->calls++] = level;
    sim_calendar_schedule_in(s->cal, 5, delivery, r, NULL);
}

static void ignore(sim_stock *s, void *ctx)
{
    (void)s;
    (void)ctx;
}

START_TEST(level_notifications)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    sim_stock s;
    sim_stock_init(&s, &cal, 6);
    reorder r = {&s, 0, {0}};
    int id;
    ck_assert_int_eq(sim_stock_watch(&s, 4, below_threshold, &r, &id), SIM_OK);
    sim_stock_take(&s, 2, NULL, ignore); /* 6 -> 4: not below */
    ck_assert_int_eq(r.calls, 0);
    sim_stock_take(&s, 1, NULL, ignore); /* 4 -> 3: crosses */
    ck_assert_int_eq(r.calls, 1);
    ck_assert_int_eq(r.levels[0], 3);
    sim_stock_take(&s, 2, NULL, ignore); /* 3 -> 1: already below, no new call */
    ck_assert_int_eq(r.calls, 1);
    sim_stock_take(&s, 5, NULL, ignore); /* waits for the delivery */
    ck_assert_uint_eq(sim_stock_waiting(&s), 1);
    sim_calendar_run(&cal);
    /* Delivery at 5: 1 + 10 = 11, then the waiting take leaves 6 (no crossing). */
    ck_assert_double_eq(sim_calendar_now(&cal), 5);
    ck_assert_int_eq(sim_stock_level(&s), 6);
    ck_assert_int_eq(r.calls, 1);
    sim_stock_take(&s, 3, NULL, ignore); /* 6 -> 3: crosses again */
    ck_assert_int_eq(r.calls, 2);
    ck_assert_int_eq(sim_stock_unwatch(&s, id), SIM_OK);
    ck_assert_int_eq(sim_stock_unwatch(&s, id), SIM_ENOTFOUND);
    sim_calendar_run(&cal);
    sim_stock_take(&s, 12, NULL, ignore); /* 13 -> 1 with no watcher */
    ck_assert_int_eq(r.calls, 2);
    sim_stock_fini(&s);
    sim_calendar_fini(&cal);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sim_stock");
    TCase *tc = tcase_create("stock");
    tcase_add_test(tc, fifo_takers);
    tcase_add_test(tc, level_notifications);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
