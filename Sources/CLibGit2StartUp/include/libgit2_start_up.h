#ifndef KEYWARDEN_CLIBGIT2STARTUP_H
#define KEYWARDEN_CLIBGIT2STARTUP_H

/* Starts libgit2's initialisation, with keywarden's settings, on a thread of its own, unless it has
 * started already. A program that calls this calls kw_libgit2_end_start_up before it exits. */
void kw_libgit2_start_initialising(void);

/* If kw_libgit2_start_initialising started a thread: waits until it has ended (joined). Otherwise
 * returns at once, initialising nothing. */
void kw_libgit2_end_start_up(void);

/* Waits until libgit2's initialisation has ended (doing it on the calling thread if nothing started it)
 * and the thread that did it, if any, has exited; returns git_libgit2_init's result: negative on
 * failure. Safe to call from any thread, any number of times. */
int kw_libgit2_wait_until_initialised(void);

#endif
