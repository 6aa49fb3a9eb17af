"""The lockdown signal: how ``huquq lockdown`` on one host reaches the processes of every host.

The marker ``HUQUQ_DATA_DIR/LOCKDOWN`` and the key file are per host; the database is what
every app server shares. So ``huquq lockdown`` also adds a ``LockdownSignal`` row, and every
process that holds keys compares, at most every ``keys.SIGNAL_CHECK_INTERVAL_SECONDS``, the
newest row's token with the one its host's key file was written under (``huquq unlock`` and
``huquq keys import`` write the newest token into the key file they install: that is how a
signal is superseded, one host at a time).

Why the signal is read on the caller's own database connection, and not on a connection of
its own or through the cache: a second connection per process would double the PostgreSQL
connections of every web worker, bot and task worker and need its own life cycle across
gunicorn's forks; the cache is a per-host file in the demo and Redis is optional, so it cannot
carry a signal between hosts by itself. On the same connection the read is one indexed
single-row query a second at most, it touches no personal field (so it never re-enters the
key check), and inside an atomic block it runs in a savepoint, so a failed read (connection
lost, table missing) rolls back only itself and leaves the caller's PostgreSQL transaction
usable. PostgreSQL's READ COMMITTED (Django's default) lets every statement see the newest
committed signal even inside a long transaction; on SQLite a write transaction holds the only
write lock, so no lockdown can commit while it lasts and the next check sees it.
"""

from django.db import connection, transaction


def newest_signal() -> str:
    """The token of the newest lockdown ("" if there was none); ``DatabaseError`` if unreadable."""
    from huquq.security.keymodels import LockdownSignal

    query = LockdownSignal.objects.order_by("-id").values_list("token", flat=True)[:1]
    if connection.in_atomic_block:
        with transaction.atomic():  # a savepoint: a failed read rolls back only itself
            tokens = list(query)
    else:
        tokens = list(query)  # autocommit: no transaction to open (SQLite would take its lock)
    return str(tokens[0]) if tokens else ""


def raise_signal() -> str:
    """Tell every host to lock down; returns the new signal's token."""
    from huquq.security.keymodels import LockdownSignal

    return str(LockdownSignal.objects.create().token)
