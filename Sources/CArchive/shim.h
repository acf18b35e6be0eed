#ifndef KEYWARDEN_CARCHIVE_SHIM_H
#define KEYWARDEN_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>

/* AE_IFREG is a macro of an octal constant that Swift does not import. */
static inline unsigned int kw_archive_regular_file(void) { return AE_IFREG; }
#endif
