#ifndef KEYWARDEN_CVECTORSCAN_SHIM_H
#define KEYWARDEN_CVECTORSCAN_SHIM_H
#include <hs/hs.h>
#endif
