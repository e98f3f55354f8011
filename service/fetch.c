/* referenceURL retrieval: libcurl for the web schemes (one easy handle per fetch, so fetches
 * may run in several threads), stdio for file://. */
#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "service/fetch.h"
#include "service/status.h"

typedef struct sink {
    char *p;
    size_t len, max;
    int over, oom;
} sink;

static int append(sink *s, const char *data, size_t n)
{
    if (s->len + n > s->max) {
        s->over = 1;
        return 0;
    }
    char *p = realloc(s->p, s->len + n + 1);
    if (!p) {
        s->oom = 1;
        return 0;
    }
    memcpy(p + s->len, data, n);
    s->p = p;
    s->len += n;
    s->p[s->len] = '\0';
    return 1;
}

static size_t on_data(char *data, size_t size, size_t count, void *ctx)
{
    return append(ctx, data, size * count) ? size * count : 0;
}

static int fetch_http(const char *url, sink *s, char *err, size_t err_size)
{
    CURL *curl = curl_easy_init();
    if (!curl)
        return svc__fail(SVC_ENOMEM, err, err_size, "cannot start libcurl");
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, s);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    CURLcode cc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    if (s->oom)
        return svc__fail(SVC_ENOMEM, err, err_size, "out of memory fetching %s", url);
    if (s->over)
        return svc__fail(SVC_EFETCH, err, err_size, "%s: more than %zu bytes", url, s->max);
    if (cc != CURLE_OK)
        return svc__fail(SVC_EFETCH, err, err_size, "%s: %s", url, curl_easy_strerror(cc));
    if (status != 200)
        return svc__fail(SVC_EFETCH, err, err_size, "%s: HTTP status %ld", url, status);
    return SVC_OK;
}

static int fetch_file(const char *url, sink *s, char *err, size_t err_size)
{
    const char *path = url + strlen("file://");
    if (strncmp(path, "localhost/", 10) == 0)
        path += strlen("localhost");
    if (path[0] != '/')
        return svc__fail(SVC_EFETCH, err, err_size, "%s: a file URL needs an absolute path", url);
    FILE *f = fopen(path, "rb");
    if (!f)
        return svc__fail(SVC_EFETCH, err, err_size, "%s: cannot open the file", url);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && append(s, chunk, n)) {
    }
    int bad = ferror(f);
    fclose(f);
    if (s->oom)
        return svc__fail(SVC_ENOMEM, err, err_size, "out of memory reading %s", url);
    if (s->over)
        return svc__fail(SVC_EFETCH, err, err_size, "%s: more than %zu bytes", url, s->max);
    if (bad)
        return svc__fail(SVC_EFETCH, err, err_size, "%s: read error", url);
    return SVC_OK;
}

int svc_fetch_url(const char *url, size_t max_bytes, char **data, size_t *len, char *err,
                  size_t err_size)
{
    sink s = {NULL, 0, max_bytes, 0, 0};
    int rc;
    if (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0)
        rc = fetch_http(url, &s, err, err_size);
    else if (strncmp(url, "file://", 7) == 0)
        rc = fetch_file(url, &s, err, err_size);
    else
        rc = svc__fail(SVC_EFETCH, err, err_size, "'%.100s': only http, https and file URLs", url);
    if (rc == SVC_OK && !s.p && !append(&s, "", 0))
        rc = svc__fail(SVC_ENOMEM, err, err_size, "out of memory");
    if (rc != SVC_OK) {
        free(s.p);
        return rc;
    }
    *data = s.p;
    *len = s.len;
    return SVC_OK;
}

int svc_fetch_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? SVC_OK : SVC_ENOMEM;
}

void svc_fetch_cleanup(void) { curl_global_cleanup(); }
