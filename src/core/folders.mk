# src/core/folders.mk: sync through outbox and inbox folders, and the station's watch.

SH_TESTS += tests/folders_sync.sh tests/folders_watch.sh tests/folders_tui.sh \
	tests/folders_links.sh
