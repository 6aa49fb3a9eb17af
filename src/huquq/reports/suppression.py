"""Small-cell suppression for public reports, so that no small count can be recovered.

A public report publishes a headline total (``requests``), a few tables whose cells sum to it,
and tables with a total of their own. Each published count must be 0, at least ``k``, or
hidden: ``"<K"`` for a true count in 1..k-1 (a *small* cell), ``"suppressed"`` for a count of
at least ``k`` hidden only to protect a small one (a *complementary* cell).

The argument. A reader knows every published figure, the labels (so a ``"<K"`` cell lies in
[1, k-1] and a ``"suppressed"`` one in [k, inf)) and, for each table, the linear constraint on
its cells: they sum exactly to the table's total (a partition, e.g. requests by urgency), or
at least to it (``by_category``: every request has a label, some have several). With only box
bounds and one such constraint per table, the set of values a hidden cell can take is an
interval, [max(lo_i, S - sum of the others' hi), min(hi_i, S - sum of the others' lo)] where S
is the table's total minus its published cells. A cell is *pinned* when that interval holds a
single value: then it is recovered by subtraction. The algorithm hides more until no hidden
cell is pinned:

1. primary suppression: every count in 1..k-1 is hidden as ``"<K"``;
2. a table whose total is itself small is hidden whole, zeros included (every cell is at most
   the total, so all of them would be small anyway, and published zeros would pin the rest);
3. in a table with a known total, while a hidden cell is pinned, the next-smallest published
   non-zero cell is hidden too (the cheapest complement); when none is left, the table's
   published zeros are hidden (so a ``"<K"`` there may be 0 as well, widening every interval);
   when even that does not help, the total is hidden;
4. a total that is hidden but not small (``"suppressed"``) must not be recoverable from any
   table that sums to it: each such table keeps at least one hidden cell that has no upper
   bound, hiding its smallest non-zero cell when it has none.

Steps 3 and 4 run to a fixpoint over every table that shares a total, so a hidden total is
never undone by another table of the same report. Tables that share no total share no
unknowns (each cell belongs to one table), so their intervals are independent. Totals that a
report does not print (cases closed, the sum of ``outcomes``) are treated as if they were
printed: that is the cautious assumption, since a reader may know them from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SUPPRESSED = "suppressed"
INFINITY = float("inf")


def small_label(k: int) -> str:
    return f"<{k}"


@dataclass
class Table:
    """Cells that sum to the total named ``total`` (exactly, or at least when ``covering``)."""

    cells: dict[str, int]
    total: str
    covering: bool = False
    hidden: set[str] = field(default_factory=set)
    zeros_hidden: bool = False

    def published_sum(self) -> int:
        return sum(value for key, value in self.cells.items() if key not in self.hidden)


@dataclass
class Suppressed:
    """The outcome: each total and table cell as an int or a label."""

    totals: dict[str, int | str]
    tables: dict[str, dict[str, int | str]]
    suppressed: bool


def suppress(
    *, totals: dict[str, int], tables: dict[str, Table], published_totals: set[str], k: int
) -> Suppressed:
    """Hide counts so that every published one is 0 or at least ``k`` and none is recoverable.

    ``totals`` holds every total a table refers to; only those in ``published_totals`` are
    printed, the others are treated as known to the reader all the same.
    """
    if k < 2:
        raise ValueError("k must be at least 2")
    hidden_totals = {name for name, value in totals.items() if 0 < value < k}
    for table in tables.values():
        table.hidden = {key for key, value in table.cells.items() if 0 < value < k}
    for table in tables.values():
        if table.total in hidden_totals and totals[table.total] < k:
            table.hidden = set(table.cells)
            table.zeros_hidden = True
    changed = True
    while changed:
        changed = False
        for table in tables.values():
            if table.total in hidden_totals:
                changed |= _keep_total_hidden(table, k)
            elif _protect(table, totals[table.total], k):
                changed = True
                if _any_pinned(table, totals[table.total], k):
                    hidden_totals.add(table.total)
    return _publish(totals, tables, published_totals, hidden_totals, k)


def _protect(table: Table, total: int, k: int) -> bool:
    """Widen the hidden set of a table with a known total until no hidden cell is pinned."""
    changed = False
    while _any_pinned(table, total, k):
        candidates = sorted(
            (value, key)
            for key, value in table.cells.items()
            if key not in table.hidden and value > 0
        )
        if candidates:
            table.hidden.add(candidates[0][1])
        elif not table.zeros_hidden and len(table.hidden) < len(table.cells):
            table.hidden = set(table.cells)
            table.zeros_hidden = True
        else:
            return True  # nothing left to hide in the table: the caller hides the total
        changed = True
    return changed


def _keep_total_hidden(table: Table, k: int) -> bool:
    """A hidden total stays hidden only if this table has a hidden cell without upper bound."""
    if any(table.cells[key] >= k for key in table.hidden) or table.zeros_hidden:
        return False
    candidates = sorted(
        (value, key) for key, value in table.cells.items() if key not in table.hidden and value
    )
    if not candidates:
        # Every non-zero cell is already small and hidden: the total is at most their count
        # times k-1, which is what "<K" cells already allow; hide the zeros to be safe.
        if len(table.hidden) < len(table.cells):
            table.hidden = set(table.cells)
            table.zeros_hidden = True
            return True
        return False
    table.hidden.add(candidates[0][1])
    return True


def bounds(value: int, k: int, zeros_hidden: bool) -> tuple[float, float]:
    """What a reader knows of a hidden cell from its label alone."""
    if value >= k:
        return k, INFINITY
    return (0 if zeros_hidden else 1), k - 1


def _any_pinned(table: Table, total: int, k: int) -> bool:
    hidden = sorted(table.hidden)
    if not hidden:
        return False
    box = [bounds(table.cells[key], k, table.zeros_hidden) for key in hidden]
    rest = total - table.published_sum()
    for index, (low, high) in enumerate(box):
        others_high = sum(b[1] for j, b in enumerate(box) if j != index)
        others_low = sum(b[0] for j, b in enumerate(box) if j != index)
        lowest = max(low, rest - others_high)
        highest = high if table.covering else min(high, rest - others_low)
        if highest <= lowest:
            return True
    return False


def _publish(totals, tables, published_totals, hidden_totals, k) -> Suppressed:
    label = small_label(k)

    def shown(value: int, hidden: bool) -> int | str:
        if not hidden:
            return value
        return SUPPRESSED if value >= k else label

    return Suppressed(
        totals={
            name: shown(value, name in hidden_totals)
            for name, value in totals.items()
            if name in published_totals
        },
        tables={
            name: {key: shown(value, key in table.hidden) for key, value in table.cells.items()}
            for name, table in tables.items()
        },
        suppressed=bool(
            (hidden_totals & published_totals) or any(t.hidden for t in tables.values())
        ),
    )
