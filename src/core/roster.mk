# src/core/roster.mk: this area's sources, tests and man pages, included by Makefile.am.
