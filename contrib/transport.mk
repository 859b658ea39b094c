# contrib/transport.mk: the SSH transport: push and pull script, NetworkManager hook, systemd timer.

# The script that carries bundles to the station and back over SSH.
bin_SCRIPTS = contrib/xunfang-sync-ssh
dist_man_MANS += man/xunfang-sync-ssh.1

# The user units (systemctl --user enable --now xunfang-sync.timer).
systemduserunitdir = $(prefix)/lib/systemd/user
systemduserunit_DATA = contrib/systemd/xunfang-sync.service \
	contrib/systemd/xunfang-sync.timer

# The NetworkManager hook and a settings example, for the administrator to
# copy into place (xunfang-sync-ssh(1) says where).
transportexamplesdir = $(docdir)/examples
transportexamples_SCRIPTS = contrib/networkmanager/90-xunfang
transportexamples_DATA = contrib/sync-ssh.example

SH_TESTS += tests/transport_ssh.sh tests/transport_hook.sh
