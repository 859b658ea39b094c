# contrib/transport.mk: the SSH transport: push and pull script, NetworkManager hook, systemd timer.

