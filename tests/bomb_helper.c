/* Test helper: write a bundle of tests/bomb.h, signed by a device's real
 * key to its station, for the shell tests of the bundle limits.
 * usage: bomb_helper DEVICE_DB STATION_DB PASSFILE KIND N OUT
 * KIND: versions, revoked, inflate or body. */
#include "config.h"

#include "bomb.h"

/* The bomb named on the command line, or -1. */
static int
kind_arg(const char *s)
{
	static const char *const names[] = {"versions", "revoked", "inflate",
	    "body"};

	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int
main(int argc, char **argv)
{
	struct store *dev, *st;
	struct buf out = {0};
	struct xf_err err;
	char pass[256];
	FILE *f;
	int kind;

	if (argc != 7 || (kind = kind_arg(argv[4])) < 0 ||
	    vault_init(&err) != 0 || (f = fopen(argv[3], "r")) == NULL ||
	    fgets(pass, sizeof pass, f) == NULL)
		return 2;
	fclose(f);
	pass[strcspn(pass, "\n")] = '\0';
	if ((dev = fx_open(argv[1], NULL, pass, &err)) == NULL ||
	    (st = fx_open(argv[2], NULL, pass, &err)) == NULL) {
		fprintf(stderr, "bomb_helper: %s\n", err.msg);
		return 1;
	}
	bomb_build(dev, st, (enum bomb_kind)kind, (size_t)atol(argv[5]),
	    &out);
	if (file_write_atomic(argv[6], out.data, out.len, 0600, &err) != 0) {
		fprintf(stderr, "bomb_helper: %s\n", err.msg);
		return 1;
	}
	buf_free(&out);
	store_close(dev);
	store_close(st);
	return 0;
}
