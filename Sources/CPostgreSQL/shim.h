#ifndef VERNIER_CPOSTGRESQL_SHIM_H
#define VERNIER_CPOSTGRESQL_SHIM_H
// Declarations only: nothing links libpq; VernierTunePostgres opens it with dlopen (LibPQ.swift).
#if __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#include <libpq-fe.h>
#endif
#endif
