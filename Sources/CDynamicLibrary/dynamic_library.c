#include "dynamic_library.h"

#include <dlfcn.h>
#include <stdio.h>

void *kw_library_open(const char *const *names, size_t count, const char *missing, char *error, size_t capacity) {
    for (size_t index = 0; index < count; index++) {
        void *library = dlopen(names[index], RTLD_NOW | RTLD_LOCAL);
        if (library != NULL) return library;
    }
    if (capacity > 0) snprintf(error, capacity, "%s: %s", missing, dlerror());
    return NULL;
}

void *kw_library_symbol(void *library, const char *name, const char *library_name, char *error, size_t capacity) {
    void *symbol = dlsym(library, name);
    if (symbol == NULL && capacity > 0 && error[0] == 0) snprintf(error, capacity, "%s lacks %s", library_name, name);
    return symbol;
}
