#ifndef KEYWARDEN_GZIP_SIZE_H
#define KEYWARDEN_GZIP_SIZE_H

#include <stddef.h>
#include <stdint.h>

/// Counts how many bytes a document takes gzip-compressed (zlib's default level, as the tools
/// that upload SARIF to GitHub compress it), without keeping the compressed bytes.
typedef struct kw_gzip_size kw_gzip_size;

/// A new counter; NULL when zlib cannot start (out of memory).
kw_gzip_size *kw_gzip_size_new(void);
/// Compresses `length` bytes more; returns 0, or -1 when zlib failed.
int kw_gzip_size_add(kw_gzip_size *counter, const void *bytes, size_t length);
/// Ends the stream and returns the compressed size so far (header and trailer included).
uint64_t kw_gzip_size_finish(kw_gzip_size *counter);
void kw_gzip_size_free(kw_gzip_size *counter);

#endif
