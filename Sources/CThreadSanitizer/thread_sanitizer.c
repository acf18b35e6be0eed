#include "thread_sanitizer.h"

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define KEYWARDEN_TSAN 1
#endif
#endif

#ifdef KEYWARDEN_TSAN
void __tsan_acquire(void *address);
void __tsan_release(void *address);

void kw_tsan_acquire(void *address) { __tsan_acquire(address); }
void kw_tsan_release(void *address) { __tsan_release(address); }
#else
void kw_tsan_acquire(void *address) { (void)address; }
void kw_tsan_release(void *address) { (void)address; }
#endif
