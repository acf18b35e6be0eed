/* Declarations only: see include/fuzzing.h. SwiftPM needs one source file per C target. */
#include "fuzzing.h"
