#ifndef VERNIER_CSQLITE_SHIM_H
#define VERNIER_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
