#include "libgit2_start_up.h"

#include <git2.h>
#include <pthread.h>

/* Why a thread of its own: Debian's libgit2 parses every system CA certificate while it initialises
 * (6-9 ms of CPU), and no git call may start before it ends. A pre-commit hook's whole run is about
 * 25 ms, so the command starts the initialisation first thing in `main` and parses its command line
 * meanwhile. keywarden never uses libgit2's network transports; it only has to wait for them.
 *
 * Why the wait before exiting (kw_libgit2_end_start_up): exit runs the cleanup handlers that libgit2's dependencies registered
 * while initialising (OpenSSL's); they must not run while that thread is still initialising, or still
 * exiting. Programs that never call kw_libgit2_start_initialising (tests, fuzzers, other users of the
 * library) initialise on first use, on the thread that first needs libgit2, and have nothing to wait
 * for. */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t finished = PTHREAD_COND_INITIALIZER;
static enum { NOT_STARTED, RUNNING, DONE } state = NOT_STARTED;
static int outcome;
/* The start-up thread, joined by the first wait after it is done: whoever waits before exiting knows
 * the thread has ended, its thread-exit handlers included. */
static pthread_t start_up_thread;
static int thread_to_join = 0;

/* The process-wide settings keywarden reads repositories with.
 *
 * Strict hash verification is off: Debian's libgit2 re-hashes every object it reads with
 * collision-detecting SHA-1, which doubles the cost of reading history, while zlib's checksum still
 * catches corrupt data.
 *
 * The object cache is off: the history walk reads each tree once, blobs are read once, and every
 * cached object cost a lock and memory (git/git: about 1 s and 100 MB less without it).
 *
 * Packs are mapped in 64 MiB windows, at most 256 MiB at a time. With libgit2's 64-bit defaults
 * (1 GiB windows, 8 GiB in all) a whole pack is one window that is never unmapped, and every page of it
 * ever read stays resident: git/git's history scan peaked at 631 MB, 196 MB of it the pack. Now
 * 504 MB, at the same speed. A mapped limit without smaller windows changes nothing; 32 MiB / 128 MiB
 * reaches 342 MB but costs a third more time. */
static int initialise(void) {
    int status = git_libgit2_init();
    if (status < 0) {
        return status;
    }
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)64 << 20);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)256 << 20);
    return status;
}

static void finish(int status) {
    pthread_mutex_lock(&lock);
    outcome = status;
    state = DONE;
    pthread_cond_broadcast(&finished);
    pthread_mutex_unlock(&lock);
}

static void *initialise_on_thread(void *unused) {
    (void)unused;
    finish(initialise());
    return NULL;
}

void kw_libgit2_start_initialising(void) {
    pthread_mutex_lock(&lock);
    if (state == NOT_STARTED && pthread_create(&start_up_thread, NULL, initialise_on_thread, NULL) == 0) {
        state = RUNNING;
        thread_to_join = 1;
    }
    pthread_mutex_unlock(&lock);
}

/* Waits, with the lock held, until the initialisation is done and its thread, if any, is joined. */
static void wait_locked(void) {
    while (state != DONE) {
        pthread_cond_wait(&finished, &lock);
    }
    if (thread_to_join) {
        /* The thread takes the lock no more once it is done: joining under it cannot deadlock. */
        pthread_join(start_up_thread, NULL);
        thread_to_join = 0;
    }
}

int kw_libgit2_wait_until_initialised(void) {
    pthread_mutex_lock(&lock);
    if (state == NOT_STARTED) {
        state = RUNNING;
        pthread_mutex_unlock(&lock);
        finish(initialise());
        pthread_mutex_lock(&lock);
    }
    wait_locked();
    int status = outcome;
    pthread_mutex_unlock(&lock);
    return status;
}

void kw_libgit2_end_start_up(void) {
    pthread_mutex_lock(&lock);
    if (state != NOT_STARTED) {
        wait_locked();
    }
    pthread_mutex_unlock(&lock);
}
