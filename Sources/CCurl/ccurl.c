#include "ccurl.h"

#include "dynamic_library.h"
#include <pthread.h>
#include <stdio.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];

static void *resolve(void *library, const char *name) {
    return kw_library_symbol(library, name, "libcurl", load_error, sizeof load_error);
}

static void load(void) {
    const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", "libcurl.4.dylib"};
    void *library = kw_library_open(
        names, sizeof names / sizeof names[0], "libcurl is not installed (Debian: apt install libcurl4)", load_error, sizeof load_error);
    if (library == NULL) return;
    *(void **)&api.global_init = resolve(library, "curl_global_init");
    *(void **)&api.easy_init = resolve(library, "curl_easy_init");
    *(void **)&api.easy_cleanup = resolve(library, "curl_easy_cleanup");
    *(void **)&api.easy_perform = resolve(library, "curl_easy_perform");
    *(void **)&api.easy_setopt = resolve(library, "curl_easy_setopt");
    *(void **)&api.easy_getinfo = resolve(library, "curl_easy_getinfo");
    *(void **)&api.easy_strerror = resolve(library, "curl_easy_strerror");
    *(void **)&api.slist_append = resolve(library, "curl_slist_append");
    *(void **)&api.slist_free_all = resolve(library, "curl_slist_free_all");
    if (load_error[0] != 0) return;
    CURLcode code = api.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed: %s", api.easy_strerror(code));
    }
}

int kw_curl_load(char *error, size_t capacity) {
    pthread_once(&load_once, load);
    if (load_error[0] == 0) return 0;
    if (capacity > 0) snprintf(error, capacity, "%s", load_error);
    return -1;
}

CURL *kw_curl_easy_init(void) { return api.easy_init(); }
void kw_curl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }
CURLcode kw_curl_easy_perform(CURL *handle) { return api.easy_perform(handle); }

CURLcode kw_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode kw_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode kw_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode kw_curl_setopt_list(CURL *handle, CURLoption option, struct curl_slist *value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode kw_curl_setopt_callback(CURL *handle, CURLoption option, kw_curl_data_callback value) {
    return api.easy_setopt(handle, option, value);
}

long kw_curl_response_code(CURL *handle) {
    long code = 0;
    if (api.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &code) != CURLE_OK) return 0;
    return code;
}

const char *kw_curl_strerror(CURLcode code) { return api.easy_strerror(code); }

struct curl_slist *kw_curl_slist_append(struct curl_slist *list, const char *value) {
    return api.slist_append(list, value);
}
void kw_curl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }
