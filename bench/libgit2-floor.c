/*
 * libgit2-floor: how long libgit2 alone takes to read a list of objects once, the floor a history
 * scan through libgit2 is measured against (issue 3: "<= 1.3 x the time libgit2 alone needs to read
 * every blob once").
 *
 *   libgit2-floor REPOSITORY THREADS < IDS
 *
 * IDS: one 40-digit object id per line, read in the order given (bench/run.sh gives pack order).
 * Strict hash verification is off, as in keywarden; every other libgit2 setting is its default.
 * THREADS threads take ids from a shared cursor, each through its own repository handle and object
 * database: sharing one database is allowed (it is libgit2's one thread-safe handle) but its locking
 * halves the throughput (git/git, 165k blobs, 2 threads: 17.0 s shared, 9.2 s one each).
 * Prints objects, bytes and seconds (the reading only, not loading the list).
 */
#include <git2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *repository_path;
static git_oid *ids;
static size_t count;
static atomic_size_t cursor;
static atomic_ullong bytes_read;
static atomic_size_t failures;

static void *reader(void *unused) {
    (void)unused;
    unsigned char sink = 0;
    git_repository *repository;
    git_odb *database;
    if (git_repository_open(&repository, repository_path) != 0 || git_repository_odb(&database, repository) != 0) {
        fprintf(stderr, "cannot open %s: %s\n", repository_path, git_error_last() ? git_error_last()->message : "?");
        exit(2);
    }
    for (;;) {
        size_t index = atomic_fetch_add(&cursor, 1);
        if (index >= count) break;
        git_odb_object *object;
        if (git_odb_read(&object, database, &ids[index]) != 0) {
            atomic_fetch_add(&failures, 1);
            continue;
        }
        size_t size = git_odb_object_size(object);
        const unsigned char *data = git_odb_object_data(object);
        if (size > 0) sink ^= data[size - 1]; /* the bytes are really there */
        atomic_fetch_add(&bytes_read, size);
        git_odb_object_free(object);
    }
    git_odb_free(database);
    git_repository_free(repository);
    return (void *)(size_t)sink;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s REPOSITORY THREADS < IDS\n", argv[0]);
        return 64;
    }
    int threads = atoi(argv[2]);
    if (threads < 1 || threads > 64) {
        fprintf(stderr, "THREADS must be 1 to 64\n");
        return 64;
    }
    git_libgit2_init();
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    repository_path = argv[1];
    size_t capacity = 1 << 16;
    ids = malloc(capacity * sizeof *ids);
    char line[128];
    while (fgets(line, sizeof line, stdin)) {
        if (strlen(line) < 40) continue;
        if (count == capacity) ids = realloc(ids, (capacity *= 2) * sizeof *ids);
        if (git_oid_fromstrn(&ids[count], line, 40) == 0) count++;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pthread_t workers[64];
    for (int i = 0; i < threads; i++) pthread_create(&workers[i], NULL, reader, NULL);
    for (int i = 0; i < threads; i++) pthread_join(workers[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%zu objects %llu bytes %.2f s %zu failed\n", count, (unsigned long long)bytes_read, seconds,
           (size_t)failures);
    free(ids);
    git_libgit2_shutdown();
    return failures ? 2 : 0;
}
