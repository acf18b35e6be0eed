#include "gzip_size.h"

#include <stdlib.h>
#include <zlib.h>

struct kw_gzip_size {
    z_stream stream;
    uint64_t compressed;
    int finished;
    unsigned char out[1 << 16];
};

kw_gzip_size *kw_gzip_size_new(int level) {
    kw_gzip_size *counter = calloc(1, sizeof *counter);
    if (counter == NULL) return NULL;
    // 15 + 16: a gzip header and trailer around the deflate stream.
    if (deflateInit2(&counter->stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(counter);
        return NULL;
    }
    return counter;
}

static int run(kw_gzip_size *counter, int flush) {
    int status;
    do {
        counter->stream.next_out = counter->out;
        counter->stream.avail_out = sizeof counter->out;
        status = deflate(&counter->stream, flush);
        if (status == Z_STREAM_ERROR) return -1;
        counter->compressed += sizeof counter->out - counter->stream.avail_out;
    } while (counter->stream.avail_out == 0);
    return 0;
}

int kw_gzip_size_add(kw_gzip_size *counter, const void *bytes, size_t length) {
    if (counter->finished) return -1;
    const unsigned char *next = bytes;
    while (length > 0) {
        uInt chunk = length > (1u << 30) ? (1u << 30) : (uInt)length;
        counter->stream.next_in = (unsigned char *)next;
        counter->stream.avail_in = chunk;
        if (run(counter, Z_NO_FLUSH) != 0) return -1;
        next += chunk;
        length -= chunk;
    }
    return 0;
}

uint64_t kw_gzip_size_finish(kw_gzip_size *counter) {
    if (!counter->finished) {
        counter->stream.next_in = NULL;
        counter->stream.avail_in = 0;
        run(counter, Z_FINISH);
        counter->finished = 1;
    }
    return counter->compressed;
}

void kw_gzip_size_free(kw_gzip_size *counter) {
    if (counter == NULL) return;
    deflateEnd(&counter->stream);
    free(counter);
}
