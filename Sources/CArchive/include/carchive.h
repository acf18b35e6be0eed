#ifndef KEYWARDEN_CARCHIVE_H
#define KEYWARDEN_CARCHIVE_H
#include <stddef.h>
#include <archive.h>
#include <archive_entry.h>

/* libarchive, loaded the first time a scan meets an archive or compressed file: linked, it would make
 * every start-up (every hook run) load ten more shared libraries (libxml2 and ICU among them), about
 * 4 ms of a pre-commit hook's 30. The entry points below call through the loaded library. */

/* Loads libarchive once (thread-safe). Returns 0, or -1 with a message in `error`. */
int kw_archive_load(char *error, size_t capacity);

struct archive *kw_archive_read_new(void);
int kw_archive_read_free(struct archive *archive);
int kw_archive_read_support_filter_all(struct archive *archive);
int kw_archive_read_support_format_all(struct archive *archive);
int kw_archive_read_support_format_raw(struct archive *archive);
int kw_archive_read_open_memory(struct archive *archive, const void *buffer, size_t size);
/// Reads from an open file descriptor, which stays open (the caller closes it).
int kw_archive_read_open_fd(struct archive *archive, int descriptor, size_t block_size);
int kw_archive_read_next_header(struct archive *archive, struct archive_entry **entry);
la_ssize_t kw_archive_read_data(struct archive *archive, void *buffer, size_t size);
int kw_archive_read_data_skip(struct archive *archive);
const char *kw_archive_error_string(struct archive *archive);
unsigned int kw_archive_entry_filetype(struct archive_entry *entry);
const char *kw_archive_entry_pathname(struct archive_entry *entry);
const char *kw_archive_entry_pathname_utf8(struct archive_entry *entry);
/* AE_IFREG, a macro of an octal constant that Swift does not import. */
unsigned int kw_archive_regular_file(void);

#endif
