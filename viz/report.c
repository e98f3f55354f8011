/* Orchestrates `ktpsim report`: load and check the results, draw every plot with gnuplot
 * in a temporary folder, swap it in as DIR/plots, then write report.html. */
#include "viz/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include "viz/report_internal.h"
#include "viz/status.h"

int viz_find_program(const char *name, char *out, size_t out_size)
{
    if (strchr(name, '/')) {
        snprintf(out, out_size, "%s", name);
        return access(out, X_OK) == 0;
    }
    const char *path = getenv("PATH");
    while (path && *path) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);
        if (n > 0 && (size_t)snprintf(out, out_size, "%.*s/%s", (int)n, path, name) < out_size) {
            struct stat st;
            if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
                return 1;
        }
        path = colon ? colon + 1 : NULL;
    }
    return 0;
}

int viz__find_gnuplot(const viz_report_options *options, char *out, size_t size, char *why,
                      size_t why_size)
{
    const char *wanted = options && options->gnuplot ? options->gnuplot : "gnuplot";
    if (viz_find_program(wanted, out, size))
        return VIZ_OK;
    snprintf(why, why_size, strchr(wanted, '/') ? "%s: not an executable file"
                                                : "%s: not found on PATH", wanted);
    return VIZ_ENOGNUPLOT;
}

/* Removes a folder with only plain files in it (our own plots folders). */
void viz__remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[4400];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            remove(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* First line of gnuplot's log that says something, for the error message. */
static void log_excerpt(const char *log, char *buf, size_t size)
{
    buf[0] = '\0';
    FILE *f = fopen(log, "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strspn(line, " \t^") < strlen(line)) {
            snprintf(buf, size, "%.250s", line);
            if (strstr(line, "line "))
                break; /* gnuplot's "script.gp" line N: message */
        }
    }
    fclose(f);
}

static int file_nonempty(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && st.st_size > 0;
}

/* Runs `gnuplot NAME.gp` inside dir with output to NAME.log, and checks both images. */
int viz__run_gnuplot(const char *gnuplot, const char *dir, const char *name, char *why,
                     size_t why_size)
{
    char script[64], log[4200], path[4200];
    snprintf(script, sizeof script, "%s.gp", name);
    snprintf(log, sizeof log, "%s/%s.log", dir, name);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(why, why_size, "cannot start gnuplot: %s", strerror(errno));
        return VIZ_EGNUPLOT;
    }
    if (pid == 0) { /* child: only async-signal-safe calls until exec */
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int null_in = open("/dev/null", O_RDONLY);
        if (fd < 0 || null_in < 0 || chdir(dir) != 0)
            _exit(126);
        dup2(null_in, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        char *const args[] = {(char *)gnuplot, script, NULL};
        execv(gnuplot, args);
        _exit(127);
    }
    int wstatus;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    int ok = WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0;
    for (int k = 0; ok && k < 2; k++) {
        snprintf(path, sizeof path, "%s/%s.%s", dir, name, k ? "svg" : "png");
        ok = file_nonempty(path);
    }
    if (!ok) {
        char excerpt[256];
        log_excerpt(log, excerpt, sizeof excerpt);
        snprintf(why, why_size, "gnuplot failed on plots/%s.gp: %s", name,
                 excerpt[0] ? excerpt : "no image written");
        return VIZ_EGNUPLOT;
    }
    remove(log);
    return VIZ_OK;
}

static int draw_all(viz__report *rep, const char *gnuplot, char *why, size_t why_size)
{
    const viz_results *r = rep->r;
    int status = viz__plot_time_to_card(rep, why, why_size);
    if (status == VIZ_OK && r->observed.present)
        status = viz__plot_observed(rep, why, why_size);
    if (status == VIZ_OK)
        status = viz__plot_stage_time(rep, why, why_size);
    if (status == VIZ_OK)
        status = viz__plot_queues(rep, why, why_size);
    if (status == VIZ_OK)
        status = viz__plot_suket(rep, why, why_size);
    if (status == VIZ_OK)
        status = viz__plot_blank_stock(rep, why, why_size);
    if (status == VIZ_OK && r->has_central && r->central_count > 0)
        status = viz__plot_central(rep, why, why_size);
    int has_ikd = 0;
    for (size_t i = 0; i < r->daily_count && !has_ikd; i++)
        has_ikd = r->daily[i].value[VIZ_D_IKD_ACTIVE] != 0;
    if (status == VIZ_OK && has_ikd)
        status = viz__plot_ikd(rep, why, why_size);
    for (size_t k = 0; k < rep->plot_count && status == VIZ_OK; k++)
        status = viz__run_gnuplot(gnuplot, rep->dir, rep->plots[k].name, why, why_size);
    return status;
}

/* Puts the finished temporary folder in place of DIR/plots. */
int viz__swap_in(const char *dir, const char *temp, char *why, size_t why_size)
{
    char plots[4200], old[4200];
    snprintf(plots, sizeof plots, "%s/plots", dir);
    snprintf(old, sizeof old, "%s/.plots.old.%ld", dir, (long)getpid());
    int had_old = rename(plots, old) == 0;
    if (rename(temp, plots) != 0) {
        snprintf(why, why_size, "%s: %s", plots, strerror(errno));
        if (had_old)
            rename(old, plots);
        return VIZ_EIO;
    }
    if (had_old)
        viz__remove_tree(old);
    return VIZ_OK;
}

static int write_html(const char *dir, const viz__report *rep, char *why, size_t why_size)
{
    viz_text page;
    viz_text_init(&page);
    viz__html_build(rep->r, rep->plots, rep->plot_count, &page);
    int status = page.failed ? VIZ_ENOMEM : VIZ_OK;
    char path[4200];
    snprintf(path, sizeof path, "%s/report.html", dir);
    if (status == VIZ_OK)
        status = viz_file_write(path, page.data, page.len, why, why_size);
    viz_text_fini(&page);
    return status;
}

int viz_report_make(const char *dir, const viz_report_options *options, char *why,
                    size_t why_size)
{
    char gnuplot[4096], plan_table[4200], summary_path[4200];
    snprintf(plan_table, sizeof plan_table, "%s/cost_vs_target.csv", dir);
    snprintf(summary_path, sizeof summary_path, "%s/summary.json", dir);
    if (access(plan_table, F_OK) == 0 && access(summary_path, F_OK) != 0) {
        /* a folder `ktpsim plan` wrote (viz/report_plan.c) */
        if (viz__find_gnuplot(options, gnuplot, sizeof gnuplot, why, why_size) != VIZ_OK)
            return VIZ_ENOGNUPLOT;
        return viz__plan_report(dir, gnuplot, why, why_size);
    }
    viz_results results;
    int status = viz_results_load(dir, &results, why, why_size);
    if (status != VIZ_OK)
        return status;
    if (viz__find_gnuplot(options, gnuplot, sizeof gnuplot, why, why_size) != VIZ_OK) {
        viz_results_fini(&results);
        return VIZ_ENOGNUPLOT;
    }
    viz__report rep = {.r = &results};
    snprintf(rep.dir, sizeof rep.dir, "%s/.plots.tmp.%ld", dir, (long)getpid());
    viz__remove_tree(rep.dir);
    if (mkdir(rep.dir, 0755) != 0) {
        snprintf(why, why_size, "%s: %s", rep.dir, strerror(errno));
        viz_results_fini(&results);
        return VIZ_EIO;
    }
    status = draw_all(&rep, gnuplot, why, why_size);
    if (status == VIZ_OK)
        status = viz__swap_in(dir, rep.dir, why, why_size);
    if (status == VIZ_OK)
        status = write_html(dir, &rep, why, why_size);
    else
        viz__remove_tree(rep.dir);
    viz_results_fini(&results);
    return status;
}
