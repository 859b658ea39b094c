/*
 * The C tests' one way to make a store and to open one: create it with a
 * first account, open it, unlock it. Test stores use the cheapest KDF
 * (fx_kdf) so that a test makes many in a second.
 */
#ifndef STORE_FIXTURE_H
#define STORE_FIXTURE_H

#include <string.h>

#include "core/store.h"

/* The KDF cost of every test store and account: one pass over 8 MiB. */
static const struct kdf_params fx_kdf __attribute__((unused)) = {1, 8};

/* Open the store at path and unlock it as user (NULL: the store's first
 * account) with pass: the store, or NULL with err set and nothing open. */
static __attribute__((unused)) struct store *
fx_open(const char *path, const char *user, const char *pass,
    struct xf_err *err)
{
	struct store *st = NULL;

	if (store_open(path, &st, err) != 0)
		return NULL;
	if (store_unlock(st, user, pass, strlen(pass), err) != 0) {
		store_close(st);
		return NULL;
	}
	return st;
}

/* Create a store at path (role ROLE_DEVICE or ROLE_STATION, the device's
 * or station's name) whose first account user has passphrase pass, with
 * the demo flag; 0, or -1 with err set. */
static __attribute__((unused)) int
fx_create(const char *path, int role, const char *name, const char *user,
    const char *pass, int demo, struct xf_err *err)
{
	struct store_create_args a = {
		.path = path, .role = role, .name = name, .user = user,
		.pass = pass, .passlen = strlen(pass), .kdf = fx_kdf,
		.demo = demo,
	};

	return store_create(&a, err) != 0 ? -1 : 0;
}

/* Create a store as fx_create does (no demo flag), then open and unlock
 * it as its first account: the store, or NULL with err set. */
static __attribute__((unused)) struct store *
fx_new(const char *path, int role, const char *name, const char *user,
    const char *pass, struct xf_err *err)
{
	if (fx_create(path, role, name, user, pass, 0, err) != 0)
		return NULL;
	return fx_open(path, user, pass, err);
}

#endif
