# tests/harness.mk: crash, full-disk, tamper and memory suites.

