"""The team hub on PostgreSQL: leads publish, every agent receives, agents cannot change it.

- ``schema``: ``hub init`` (schema, roles, grants, migrations) and ``hub add-user``
- ``connection``: the hub URL/user in settings, the OS keyring, TLS rule
- ``passwords``: where the password is kept (OS keyring, encrypted file, or nowhere: asked for)
- ``pull`` / ``publish``: receiving and publishing the team library and products
- ``client``: ``HubClient`` (status, sync, publish) and ``connect_machine`` for the app and CLI
- ``listener``: ``HubListener``, the LISTEN/NOTIFY + poll background thread
- ``errors``: ``HubError`` and friends, with messages that never contain the password

No Qt here; the app wires the listener's callbacks to queued signals.
"""
