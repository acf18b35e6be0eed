#ifndef KEYWARDEN_CPCRE2_SHIM_H
#define KEYWARDEN_CPCRE2_SHIM_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* PCRE2_ZERO_TERMINATED and PCRE2_UNSET are macros Swift does not import as constants. */
static inline size_t kw_pcre2_unset(void) { return PCRE2_UNSET; }
#endif
