# contrib/install.mk: installation: completion, example config, Debian package.

# The file format of the configuration file.
dist_man_MANS += man/xunfang.conf.5

# An example configuration, every setting commented out at its default.
xfexamplesdir = $(docdir)/examples
dist_xfexamples_DATA = contrib/config.example

# bash completion, installed under the command's name so that
# bash-completion loads it on demand.
bashcompletiondir = $(datadir)/bash-completion/completions

install-data-local: install-bash-completion
uninstall-local: uninstall-bash-completion

install-bash-completion:
	$(MKDIR_P) '$(DESTDIR)$(bashcompletiondir)'
	$(INSTALL_DATA) '$(srcdir)/contrib/xunfang.bash-completion' \
	    '$(DESTDIR)$(bashcompletiondir)/xunfang'

uninstall-bash-completion:
	rm -f '$(DESTDIR)$(bashcompletiondir)/xunfang'

# make deb: a binary Debian package built from the release tarball with
# the packaging in contrib/debian; the .deb is left in this directory. The
# test suite is not run again inside the package build (make check runs
# it); DEB_BUILD_OPTIONS from the environment are passed on.
DEB_WORK = deb-build
deb: dist
	@cv=$$(sed -n '1s/^xunfang (\([^-]*\)-.*/\1/p' \
	    '$(srcdir)/contrib/debian/changelog'); \
	if test "$$cv" != '$(VERSION)'; then \
	    echo "make deb: contrib/debian/changelog is for version $$cv," \
	        "the program is $(VERSION): add a changelog entry" >&2; \
	    exit 1; fi
	rm -rf $(DEB_WORK)
	$(MKDIR_P) $(DEB_WORK)
	tar -C $(DEB_WORK) -xzf $(distdir).tar.gz
	cp -R '$(srcdir)/contrib/debian' $(DEB_WORK)/$(distdir)/debian
	chmod +x $(DEB_WORK)/$(distdir)/debian/rules
	cd $(DEB_WORK)/$(distdir) && \
	    DEB_BUILD_OPTIONS="nocheck noddebs $${DEB_BUILD_OPTIONS-}" \
	    dpkg-buildpackage -b -us -uc -Pnocheck
	mv $(DEB_WORK)/xunfang_*.deb .
	rm -rf $(DEB_WORK)
	@ls -1 xunfang_$(VERSION)-*.deb

.PHONY: deb install-bash-completion uninstall-bash-completion
CLEANFILES += xunfang_*.deb $(DEB_WORK)

INSTALL_TESTS = \
	tests/install_destdir.sh \
	tests/install_config.sh \
	tests/install_version.sh \
	tests/install_completion.sh
SH_TESTS += $(INSTALL_TESTS)
