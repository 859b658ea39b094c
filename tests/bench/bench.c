/*
 * make bench: every figure is a ratio against a baseline measured in the
 * same run, printed as "figure NAME VALUE".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

/* Print one figure line on stdout, and what it measured on stderr. */
void
bench_figure(const char *name, double value, const char *note)
{
	printf("figure %s %.3f\n", name, value);
	fflush(stdout);
	if (note != NULL)
		fprintf(stderr, "  %s: %s\n", name, note);
}

/* Monotonic seconds. */
double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Peak resident memory of this process in MiB. */
double
bench_peak_rss_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

/* A new unlocked store with a fast key derivation; aborts on failure. */
struct store *
bench_store(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s.db", dir, name);
	struct store_create_args a = {
		.path = path, .role = ROLE_DEVICE, .name = name,
		.user = "bench", .pass = "bench-passphrase", .passlen = 16,
		.kdf = {1, 8},
	};
	struct store *st;
	struct xf_err err;

	if (store_create(&a, &err) != 0 || store_open(path, &st, &err) != 0 ||
	    store_unlock(st, "bench", "bench-passphrase", 16, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		abort();
	}
	free(path);
	return st;
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/xf-bench.XXXXXX";
	char *cmd;
	int rc;

	(void)argc;
	(void)argv;
	setenv("TZ", "Asia/Shanghai", 1);
	if (vault_init(NULL) != 0 || mkdtemp(dir) == NULL) {
		fprintf(stderr, "bench: cannot start\n");
		return 1;
	}
	bench_core(dir);
	bench_roster(dir);
	bench_demo(dir);
	bench_sync(dir);
	bench_qr(dir);
	bench_tui(dir);
	bench_roles(dir);
	cmd = xasprintf("rm -rf '%s'", dir);
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : 1;
}
