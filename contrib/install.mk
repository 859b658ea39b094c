# contrib/install.mk: installation: completion, example config, Debian package.

