# src/core/roles.mk: this area's tests and man pages, included by Makefile.am.
SH_TESTS += tests/roles_accounts.sh tests/roles_restricted.sh \
	tests/roles_lockout.sh tests/roles_audit.sh tests/roles_tui.sh \
	tests/roles_sync.sh
check_PROGRAMS += tests/roles_core
tests_roles_core_SOURCES = tests/roles_core.c tests/tap.h
tests_roles_core_LDADD = $(CORE_LIBS)
TESTS += tests/roles_core
# Errors carry their cause (disabled, wiped, tampered...) as a code.
check_PROGRAMS += tests/store_errors
tests_store_errors_SOURCES = tests/store_errors.c tests/tap.h
tests_store_errors_LDADD = $(CORE_LIBS)
TESTS += tests/store_errors
# The store file rewritten without a passphrase: every change is noticed.
check_PROGRAMS += tests/store_tamper
tests_store_tamper_SOURCES = tests/store_tamper.c tests/bundle_util.h \
	tests/tap.h
tests_store_tamper_LDADD = $(CORE_LIBS)
TESTS += tests/store_tamper
