#ifndef VERNIER_CPOSTGRESQL_SHIM_H
#define VERNIER_CPOSTGRESQL_SHIM_H
#include <libpq-fe.h>
#endif
