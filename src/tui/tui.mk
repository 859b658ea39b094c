# src/tui/tui.mk: this area's sources, tests and man pages, included by Makefile.am.
