#ifndef VERNIER_CBLAS_SHIM_H
#define VERNIER_CBLAS_SHIM_H
/* OpenBLAS's cblas.h also declares openblas_set_num_threads / openblas_get_num_threads. */
#include <cblas.h>
#endif
