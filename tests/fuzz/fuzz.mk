# tests/fuzz/fuzz.mk: libFuzzer targets and their seed corpora.

