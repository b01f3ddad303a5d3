"""Every reach into Rich's private parts, in one place.

Rich counts a character's cells through a table and a fast path that says
"every character of this string is one cell". To count East Asian ambiguous
characters as two (tui/cell_width.py), the fast path must forget them, and
it is private: ``_is_single_cell_widths`` in ``rich.cells`` and, imported by
name, in ``rich.segment``, built from ``rich.cells._SINGLE_CELLS``.
``tests/test_compat_canaries.py`` fails naming the one a Rich release renamed.
"""

from __future__ import annotations

from collections.abc import Callable

#: the Rich release these were read against (requirements.lock)
CHECKED_AGAINST = "15.0.0"

#: (module, private name) of every reach below
INTERNALS: tuple[tuple[str, str], ...] = (
    ("rich.cells", "_is_single_cell_widths"),
    ("rich.cells", "_SINGLE_CELLS"),
    ("rich.segment", "_is_single_cell_widths"),
)

SingleCellTest = Callable[[str], bool]


def single_cell_chars() -> frozenset[str]:
    """The characters Rich's fast path knows to be one cell."""
    import rich.cells as cells

    return frozenset(cells._SINGLE_CELLS)


def single_cell_test() -> tuple[SingleCellTest, SingleCellTest]:
    """The fast-path tests now in force (rich.cells', rich.segment's), to put back later."""
    import rich.cells as cells
    import rich.segment as segment

    return cells._is_single_cell_widths, segment._is_single_cell_widths


def set_single_cell_test(in_cells: SingleCellTest, in_segment: SingleCellTest | None = None) -> None:
    """Make Rich's fast path use these tests (one for both modules unless two are given)."""
    import rich.cells as cells
    import rich.segment as segment

    cells._is_single_cell_widths = in_cells
    segment._is_single_cell_widths = in_segment or in_cells
