#ifndef KEYWARDEN_CTHREADSANITIZER_H
#define KEYWARDEN_CTHREADSANITIZER_H

/* Tells ThreadSanitizer about a hand-over it cannot see: acquire after taking a lock, release before
 * giving it up, on the same address. Without -fsanitize=thread they do nothing. */
void kw_tsan_acquire(void *address);
void kw_tsan_release(void *address);

#endif
