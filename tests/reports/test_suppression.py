"""The suppression rule, on random tables: nothing small is shown or can be worked out."""

from hypothesis import given, settings
from hypothesis import strategies as st

from huquq.reports.suppression import SUPPRESSED, Table, small_label, suppress

counts = st.integers(min_value=0, max_value=30)
cells = st.dictionaries(st.sampled_from("abcdefgh"), counts, min_size=1, max_size=8)


def _publish(tables_cells: list[dict[str, int]], k: int, covering_cells: dict[str, int]):
    total = sum(tables_cells[0].values())
    # Every table partitions the same total, as requests by urgency, language and city do.
    partitions = [_rescale(table, total) for table in tables_cells]
    tables = {f"t{i}": Table(cells=dict(t), total="total") for i, t in enumerate(partitions)}
    tables["covering"] = Table(cells=_cover(covering_cells, total), total="total", covering=True)
    result = suppress(totals={"total": total}, tables=tables, published_totals={"total"}, k=k)
    return total, partitions, tables, result


def _rescale(table: dict[str, int], total: int) -> dict[str, int]:
    """Change the first cell so the table sums to ``total`` (dropping cells if needed)."""
    out, left = {}, total
    for key, value in sorted(table.items())[1:]:
        take = min(value, left)
        out[key] = take
        left -= take
    out[sorted(table)[0]] = left
    return out


def _cover(table: dict[str, int], total: int) -> dict[str, int]:
    """Cells of at most ``total`` each that add up to at least ``total``: labels per request."""
    out = {key: min(value, total) for key, value in sorted(table.items())}
    for key in out:
        out[key] += min(total - out[key], max(0, total - sum(out.values())))
    return out


def _is_hidden(value) -> bool:
    return isinstance(value, str)


def _interval(shown: dict, true: dict, k: int, rest: int, covering: bool, key: str):
    """What a reader can deduce about hidden cell ``key`` (see suppression.py's argument),
    computed here independently by trying every value the cell's label allows."""
    zeros_possible = any(_is_hidden(shown[c]) and true[c] == 0 for c in shown)

    def box(c):
        if shown[c] == SUPPRESSED:
            return k, k + max(rest, 0) + 2  # large enough to show a second feasible value
        return (0 if zeros_possible else 1), k - 1

    others = [c for c in shown if _is_hidden(shown[c]) and c != key]
    low_others = sum(box(c)[0] for c in others)
    high_others = sum(box(c)[1] for c in others)
    low, high = box(key)
    return [
        v
        for v in range(low, min(high, rest + 1) + 1 if not covering else high + 1)
        if (low_others + v <= rest or covering) and (v + high_others >= rest)
    ]


@settings(max_examples=200, deadline=None)
@given(
    tables_cells=st.lists(cells, min_size=1, max_size=4),
    covering_cells=cells,
    k=st.integers(min_value=3, max_value=10),
)
def test_no_small_count_is_published_or_derivable(tables_cells, covering_cells, k):
    total, _partitions, tables, result = _publish(tables_cells, k, covering_cells)
    shown_total = result.totals["total"]
    assert not (isinstance(shown_total, int) and 0 < shown_total < k)
    for name, table in tables.items():
        shown = result.tables[name]
        for key, value in shown.items():
            true = table.cells[key]
            if isinstance(value, int):
                assert value == true
                assert value == 0 or value >= k, (name, key, value)
            else:
                assert value == (SUPPRESSED if true >= k else small_label(k))
        hidden = [key for key, value in shown.items() if _is_hidden(value)]
        if _is_hidden(shown_total):
            continue
        if not table.covering:
            # With the total published, one hidden cell alone is the total minus the others.
            assert len(hidden) != 1, (name, shown)
        rest = total - sum(v for v in shown.values() if isinstance(v, int))
        for key in hidden:
            feasible = _interval(shown, table.cells, k, rest, table.covering, key)
            assert table.cells[key] in feasible
            assert len(feasible) >= 2, (name, key, shown, table.cells)
    assert result.suppressed == (
        _is_hidden(shown_total)
        or any(_is_hidden(v) for t in result.tables.values() for v in t.values())
    )


@given(k=st.integers(min_value=2, max_value=10), value=st.integers(min_value=1, max_value=9))
def test_a_small_total_hides_its_tables_whole(k, value):
    total = min(value, k - 1)
    tables = {"t": Table(cells={"a": total, "b": 0}, total="total")}
    result = suppress(totals={"total": total}, tables=tables, published_totals={"total"}, k=k)
    assert result.totals["total"] == small_label(k)
    assert result.tables["t"] == {"a": small_label(k), "b": small_label(k)}


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    tables = {"t": Table(cells={"a": 2, "b": 7, "c": 40, "d": 0}, total="total")}
    result = suppress(totals={"total": 49}, tables=tables, published_totals={"total"}, k=5)
    assert result.tables["t"] == {"a": "<5", "b": SUPPRESSED, "c": 40, "d": 0}
    assert result.suppressed


def test_nothing_small_means_nothing_hidden():
    tables = {"t": Table(cells={"a": 5, "b": 0, "c": 9}, total="total")}
    result = suppress(totals={"total": 14}, tables=tables, published_totals={"total"}, k=5)
    assert result.tables["t"] == {"a": 5, "b": 0, "c": 9}
    assert result.totals == {"total": 14}
    assert not result.suppressed
