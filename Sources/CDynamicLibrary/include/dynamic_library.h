#ifndef KEYWARDEN_DYNAMIC_LIBRARY_H
#define KEYWARDEN_DYNAMIC_LIBRARY_H
#include <stddef.h>

/* Loading a C library at run time (libcurl on --verify, libarchive on the first archive), so that
 * linking it does not make every start-up load its shared libraries. */

/* The first of `names` that dlopen loads; NULL, with "`missing`: <dlerror>" in `error`, when none does. */
void *kw_library_open(const char *const *names, size_t count, const char *missing, char *error, size_t capacity);

/* `name` in `library`; NULL when it lacks it, and then, unless `error` already holds a message,
 * "`library_name` lacks `name`" in `error`. */
void *kw_library_symbol(void *library, const char *name, const char *library_name, char *error, size_t capacity);

#endif
