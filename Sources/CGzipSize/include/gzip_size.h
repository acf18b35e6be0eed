#ifndef KEYWARDEN_GZIP_SIZE_H
#define KEYWARDEN_GZIP_SIZE_H

#include <stddef.h>
#include <stdint.h>

/// Counts how many bytes a document takes gzip-compressed, without keeping the compressed bytes.
typedef struct kw_gzip_size kw_gzip_size;

/// A new counter compressing at zlib's `level`: -1 for the default level (as the tools that upload
/// SARIF to GitHub compress it), 1 for the fastest (which compresses less); NULL when zlib cannot
/// start (out of memory).
kw_gzip_size *kw_gzip_size_new(int level);
/// Compresses `length` bytes more; returns 0, or -1 when zlib failed.
int kw_gzip_size_add(kw_gzip_size *counter, const void *bytes, size_t length);
/// Ends the stream and returns the compressed size so far (header and trailer included).
uint64_t kw_gzip_size_finish(kw_gzip_size *counter);
void kw_gzip_size_free(kw_gzip_size *counter);

#endif
