#ifndef KEYWARDEN_CCURL_H
#define KEYWARDEN_CCURL_H
#include <stddef.h>
#include <curl/curl.h>

/* libcurl, loaded only when a command asks for the network (`--verify`): linking it would make every
 * start-up (every hook run) load some twenty shared libraries that a scan never uses. The entry points
 * below call through the loaded library; curl_easy_setopt and curl_easy_getinfo are variadic, which
 * Swift cannot call, so each option type has its own typed function. */

/* Loads libcurl once (thread-safe) and initialises it. Returns 0, or -1 with a message in `error`. */
int kw_curl_load(char *error, size_t capacity);

typedef size_t (*kw_curl_data_callback)(char *data, size_t size, size_t count, void *context);

CURL *kw_curl_easy_init(void);
void kw_curl_easy_cleanup(CURL *handle);
CURLcode kw_curl_easy_perform(CURL *handle);
CURLcode kw_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode kw_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode kw_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode kw_curl_setopt_list(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode kw_curl_setopt_callback(CURL *handle, CURLoption option, kw_curl_data_callback value);
long kw_curl_response_code(CURL *handle);
const char *kw_curl_strerror(CURLcode code);
struct curl_slist *kw_curl_slist_append(struct curl_slist *list, const char *value);
void kw_curl_slist_free_all(struct curl_slist *list);

#endif
