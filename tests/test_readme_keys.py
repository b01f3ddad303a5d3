"""The README's key table is written by hand but checked here against
tui_report/tui/commands.py, the one list the app binds its keys from (the
footer, F1 and the palette are generated from it; the README cannot be).

When a key or a command changes, this test names the rows that differ;
``.venv/bin/python -m tests.test_readme_keys`` prints the table to paste
between the two markers in README.md.
"""

from __future__ import annotations

import re

from tui_report.tui import commands
from tui_report.tui import strings as S
from tui_report.tui.app import pretty_key

from .conftest import ROOT

README = ROOT / "README.md"
BEGIN = "<!-- keys: begin (checked by tests/test_readme_keys.py) -->"
END = "<!-- keys: end -->"
HEADER = "| 范围 | 按键 | 功能 | 说明 |"

#: what the table says for a command without a key of its own: it is found in the palette
PALETTE_KEY = "Ctrl+P"


def key_cell(command: commands.Command) -> str:
    """The keys as the app shows them (F1, the footer): ``Ctrl+Z / u``."""
    if not command.keys:
        return PALETTE_KEY
    return " / ".join(pretty_key(key.strip()) for key in command.keys.split(","))


def expected_rows() -> list[tuple[str, str, str, str]]:
    """(group, keys, title, help) for every command, in the order of F1."""
    return [(heading, key_cell(c), c.title, c.help)
            for scope, heading in S.HELP_GROUPS.items() for c in commands.by_scope(scope)]


def expected_table() -> str:
    lines = [HEADER, "| --- | --- | --- | --- |"]
    lines += [f"| {group} | {keys} | {title} | {text} |" for group, keys, title, text in expected_rows()]
    return "\n".join(lines)


def readme_rows() -> list[tuple[str, str, str]]:
    """(group, keys, title) of each row of the README's key table."""
    text = README.read_text("utf-8")
    assert BEGIN in text and END in text, f"README.md has no key table between {BEGIN!r} and {END!r}"
    block = text.split(BEGIN, 1)[1].split(END, 1)[0]
    lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
    assert lines and lines[0] == HEADER, f"the key table should start with {HEADER!r}, not {lines[:1]}"
    rows = []
    for line in lines[1:]:
        if re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", line):
            continue
        assert line.startswith("|") and line.endswith("|"), f"not a table row: {line!r}"
        cells = [cell.strip() for cell in line[1:-1].split("|")]
        assert len(cells) == 4, f"a row has four cells (范围 | 按键 | 功能 | 说明): {line!r}"
        rows.append((cells[0], cells[1], cells[2]))
    return rows


def test_readme_key_table_matches_the_bound_keys():
    want = [(group, keys, title) for group, keys, title, _help in expected_rows()]
    have = readme_rows()
    missing = [row for row in want if row not in have]
    extra = [row for row in have if row not in want]
    doubled = sorted({row for row in have if have.count(row) > 1})
    if missing or extra or doubled:
        lines = ["README.md's key table differs from tui_report/tui/commands.py "
                 "(print the right one with `.venv/bin/python -m tests.test_readme_keys`):"]
        lines += [f"  README lacks: | {' | '.join(row)} |" for row in missing]
        lines += [f"  README has, the app does not bind: | {' | '.join(row)} |" for row in extra]
        lines += [f"  README lists twice: | {' | '.join(row)} |" for row in doubled]
        raise AssertionError("\n".join(lines))


def test_every_key_in_the_readme_table_is_bound_in_its_group():
    """Key by key, so that a README key the app does not bind is named even
    in a row whose command exists (``Enter / F`` where the app binds ``f``)."""
    bound: dict[str, set[str]] = {}
    for group, keys, _title, _help in expected_rows():
        bound.setdefault(group, set()).update(keys.split(" / "))
    unbound = [(group, key) for group, keys, _title in readme_rows() for key in keys.split(" / ")
               if key not in bound.get(group, set())]
    assert unbound == [], f"keys in README.md that the app does not bind there (group, key): {unbound}"


if __name__ == "__main__":
    print(BEGIN)
    print()
    print(expected_table())
    print()
    print(END)
