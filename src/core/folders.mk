# src/core/folders.mk: sync through outbox and inbox folders, and the station's watch.

