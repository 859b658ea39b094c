# src/core/roles.mk: this area's sources, tests and man pages, included by Makefile.am.
src_core_libxfcore_a_SOURCES += src/core/audit.h src/core/audit.c
