#ifndef KEYWARDEN_CLIBGIT2STARTUP_H
#define KEYWARDEN_CLIBGIT2STARTUP_H

/* libgit2's initialisation, begun on its own thread while the program loads (before Swift's `main`).
 *
 * Waits until it has finished (doing it on the calling thread if no thread could be started) and
 * returns git_libgit2_init's result: negative on failure. Safe to call from any thread, any number of
 * times. */
int kw_libgit2_wait_until_initialised(void);

#endif
