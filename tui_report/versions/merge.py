"""The merge driver: two people's edits of one report file joined the way
a report is written, not line by line.

- A section file (``sections/*.toml``): each title, body and flag of each
  (sub)section is merged on its own; a body paragraph by paragraph (each
  line of a body is a paragraph), so two people rewriting different
  paragraphs of one section merge cleanly. A paragraph both changed
  differently becomes a conflict block inside the body, which ``check``
  reports as ``merge-conflict`` and the editor's resolver reads.
- report.toml and scorecard.toml: key by key (a figure, a setting, a rule),
  lists entry by entry; the file is rewritten from my version with tomlkit,
  so comments and layout stay. A key both changed differently keeps my
  value, with theirs beside it in a commented block: the file stays valid
  TOML, so the report still opens on the resolver.
- When the outline itself changed on both sides (a subsection added on one,
  another moved on the other) or a side is not valid TOML, the file is
  merged line by line by ``git merge-file``; conflicts there have git's own
  markers, which ``check`` reports the same way.

The result is computed from the three texts alone (:func:`merge_texts`);
:func:`run_driver` is the part git calls with file names.
"""

from __future__ import annotations

import json
import re
import tempfile
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from tui_report.report import conflict_markers as cm
from tui_report.report.positions import scan_positions
from tui_report.versions import diff3

_MISSING = object()


@dataclass(frozen=True)
class MergeResult:
    text: str
    conflicts: int
    #: how the file was merged: "same", "one-side", "paragraphs", "keys", "lines"
    how: str


def kind_of(path: str) -> str:
    """"section", "keys" or "other", from the path git gives (``%P``)."""
    p = PurePosixPath(path.replace("\\", "/"))
    if p.name in ("report.toml", "scorecard.toml"):
        return "keys"
    if p.suffix == ".toml" and p.parent.name == "sections":
        return "section"
    return "other"


def merge_texts(path: str, base: str, ours: str, theirs: str) -> MergeResult:
    if ours == theirs:
        return MergeResult(ours, 0, "same")
    if base == ours:
        return MergeResult(theirs, 0, "one-side")
    if base == theirs:
        return MergeResult(ours, 0, "one-side")
    kind = kind_of(path)
    try:
        data = [tomllib.loads(t, parse_float=Decimal) for t in (base, ours, theirs)]
    except tomllib.TOMLDecodeError:
        data = None
    if data is not None and not any(cm.has_markers(t) for t in (ours, theirs)):
        if kind == "section" and _shape(data[0]) == _shape(data[1]) == _shape(data[2]):
            return _merge_section(base, ours, theirs, data)
        if kind == "keys":
            return _merge_keys(ours, theirs, data)
    return merge_lines(base, ours, theirs)


# --- line by line (git merge-file) -----------------------------------------------------------

def merge_lines(base: str, ours: str, theirs: str) -> MergeResult:
    """``git merge-file`` on the three texts, with Chinese labels."""
    from tui_report.versions.git import run

    with tempfile.TemporaryDirectory(prefix="tui-report-merge-") as tmp:
        names = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            p = Path(tmp) / name
            p.write_text(text, "utf-8")
            names.append(str(p))
        res = run(Path(tmp), "merge-file", "-p", "-L", cm.OURS_LABEL, "-L", "共同的版本", "-L", cm.THEIRS_LABEL,
                  *names, check=False)
    if res.code < 0 or res.code > 127:
        from tui_report.versions.git import classify

        raise classify("merge-file", res.err)
    return MergeResult(res.out, res.code, "lines")


# --- section files ---------------------------------------------------------------------------

def _shape(data: Any) -> tuple:
    children = data.get("sections", []) if isinstance(data, dict) else []
    if not isinstance(children, list):
        return ("?",)
    return tuple(_shape(c) for c in children)


def _nodes(data: dict) -> list[dict]:
    """Every table of a section file in file order (the section, then its
    subsections depth first): the order their headers appear in."""
    out = [data]
    for child in data.get("sections", []) if isinstance(data.get("sections"), list) else []:
        if isinstance(child, dict):
            out += _nodes(child)
    return out


def _tables(doc) -> list:
    out = [doc]
    children = doc.get("sections") if "sections" in doc else None
    for child in children or []:
        out += _tables(child)
    return out


def _body_lines(text: str) -> list[str]:
    """A body as paragraphs (lines); the newline before the closing quotes
    is layout, not text (as the store reads it)."""
    return (text[:-1] if text.endswith("\n") else text).split("\n")


def _merge_section(base: str, ours: str, theirs: str, data: list) -> MergeResult:
    import tomlkit

    from tui_report.report.toml_write import string_like

    doc = tomlkit.parse(ours)
    tables = _tables(doc)
    conflicts = 0
    key_conflicts: list[tuple[int, str]] = []
    for n, (b, o, t) in enumerate(zip(*(_nodes(d) for d in data), strict=True)):
        table = tables[n]
        for key in _keys(o, t):
            if key == "sections":
                continue
            bv, ov, tv = b.get(key, _MISSING), o.get(key, _MISSING), t.get(key, _MISSING)
            if key == "body" and all(isinstance(v, str) or v is _MISSING for v in (bv, ov, tv)) \
                    and ov is not _MISSING and tv is not _MISSING:
                merged = diff3.merge(_body_lines(bv if isinstance(bv, str) else ""), _body_lines(str(ov)),
                                     _body_lines(str(tv)))
                lines: list[str] = []
                for item in merged:
                    if isinstance(item, diff3.Conflict):
                        conflicts += 1
                        lines += cm.plain_block(list(item.ours), list(item.theirs))
                    else:
                        lines.append(item)
                if lines != _body_lines(str(ov)):
                    table["body"] = string_like(table.get("body"), "\n".join(lines), multiline=True)
                continue
            value, conflict = _three_way(bv, ov, tv)
            if conflict:
                key_conflicts.append((n, key))
                continue
            _set(table, key, value, ov)
    text = doc.as_string()
    if key_conflicts:
        text = _wrap_conflicts(text, theirs, [("table", n, key) for n, key in key_conflicts])
        conflicts += len(key_conflicts)
    return MergeResult(text, conflicts, "paragraphs")


def _keys(o: dict, t: dict) -> list[str]:
    return list(o) + [k for k in t if k not in o]


def _three_way(b, o, t) -> tuple[Any, bool]:
    """The merged value of one key; (my value, True) for a conflict. An edit
    wins over a deletion: the figure someone filled in is not lost."""
    if _same(o, t):
        return o, False
    if _same(o, b):
        return t, False
    if _same(t, b):
        return o, False
    if o is _MISSING:
        return t, False
    if t is _MISSING:
        return o, False
    return o, True


def _same(a, b) -> bool:
    if a is _MISSING or b is _MISSING:
        return a is b
    return _canon(a) == _canon(b)


def _canon(value) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def _set(table, key: str, value, ours_value) -> None:
    """Give ``table[key]`` the merged plain ``value`` (taken from theirs)."""
    import tomlkit

    if value is _MISSING:
        if key in table:
            del table[key]
        return
    if value is ours_value:
        return
    if isinstance(value, str) and key in table:
        from tui_report.report.toml_write import string_like

        table[key] = string_like(table.get(key), value, multiline="\n" in value)
        return
    table[key] = tomlkit.item(value)


# --- report.toml and scorecard.toml ----------------------------------------------------------

#: where a value sits in a TOML document: its keys (and list indexes) from the top
Path_ = tuple


def _merge_keys(ours: str, theirs: str, data: list) -> MergeResult:
    import tomlkit

    b, o, t = data
    conflicts: list[Path_] = []
    merged = _merge_value(b, o, t, (), conflicts)
    doc = tomlkit.parse(ours)
    their_doc = tomlkit.parse(theirs)
    _apply(doc, o, merged, their_doc, t)
    text = doc.as_string()
    if conflicts:
        text = _wrap_conflicts(text, theirs, [("path", p) for p in conflicts])
    return MergeResult(text, len(conflicts), "keys")


def _merge_value(b, o, t, path: Path_, conflicts: list[Path_]):
    if _same(o, t):
        return o
    if _same(o, b):
        return t
    if _same(t, b):
        return o
    if o is _MISSING:
        return t
    if t is _MISSING:
        return o
    if isinstance(o, dict) and isinstance(t, dict):
        base = b if isinstance(b, dict) else {}
        out = {}
        for key in _keys(o, t):
            value = _merge_value(base.get(key, _MISSING), o.get(key, _MISSING), t.get(key, _MISSING),
                                 path + (key,), conflicts)
            if value is not _MISSING:
                out[key] = value
        return out
    if isinstance(o, list) and isinstance(t, list):
        base_list = b if isinstance(b, list) else []
        if len(base_list) == len(o) == len(t) and all(isinstance(x, dict) for x in o + t):
            # the same rows edited in place (a 自评表's indicators): cell by cell
            return [_merge_value(x, y, z, path + (n,), conflicts)
                    for n, (x, y, z) in enumerate(zip(base_list, o, t, strict=True))]
        keys = {_canon(x): x for x in base_list + o + t}
        merged = diff3.merge([_canon(x) for x in base_list], [_canon(x) for x in o], [_canon(x) for x in t],
                             both_inserts=True)
        if diff3.conflicts(merged):
            conflicts.append(path)
            return o
        return [keys[str(x)] for x in merged]
    conflicts.append(path)
    return o


def _apply(table, ours, merged, their_table, theirs) -> None:
    """Make the tomlkit ``table`` (my version) hold ``merged``: keys only
    theirs has are copied from their document with their layout; changed
    values are set in place."""

    for key in [k for k in ours if k not in merged]:
        del table[key]
    for key, value in merged.items():
        mine = ours.get(key, _MISSING)
        if _same(mine, value):
            continue
        theirs_value = theirs.get(key, _MISSING) if isinstance(theirs, dict) else _MISSING
        if isinstance(value, dict) and isinstance(mine, dict) and key in table:
            _apply(table[key], mine, value, their_table[key] if their_table is not None and key in their_table
                   else None, theirs_value if isinstance(theirs_value, dict) else {})
            continue
        if _same(theirs_value, value) and their_table is not None and key in their_table:
            table[key] = their_table[key]
            continue
        if isinstance(value, list) and isinstance(mine, list) and key in table:
            table[key] = _list_item(value, table[key], mine,
                                    their_table[key] if their_table is not None and key in their_table else None,
                                    theirs_value if isinstance(theirs_value, list) else [])
            continue
        table[key] = _plain_item(value)


def _list_item(values: list, mine_item, mine: list, their_item, theirs: list):
    """A merged list built from the items of both documents, each entry
    keeping the layout it had on its side."""
    import tomlkit

    pool = []
    for item, plain in ((mine_item, mine), (their_item, theirs)):
        if item is None:
            continue
        for n, x in enumerate(plain):
            pool.append((_canon(x), item[n]))
    if all(isinstance(v, dict) for v in values) and isinstance(mine_item, tomlkit.items.AoT):
        out = tomlkit.aot()
        for v in values:
            found = next((it for c, it in pool if c == _canon(v)), None)
            out.append(found if found is not None else _plain_item(v))
        return out
    arr = tomlkit.array()
    for v in values:
        found = next((it for c, it in pool if c == _canon(v)), None)
        arr.append(found if found is not None else _plain_item(v))
    if "\n" in mine_item.as_string():
        arr.multiline(True)
    return arr


def _plain_item(value):
    import tomlkit

    from tui_report.report.toml_write import decimal_item

    if isinstance(value, Decimal):
        return decimal_item(value)
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        for k, v in value.items():
            table[k] = _plain_item(v)
        return table
    if isinstance(value, list):
        arr = tomlkit.array()
        for v in value:
            arr.append(_plain_item(v))
        return arr
    return tomlkit.item(value)


# --- the commented conflict blocks -----------------------------------------------------------

def _find_line(text: str, where) -> int | None:
    """1-based line of the key a conflict is about: ``("table", n, key)``
    (the n-th table of a section file) or ``("path", keys)`` (report.toml)."""
    pos = scan_positions(text)
    if where[0] == "table":
        _, n, key = where
        kp = pos.keys[n].get(key) if n < len(pos.keys) else None
        return _key_line(text, kp.line, key) if kp else None
    path = where[1]
    for i in range(len(path) - 1, -1, -1):
        key = path[i]
        if isinstance(key, int):
            continue
        head = path[:i]
        if head and isinstance(head[-1], int):
            header, occurrence = "[[" + ".".join(str(k) for k in head[:-1]) + "]]", head[-1]
        elif any(isinstance(k, int) for k in head):
            continue
        else:
            header, occurrence = ".".join(str(k) for k in head), 0
        seen = 0
        for name, keys in zip(pos.headers, pos.keys, strict=True):
            if name != header:
                continue
            if seen == occurrence and key in keys:
                return _key_line(text, keys[key].line, key)
            seen += 1
    return None


def _key_line(text: str, line: int, key: str) -> int:
    """The line a key starts on (a multi-line string's position is its first
    text line, one below the key)."""
    lines = text.split("\n")
    own = re.compile(r"^\s*\"?" + re.escape(key) + r"\"?\s*=")
    if line >= 2 and not own.match(lines[line - 1]) and own.match(lines[line - 2]):
        return line - 1
    return line


def _extent(lines: list[str], start: int) -> int:
    """The last line (1-based) of the ``key = value`` starting at ``start``."""
    for end in range(start, min(len(lines), start + 400) + 1):
        try:
            tomllib.loads("\n".join(lines[start - 1:end]))
        except tomllib.TOMLDecodeError:
            continue
        return end
    return start


def _wrap_conflicts(text: str, theirs: str, places: list) -> str:
    lines = text.split("\n")
    their_lines = theirs.split("\n")
    spans = []
    for where in places:
        at = _find_line(text, where)
        if at is None:
            continue
        theirs_at = _find_line(theirs, where)
        their_part = their_lines[theirs_at - 1:_extent(their_lines, theirs_at)] if theirs_at else []
        spans.append((at, _extent(lines, at), their_part))
    for start, end, their_part in sorted(spans, reverse=True):
        lines[start - 1:end] = cm.commented_block(lines[start - 1:end], their_part)
    return "\n".join(lines)


# --- what git calls --------------------------------------------------------------------------

def run_driver(base: Path, ours: Path, theirs: Path, path: str) -> int:
    """``tui-report merge-driver %O %A %B %P``: the merge of the three
    files written over ``%A`` (atomically); 0 when clean, 1 with conflicts
    (git then marks the file as conflicted and the merge stops for the
    author)."""
    from tui_report.report.atomic import write_atomic

    texts = [p.read_bytes().decode("utf-8") for p in (base, ours, theirs)]
    crlf = "\r\n" in texts[1]
    texts = [t.replace("\r\n", "\n") for t in texts]
    result = merge_texts(path, *texts)
    out = result.text.replace("\n", "\r\n") if crlf else result.text
    write_atomic(ours, out.encode("utf-8"))
    return 1 if result.conflicts else 0


def driver_command() -> str:
    """The command line git runs, with this Python (the one tui-report is
    installed in), so it works from a virtual environment too."""
    import shlex
    import sys

    return f"{shlex.quote(sys.executable)} -m tui_report merge-driver %O %A %B %P"


