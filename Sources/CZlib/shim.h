#ifndef VERNIER_CZLIB_SHIM_H
#define VERNIER_CZLIB_SHIM_H
#include <zlib.h>
#endif
