# src/core/roles.mk: this area's sources, tests and man pages, included by Makefile.am.
src_core_libxfcore_a_SOURCES += src/core/audit.h src/core/audit.c
src_xunfang_SOURCES += src/cmd-user.c src/cmd-audit.c
SH_TESTS += tests/roles_accounts.sh tests/roles_restricted.sh \
	tests/roles_lockout.sh tests/audit_verify.sh tests/roles_tui.sh \
	tests/roles_sync.sh
check_PROGRAMS += tests/roles_core
tests_roles_core_SOURCES = tests/roles_core.c tests/tap.h
tests_roles_core_LDADD = $(CORE_LIBS)
TESTS += tests/roles_core
# Errors carry their cause (disabled, wiped, tampered...) as a code.
check_PROGRAMS += tests/err_codes
tests_err_codes_SOURCES = tests/err_codes.c tests/tap.h
tests_err_codes_LDADD = $(CORE_LIBS)
TESTS += tests/err_codes
tests_bench_xf_bench_SOURCES += tests/bench/bench-roles.c
# The store file rewritten without a passphrase: every change is noticed.
check_PROGRAMS += tests/store_tamper
tests_store_tamper_SOURCES = tests/store_tamper.c tests/bundle_util.h \
	tests/tap.h
tests_store_tamper_LDADD = $(CORE_LIBS)
TESTS += tests/store_tamper
