"""Figure tables in report.toml, edited as a person would edit them.

The store's figure commands (add, rename the label, change the unit, turn
into a derived figure, delete) and the editor's acknowledgements change
report.toml through tomlkit, on a fresh parse of the current text, and hand
back the new text only after ``tomllib`` has read it: a bug here can refuse
an edit, never leave a file the next load cannot read.

A new figure is written the way the file already writes figures: an aligned
one-line inline table under ``[figures]`` (the sample's style and the one
``folder_writer`` and ``new`` produce), or a ``[figures.ID]`` table when the
file uses those. An inline table that gains or loses a key is written again
from its own entries, so its other keys keep their text and order.
"""

from __future__ import annotations

from decimal import Decimal

from tui_report.report.errors import TuiReportError
from tui_report.report.toml_write import basic


class EditRefused(TuiReportError):
    """An edit of report.toml that cannot be made (an unknown or taken id, a
    label or unit that cannot be one, a table in a shape we do not edit);
    the message says why, and nothing changed."""


def toml_number(value: Decimal) -> str:
    return format(value, "f")


def value_text(value: Decimal | None) -> str:
    """``value = ""`` is how a report says "not yet filled"."""
    return toml_number(value) if value is not None else '""'


def tidy(out: str, before: str) -> str:
    """An edited report.toml's text: a new table ends in a blank line to
    keep it apart from what follows; at the end of the file that line is one
    too many."""
    if out.endswith("\n\n") and not before.endswith("\n\n"):
        return out.rstrip("\n") + "\n"
    return out


# --- reading the figures table ------------------------------------------------

def _figures(doc, create: bool = False):
    from tomlkit.items import InlineTable, Table

    figures = doc.get("figures")
    if figures is None:
        if not create:
            raise EditRefused("report.toml 中没有 [figures] 表")
        import tomlkit

        figures = tomlkit.table()
        doc.append("figures", figures)
        return doc["figures"]
    if isinstance(figures, InlineTable) or not isinstance(figures, Table):
        raise EditRefused("report.toml 的 figures 写成了一行；请改为 [figures] 表后再在编辑器中增删数字")
    return figures


def _entry(doc, fid: str):
    figures = _figures(doc)
    if fid not in figures:
        raise EditRefused(f"report.toml 中没有数字“{fid}”")
    return figures, figures[fid]


def _inline_entries(item) -> list[tuple[str, str]]:
    """(key, value as written) of an inline table, in order."""
    return [(k.as_string().strip(), v.as_string().strip()) for k, v in item.value.body if k is not None]


def _inline(entries: list[tuple[str, str]]):
    import tomlkit

    return tomlkit.parse("x = { " + ", ".join(f"{k} = {v}" for k, v in entries) + " }\n")["x"]


def _replace_inline(figures, fid: str, old, entries: list[tuple[str, str]]) -> None:
    new = _inline(entries)
    new.trivia.comment = old.trivia.comment
    new.trivia.comment_ws = old.trivia.comment_ws
    figures[fid] = new


def _table(entries: list[tuple[str, str]]):
    """A new ``[...]`` table, with the blank line after it that keeps it apart
    from the next table, as every table of a report file is."""
    import tomlkit

    table = tomlkit.table()
    for key, text in entries:
        table[key] = tomlkit.parse(f"x = {text}\n")["x"]
    table.add(tomlkit.nl())
    return table


def _table_in(parent, key: str, shown: str):
    """``parent[key]`` as a table, made (at the end) when absent; refused
    when the file has something else under that key."""
    import tomlkit
    from tomlkit.items import Table

    table = parent.get(key)
    if table is None:
        parent.append(key, tomlkit.table())
        return parent[key]
    if not isinstance(table, Table):
        raise EditRefused(f"report.toml 的 {shown} 不是 [{shown}] 表；请先改正它")
    return table


# --- edits ----------------------------------------------------------------------

def add_figure(doc, fid: str, entries: list[tuple[str, str]]) -> None:
    """A new figure after the last one, in the file's style."""
    from tomlkit.items import SingleKey, Table

    figures = _figures(doc, create=True)
    if fid in figures:
        raise EditRefused(f"数字编号“{fid}”已存在；请换一个编号")
    if figures and all(isinstance(v, Table) for v in figures.values()):

        figures[fid] = _table(entries)
        return
    item = _inline(entries)
    keys = [k for k, v in figures.value.body if k is not None and not isinstance(v, Table)]
    # tomlkit's append puts a plain entry after the last one that is not a
    # table, before the blank line that keeps the next table apart, and at
    # the top when there is none (tests/test_figure_edits.py holds it to that)
    figures.append(SingleKey(fid, sep=_aligned_sep(fid, keys)) if keys else fid, item)


def _aligned_sep(fid: str, keys) -> str:
    """`` = `` padded so the new ``=`` lines up with the others', as the
    sample and ``folder_writer`` align them; a longer id just follows."""
    columns = []
    for k in keys:
        sep = getattr(k, "sep", " = ")  # tomlkit keeps the padding in the key's text
        columns.append(len(k.as_string()) + sep.index("=") if "=" in sep else 0)
    pad = max(columns, default=0) - len(fid)
    return " " * pad + "= " if pad >= 1 else " = "


def set_key(doc, fid: str, key: str, text: str) -> None:
    """Key ``key`` of figure ``fid`` set to the TOML value ``text``; a new
    key goes after ``value`` or ``formula`` or at the end."""
    import tomlkit
    from tomlkit.items import InlineTable, Table

    figures, item = _entry(doc, fid)
    if isinstance(item, InlineTable):
        entries = _inline_entries(item)
        if any(k == key for k, _ in entries):
            entries = [(k, text if k == key else v) for k, v in entries]
        else:
            entries.append((key, text))
        _replace_inline(figures, fid, item, entries)
    elif isinstance(item, Table):
        item[key] = tomlkit.parse(f"x = {text}\n")["x"]
    else:  # shorthand `id = 12.34`: becomes the usual inline table
        entries = [("label", basic(fid)), ("value", item.as_string().strip())]
        entries = [(k, text if k == key else v) for k, v in entries]
        if key not in ("label", "value"):
            entries.append((key, text))
        _replace_inline(figures, fid, item, entries)


def replace_key(doc, fid: str, old: str, key: str, text: str) -> None:
    """Key ``old`` of figure ``fid`` replaced by ``key = text`` in its place
    (``value`` ↔ ``formula``: the figure's line keeps its order); set at the
    end when ``old`` is absent."""
    from tomlkit.items import InlineTable

    figures, item = _entry(doc, fid)
    if isinstance(item, InlineTable):
        entries = [(k, v) for k, v in _inline_entries(item) if k != key]
        if any(k == old for k, _ in entries):
            _replace_inline(figures, fid, item, [(key, text) if k == old else (k, v) for k, v in entries])
            return
    remove_key(doc, fid, old)
    set_key(doc, fid, key, text)


def remove_key(doc, fid: str, key: str) -> None:
    from tomlkit.items import InlineTable, Table

    figures, item = _entry(doc, fid)
    if isinstance(item, InlineTable):
        entries = _inline_entries(item)
        if any(k == key for k, _ in entries):
            _replace_inline(figures, fid, item, [(k, v) for k, v in entries if k != key])
    elif isinstance(item, Table) and key in item:
        del item[key]


def delete_figure(doc, fid: str) -> None:
    figures, _ = _entry(doc, fid)
    del figures[fid]


def add_acknowledgement(doc, entries: list[tuple[str, str]]) -> None:
    """One more ``[[acknowledged]]`` table, after the last one (at the end
    of the file when there is none yet)."""
    import tomlkit
    from tomlkit.items import AoT

    table = _table(entries)
    acks = doc.get("acknowledged")
    if acks is None:
        aot = tomlkit.aot()
        aot.append(table)
        doc.append("acknowledged", aot)
    elif isinstance(acks, AoT):
        acks.append(table)
    else:
        raise EditRefused("report.toml 的 acknowledged 不是 [[acknowledged]] 表数组；请先改正它")


def set_accounts(doc, workbook: str, mapping: dict[str, str]) -> None:
    """``[accounts] workbook`` and the ``[accounts.map]`` entries given,
    added to (or updating) what the file has; at the end of the file when
    there is no ``[accounts]`` yet."""
    import tomlkit

    accounts = _table_in(doc, "accounts", "accounts")
    if workbook and accounts.get("workbook") != workbook:
        accounts["workbook"] = tomlkit.parse(f"x = {basic(workbook)}\n")["x"]
    if not mapping:
        return
    table = _table_in(accounts, "map", "accounts.map")
    for fid, spec in mapping.items():
        table[fid] = tomlkit.parse(f"x = {basic(spec)}\n")["x"]
