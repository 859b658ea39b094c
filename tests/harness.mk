# tests/harness.mk: crash, full-disk, tamper and memory suites.


# An LD_PRELOAD shim that kills a process at a chosen file-changing call or
# makes a folder's disk full; built for the tests only, without the
# sanitizers (it must load before them), never installed.
check_DATA = tests/faultio.so
tests/faultio.so: $(srcdir)/tests/faultio.c
	$(MKDIR_P) tests
	$(CC) -shared -fPIC -Wall -Wextra $(CFLAGS) -o $@ \
	    $(srcdir)/tests/faultio.c -ldl
CLEANFILES += tests/faultio.so
EXTRA_DIST += tests/faultio.c

SH_TESTS += tests/crash_suite.sh tests/full_disk.sh

check_PROGRAMS += tests/tamper_suite
tests_tamper_suite_SOURCES = tests/tamper_suite.c tests/bundle_util.h \
	tests/tap.h
tests_tamper_suite_LDADD = $(CORE_LIBS)
TESTS += tests/tamper_suite
