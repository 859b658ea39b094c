# tests/fuzz/fuzz.mk: libFuzzer targets and their seed corpora.
# Configure with --enable-fuzzing CC=clang; `make fuzz-smoke` runs each
# target for a minute on a copy of its corpus.

FUZZ_TARGETS = tests/fuzz/fuzz_bundle tests/fuzz/fuzz_qrframe \
	tests/fuzz/fuzz_record tests/fuzz/fuzz_fields
FUZZ_LINK = $(AM_LDFLAGS) -fsanitize=fuzzer

if FUZZING
check_PROGRAMS += $(FUZZ_TARGETS)
endif
tests_fuzz_fuzz_bundle_SOURCES = tests/fuzz/fuzz_bundle.c tests/bundle_util.h
tests_fuzz_fuzz_bundle_LDADD = $(CORE_LIBS)
tests_fuzz_fuzz_bundle_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_qrframe_SOURCES = tests/fuzz/fuzz_qrframe.c
tests_fuzz_fuzz_qrframe_LDADD = $(CORE_LIBS)
tests_fuzz_fuzz_qrframe_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_record_SOURCES = tests/fuzz/fuzz_record.c
tests_fuzz_fuzz_record_LDADD = $(CORE_LIBS)
tests_fuzz_fuzz_record_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_fields_SOURCES = tests/fuzz/fuzz_fields.c
tests_fuzz_fuzz_fields_LDADD = $(CORE_LIBS)
tests_fuzz_fuzz_fields_LDFLAGS = $(FUZZ_LINK)

EXTRA_DIST += tests/fuzz/smoke.sh tests/fuzz/corpus

FUZZ_SECONDS = 60

# Each target for FUZZ_SECONDS on a copy of its corpus; fails on a crash.
fuzz-smoke:
if FUZZING
	@$(MAKE) $(AM_MAKEFLAGS) $(FUZZ_TARGETS)
	@$(SHELL) $(srcdir)/tests/fuzz/smoke.sh $(srcdir)/tests/fuzz/corpus \
	    tests/tmp/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)
else
	@echo "fuzz-smoke: this build has no fuzz targets; configure a"
	@echo "separate build with: ./configure --enable-fuzzing CC=clang"
	@exit 1
endif

.PHONY: fuzz-smoke

# What the targets found, as tests of the normal suite.
check_PROGRAMS += tests/fuzz_regress
tests_fuzz_regress_SOURCES = tests/fuzz_regress.c tests/tap.h
tests_fuzz_regress_LDADD = $(CORE_LIBS)
TESTS += tests/fuzz_regress
