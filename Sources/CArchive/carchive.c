#include "carchive.h"

#include "dynamic_library.h"
#include <pthread.h>
#include <stdio.h>

static struct {
    struct archive *(*read_new)(void);
    int (*read_free)(struct archive *);
    int (*support_filter_all)(struct archive *);
    int (*support_format_all)(struct archive *);
    int (*support_format_raw)(struct archive *);
    int (*open_memory)(struct archive *, const void *, size_t);
    int (*open_fd)(struct archive *, int, size_t);
    int (*next_header)(struct archive *, struct archive_entry **);
    la_ssize_t (*read_data)(struct archive *, void *, size_t);
    int (*data_skip)(struct archive *);
    const char *(*error_string)(struct archive *);
    __LA_MODE_T (*entry_filetype)(struct archive_entry *);
    const char *(*entry_pathname)(struct archive_entry *);
    const char *(*entry_pathname_utf8)(struct archive_entry *);
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];

static void *resolve(void *library, const char *name) {
    return kw_library_symbol(library, name, "libarchive", load_error, sizeof load_error);
}

static void load(void) {
    const char *names[] = {"libarchive.so.13", "libarchive.13.dylib", "libarchive.so"};
    void *library = kw_library_open(
        names, sizeof names / sizeof names[0], "libarchive is not installed (Debian: apt install libarchive13)", load_error, sizeof load_error);
    if (library == NULL) return;
    *(void **)&api.read_new = resolve(library, "archive_read_new");
    *(void **)&api.read_free = resolve(library, "archive_read_free");
    *(void **)&api.support_filter_all = resolve(library, "archive_read_support_filter_all");
    *(void **)&api.support_format_all = resolve(library, "archive_read_support_format_all");
    *(void **)&api.support_format_raw = resolve(library, "archive_read_support_format_raw");
    *(void **)&api.open_memory = resolve(library, "archive_read_open_memory");
    *(void **)&api.open_fd = resolve(library, "archive_read_open_fd");
    *(void **)&api.next_header = resolve(library, "archive_read_next_header");
    *(void **)&api.read_data = resolve(library, "archive_read_data");
    *(void **)&api.data_skip = resolve(library, "archive_read_data_skip");
    *(void **)&api.error_string = resolve(library, "archive_error_string");
    *(void **)&api.entry_filetype = resolve(library, "archive_entry_filetype");
    *(void **)&api.entry_pathname = resolve(library, "archive_entry_pathname");
    *(void **)&api.entry_pathname_utf8 = resolve(library, "archive_entry_pathname_utf8");
}

int kw_archive_load(char *error, size_t capacity) {
    pthread_once(&load_once, load);
    if (load_error[0] == 0) return 0;
    if (capacity > 0) snprintf(error, capacity, "%s", load_error);
    return -1;
}

struct archive *kw_archive_read_new(void) { return api.read_new(); }
int kw_archive_read_free(struct archive *archive) { return api.read_free(archive); }
int kw_archive_read_support_filter_all(struct archive *archive) { return api.support_filter_all(archive); }
int kw_archive_read_support_format_all(struct archive *archive) { return api.support_format_all(archive); }
int kw_archive_read_support_format_raw(struct archive *archive) { return api.support_format_raw(archive); }
int kw_archive_read_open_memory(struct archive *archive, const void *buffer, size_t size) {
    return api.open_memory(archive, buffer, size);
}
int kw_archive_read_open_fd(struct archive *archive, int descriptor, size_t block_size) {
    return api.open_fd(archive, descriptor, block_size);
}
int kw_archive_read_next_header(struct archive *archive, struct archive_entry **entry) {
    return api.next_header(archive, entry);
}
la_ssize_t kw_archive_read_data(struct archive *archive, void *buffer, size_t size) {
    return api.read_data(archive, buffer, size);
}
int kw_archive_read_data_skip(struct archive *archive) { return api.data_skip(archive); }
const char *kw_archive_error_string(struct archive *archive) { return api.error_string(archive); }
unsigned int kw_archive_entry_filetype(struct archive_entry *entry) { return (unsigned int)api.entry_filetype(entry); }
const char *kw_archive_entry_pathname(struct archive_entry *entry) { return api.entry_pathname(entry); }
const char *kw_archive_entry_pathname_utf8(struct archive_entry *entry) { return api.entry_pathname_utf8(entry); }
unsigned int kw_archive_regular_file(void) { return AE_IFREG; }
