"""Rewriting many rows while the server runs: short transactions, one batch each.

KEK rotation (``rotation.py``) and re-sealing (``resealing.py``) walk whole tables this way, so
readers and writers never wait long for the rows they touch and a crash loses one batch.
"""

from collections.abc import Callable

from django.db import models, transaction


def each_batch(
    rows: models.QuerySet,
    handle: Callable[[list], None],
    *,
    size: int,
    skip_locked: bool = False,
) -> None:
    """Call ``handle`` on the rows of ``rows``, ``size`` at a time, in primary-key order.

    Each batch is loaded with ``select_for_update`` and handled in a transaction of its own.
    Pages go by primary key, so a row that ``handle`` leaves matching the filter (a value it
    refused to change) is not read again. ``skip_locked``: rows another transaction holds are
    left for the next run rather than waited for (PostgreSQL; SQLite has one writer anyway).
    """
    after = None
    while True:
        page = rows.order_by("pk")
        if after is not None:
            page = page.filter(pk__gt=after)
        with transaction.atomic():
            batch = list(page.select_for_update(skip_locked=skip_locked)[:size])
            if batch:
                handle(batch)
        if len(batch) < size:
            return
        after = batch[-1].pk
