#ifndef KEYWARDEN_CLIBGIT2_SHIM_H
#define KEYWARDEN_CLIBGIT2_SHIM_H
#include <git2.h>
#endif
