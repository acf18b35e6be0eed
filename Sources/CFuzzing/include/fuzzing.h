#ifndef KEYWARDEN_CFUZZING_H
#define KEYWARDEN_CFUZZING_H
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's driver, for a program that has its own main (SwiftPM gives every executable one).
 * Defined only when linked with -sanitize=fuzzer (`make fuzz`); referenced only under FUZZING. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
