/* The benchmark program: each area adds figures through one function. */
#ifndef BENCH_H
#define BENCH_H

#include "core/bench.h"
#include "core/record.h"

/* Print "figure NAME VALUE" and a note on stderr. */
void bench_figure(const char *name, double value, const char *note);
double bench_now(void);
/* Peak resident set size of this process, in MiB. */
double bench_peak_rss_mb(void);
/* A fresh store in dir (fast KDF), unlocked; abort on failure. */
struct store *bench_store(const char *dir, const char *name);

void bench_core(const char *dir);
void bench_roster(const char *dir);
void bench_demo(const char *dir);
void bench_sync(const char *dir);
void bench_qr(const char *dir);
void bench_tui(const char *dir);
void bench_roles(const char *dir);
void bench_folders(const char *dir);
void bench_scale(const char *dir);
void bench_presence(const char *dir);
void bench_map(const char *dir);

#endif
