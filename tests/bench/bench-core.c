#include "config.h"
#include "bench.h"
void bench_core(const char *dir) { (void)dir; }
