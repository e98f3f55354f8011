/* The output folder of `ktpsim run`, prepared before anything is simulated: created, proved
 * writable (a read-only folder used to be found only after the whole simulation), cleared of
 * the previous run's result set (so new CSVs never sit next to an old summary.json) and of
 * temporary files whose writer process is dead. summary.json is then written last, so its
 * presence marks a complete set. Only files with the names a run writes are removed. */
#include "app/ktpsim_cmds.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* summary.json first: if the clean-up is interrupted, no complete-looking set is left. */
static const char *const result_files[] = {"summary.json", "regions.csv", "daily.csv",
                                           "time_to_card.csv", "central.csv", "ikd.csv",
                                           "ikd_monthly.csv", "report.html"};

int ktpsim_make_directories(const char *path)
{
    if (path[0] == '\0') { /* the loop below starts after the first byte */
        errno = ENOENT;
        return -1;
    }
    char *copy = strdup(path);
    if (copy == NULL)
        return -1;
    for (char *p = copy + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *p = saved;
        if (saved == '\0')
            break;
    }
    free(copy);
    struct stat info;
    if (stat(path, &info) != 0)
        return -1;
    if (!S_ISDIR(info.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

/* Creates and removes a file in dir: write permission, a read-only mount, a full inode
 * table all show up here, before the simulation. */
static int probe_writable(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/.ktpsim-probe-%ld", dir, (long)getpid());
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return -1;
    close(fd);
    return unlink(path);
}

/* The pid after ".tmp-" (summary writers) or ".plots.tmp." / ".plots.old." (the report), or
 * 0 when name is no such temporary file. */
static long temp_owner(const char *name)
{
    const char *marks[] = {".tmp-", ".plots.tmp.", ".plots.old."};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        const char *at = strstr(name, marks[i]);
        if (at == NULL)
            continue;
        char *end = NULL;
        long pid = strtol(at + strlen(marks[i]), &end, 10);
        if (pid > 0 && *end == '\0')
            return pid;
    }
    return 0;
}

/* Removes a folder of plain files (a report's plots); errors are ignored: best effort. */
static void remove_flat_folder(const char *path)
{
    DIR *d = opendir(path);
    if (d == NULL)
        return;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        char file[4400];
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(file, sizeof file, "%s/%s", path, e->d_name);
            unlink(file);
        }
    }
    closedir(d);
    rmdir(path);
}

/* Stale temporaries of dead writers, and the previous run's registries. */
static void remove_leftovers(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        char path[4400];
        long owner = temp_owner(e->d_name);
        int dead = owner > 0 && kill((pid_t)owner, 0) != 0 && errno == ESRCH;
        int registry = strncmp(e->d_name, "registry-rep", 12) == 0 &&
                       (strstr(e->d_name, ".sqlite") != NULL);
        if (!dead && !registry)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (unlink(path) != 0) /* a folder: a dead report's plots */
            remove_flat_folder(path);
    }
    closedir(d);
}

int ktpsim_outdir_prepare(const char *dir, char *why, size_t why_size)
{
    if (ktpsim_make_directories(dir) != 0) {
        snprintf(why, why_size, "cannot create %s: %s", dir, strerror(errno));
        return -1;
    }
    if (probe_writable(dir) != 0) {
        snprintf(why, why_size, "cannot write in %s: %s", dir, strerror(errno));
        return -1;
    }
    char path[4200];
    for (size_t i = 0; i < sizeof result_files / sizeof *result_files; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, result_files[i]);
        if (unlink(path) != 0 && errno != ENOENT) {
            snprintf(why, why_size, "cannot remove the previous %s: %s", path, strerror(errno));
            return -1;
        }
    }
    snprintf(path, sizeof path, "%s/plots", dir);
    remove_flat_folder(path);
    remove_leftovers(dir);
    return 0;
}
