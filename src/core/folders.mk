# src/core/folders.mk: sync through outbox and inbox folders, and the station's watch.

# The core: folder layout, lock, import/export per file; watching a folder.
src_core_libxfcore_a_SOURCES += \
	src/core/dirfd.h src/core/dirfd.c \
	src/core/folders.h src/core/folders.c \
	src/core/watch.h src/core/watch.c

# The commands, and the sync screen's folder part.
src_xunfang_SOURCES += src/cmd-sync.c src/cmd-watch.c
src_tui_libxftui_a_SOURCES += src/tui/folders.c

SH_TESTS += tests/folders_sync.sh tests/folders_watch.sh tests/folders_tui.sh \
	tests/folders_links.sh

tests_bench_xf_bench_SOURCES += tests/bench/bench-folders.c
