// Counts heap allocations for `vernier bench training` (allocations_per_step).
//
// On glibc, the executable that links this file replaces the C allocator's public entry points (glibc documents
// this as "Replacing malloc"; symbols of the executable take precedence over libc's for every shared library).
// Each replacement bumps one relaxed atomic counter and forwards to glibc's own allocator through its exported
// __libc_* entry points, so memory is still managed by glibc and `free` stays consistent with every allocation
// path. Elsewhere nothing is replaced and the count stays 0.
#include "AllocationCounter.h"

#if defined(__linux__)
#include <features.h>  // defines __GLIBC__ on glibc
#endif

#if defined(__linux__) && defined(__GLIBC__)
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void __libc_free(void *pointer);
extern void *__libc_memalign(size_t alignment, size_t size);

static _Atomic unsigned long long allocationCount;

static inline void countOne(void) { atomic_fetch_add_explicit(&allocationCount, 1, memory_order_relaxed); }

void *malloc(size_t size) {
    countOne();
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    countOne();
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    countOne();
    return __libc_realloc(pointer, size);
}

void free(void *pointer) { __libc_free(pointer); }

int posix_memalign(void **result, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
    countOne();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *result = pointer;
    return 0;
}

void *aligned_alloc(size_t alignment, size_t size) {
    countOne();
    return __libc_memalign(alignment, size);
}

void *memalign(size_t alignment, size_t size) {
    countOne();
    return __libc_memalign(alignment, size);
}

unsigned long long vernier_allocation_count(void) {
    return atomic_load_explicit(&allocationCount, memory_order_relaxed);
}

int vernier_allocation_counting_available(void) { return 1; }

#else

unsigned long long vernier_allocation_count(void) { return 0; }

int vernier_allocation_counting_available(void) { return 0; }

#endif
