#ifndef VERNIER_ALLOCATION_COUNTER_H
#define VERNIER_ALLOCATION_COUNTER_H

/// The number of heap allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign) made by
/// every thread of the process since it started, or 0 where counting is unavailable (not glibc).
unsigned long long vernier_allocation_count(void);

/// 1 when the process's allocations are counted (glibc on Linux), 0 otherwise.
int vernier_allocation_counting_available(void);

#endif
