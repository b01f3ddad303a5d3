"""Structure edits: add, delete, move, indent and outdent sections.

Numbers are never stored, so reordering is only a matter of where a table
sits. Each edit changes as little on disk as it can, because the report
lives in git and a reviewer reads the diff:

- moving a top-level section reorders one line of ``report.toml``'s
  ``sections`` list; its file is untouched;
- a new top-level section is a new file in ``sections/``, a deleted one a
  removed file;
- indenting a top-level section moves its text into the previous section's
  file (keeping its id as ``id = "..."`` so outdenting it again recreates
  the same file name), and outdenting a subsection to the top level creates
  a file for it;
- inside a file, moving a subsection moves its ``[[sections]]`` block.

After each edit the affected top-level sections are rebuilt from the
edited text, so paths and positions stay exact; callers re-find what they
had selected through the section this module returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui_report.report.errors import TuiReportError
from tui_report.report.model import MAX_LEVEL, Report, Section
from tui_report.report.numbering import number
from tui_report.report.places import REPORT_FILE, SECTIONS_DIR, section_file, section_id
from tui_report.report.store import ID_RE, Store

NEW_TITLE = "新章节"


class StructureError(TuiReportError):
    """The edit is not possible here (first section moved up, too deep…)."""


# --- reading the outline -----------------------------------------------------

@dataclass
class Entry:
    section: Section
    level: int
    number: str  # 一、 or （一） …
    label: str  # 二（一）: the number path a reader uses to name a section


def outline(report: Report) -> list[Entry]:
    """Every section in reading order with its computed number."""
    out: list[Entry] = []

    def visit(section: Section, level: int, n: int, prefix: str) -> None:
        num = number(level, n)
        label = prefix + (num[:-1] if level == 1 else num)
        out.append(Entry(section, level, num, label))
        for k, child in enumerate(section.children, 1):
            visit(child, level + 1, k, label)

    for n, top in enumerate(report.sections, 1):
        visit(top, 1, n, "")
    return out


def find(report: Report, file: str, path: tuple[int, ...]) -> Section | None:
    for top in report.sections:
        if top.file != file:
            continue
        node = top
        for n in path:
            if n >= len(node.children):
                return None
            node = node.children[n]
        return node
    return None


def _edited(report: Report, file: str, path: tuple[int, ...]) -> Section:
    """The section an edit just placed at ``file``/``path``; it is there by
    construction, so a miss is a bug in the edit, not a user error."""
    section = find(report, file, path)
    if section is None:
        raise RuntimeError(f"structure edit lost its section: {file} {path}")
    return section


def parent_of(report: Report, section: Section) -> Section | None:
    if not section.path:
        return None
    return find(report, section.file, section.path[:-1])


def depth(section: Section) -> int:
    """Levels a subtree spans: 1 for a section without subsections."""
    return 1 + max((depth(c) for c in section.children), default=0)


def level_of(section: Section) -> int:
    return len(section.path) + 1


# --- text utilities ------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[")
_COMMENT = re.compile(r"^\s*#")


def tidy(text: str) -> str:
    """Exactly one blank line before every table header (and the comments
    that sit on it), and one newline at the end: moved tables then look like
    the ones around them and the diff shows only the move."""
    lines = text.split("\n")
    in_string: str | None = None
    header_rows: list[int] = []
    for i, line in enumerate(lines):
        if in_string is None:
            if _HEADER.match(line):
                header_rows.append(i)
                continue
            for delim in ("'''", '"""'):
                at = line.find(delim)
                if at >= 0 and line.count(delim) % 2 == 1 and "=" in line[:at]:
                    in_string = delim
                    break
        elif in_string in line:
            in_string = None
    out = list(lines)
    # walk backwards so inserting/removing lines keeps earlier indexes valid
    for row in reversed(header_rows):
        start = row
        while start > 0 and _COMMENT.match(out[start - 1]):
            start -= 1
        blank = start
        while blank > 0 and out[blank - 1].strip() == "":
            blank -= 1
        if blank == 0:
            del out[blank:start]
        else:
            out[blank:start] = [""]
    return "\n".join(out).rstrip("\n") + "\n"


def _rel(sid: str) -> str:
    return section_file(sid)


def _table(store: Store, file: str, path: tuple[int, ...]):
    table = store.document(file)
    for n in path:
        table = table["sections"][n]
    return table


def _children(table) -> list:
    return list(table["sections"]) if "sections" in table else []


def _set_children(table, items: list) -> None:
    """Replace a table's ``[[sections]]`` with ``items`` in this order.

    The array is rebuilt rather than edited in place: tomlkit's in-place
    insert at the front of an array of tables can put the table above its
    parent's own keys, which changes what the file means."""
    import tomlkit

    if not items:
        if "sections" in table:
            del table["sections"]
        return
    aot = tomlkit.aot()
    for item in items:
        aot.append(item)
    table["sections"] = aot


def _new_table(title: str):
    import tomlkit

    table = tomlkit.table()
    table.add("title", title)
    return table


def _order(store: Store):
    """report.toml's ``sections`` array (created when missing)."""
    import tomlkit

    doc = store.document(REPORT_FILE)
    if "sections" not in doc:
        doc["sections"] = tomlkit.array()
        doc["sections"].multiline(True)
    return doc["sections"]


def _used_ids(store: Store) -> set[str]:
    """Ids in the list, files being edited, and files on disk not being
    deleted: a file deleted since the report was opened may be reused (git
    then shows an edit instead of a delete and an add)."""
    ids = {str(s) for s in _order(store)}
    deleted: set[str] = set()
    for rel, f in store.files.items():
        if rel.startswith(SECTIONS_DIR + "/"):
            (deleted if f.deleted else ids).add(section_id(rel))
    sec_dir = store.root / SECTIONS_DIR
    if sec_dir.is_dir():
        ids |= {p.stem for p in sec_dir.glob("*.toml")} - deleted
    return ids


def new_id(store: Store, wanted: str = "") -> str:
    """A section id (and file name) not in use, ``section-N`` by default."""
    used = _used_ids(store)
    if wanted and ID_RE.match(wanted) and wanted not in used:
        return wanted
    base = wanted if wanted and ID_RE.match(wanted) else "section"
    n = 1 if base == "section" else 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def _finish(store: Store, touched_files: set[str]) -> None:
    """Tidy the edited files and rebuild the report's section list."""
    for rel in touched_files:
        f = store.files.get(rel)
        if f is None or f.deleted:
            continue
        store.replace_text(rel, tidy(store.document(rel).as_string()))
    report = store.report
    old = {s.id: s for s in report.sections}
    sections = []
    for sid in (str(s) for s in _order(store)):
        rel = _rel(sid)
        if rel in touched_files or sid not in old:
            f = store.files.get(rel)
            if f is None or f.deleted:
                continue
            sections.append(store.reload_section(sid))
        else:
            sections.append(old[sid])
    report.sections = sections


def _check_editable(section: Section) -> None:
    if section.error:
        raise StructureError("该章节文件无法读取，不能调整结构：" + section.error)


# --- edits -------------------------------------------------------------------

def add_section(store: Store, after: Section | None, title: str = NEW_TITLE) -> Section:
    """A sibling right after ``after`` (a new top-level file when ``after``
    is top-level or None)."""
    report = store.report
    if after is None or not after.path:
        sid = new_id(store)
        rel = _rel(sid)
        import tomlkit

        doc = tomlkit.document()
        doc.add("title", title)
        store.add_file(rel, doc.as_string())
        order = _order(store)
        index = len(order)
        if after is not None:
            index = [str(s) for s in order].index(after.id) + 1
        order.insert(index, sid)
        _finish(store, {rel, REPORT_FILE})
        return _edited(store.report, rel, ())
    _check_editable(after)
    parent = _table(store, after.file, after.path[:-1])
    index = after.path[-1] + 1
    items = _children(parent)
    items.insert(index, _new_table(title))
    _set_children(parent, items)
    _finish(store, {after.file})
    return _edited(report, after.file, after.path[:-1] + (index,))


def add_subsection(store: Store, parent: Section, title: str = NEW_TITLE) -> Section:
    """A last child of ``parent``."""
    _check_editable(parent)
    if level_of(parent) >= MAX_LEVEL:
        raise StructureError(f"已是第 {MAX_LEVEL} 级（（1））标题，不能再添加下级")
    table = _table(store, parent.file, parent.path)
    items = _children(table) + [_new_table(title)]
    _set_children(table, items)
    index = len(items) - 1
    _finish(store, {parent.file})
    return _edited(store.report, parent.file, parent.path + (index,))


def delete(store: Store, section: Section) -> Section | None:
    """Remove a section with its subsections; returns the section to select
    next (the one that took its place, or the one before it)."""
    report = store.report
    if not section.path:
        order = _order(store)
        ids = [str(s) for s in order]
        index = ids.index(section.id)
        del order[index]
        store.remove_file(section.file)
        _finish(store, {REPORT_FILE})
        if not report.sections:
            return None
        return report.sections[min(index, len(report.sections) - 1)]
    _check_editable(section)
    parent = _table(store, section.file, section.path[:-1])
    items = _children(parent)
    index = section.path[-1]
    del items[index]
    _set_children(parent, items)
    _finish(store, {section.file})
    parent_path = section.path[:-1]
    siblings = _edited(store.report, section.file, parent_path).children
    if siblings:
        return _edited(store.report, section.file, parent_path + (min(index, len(siblings) - 1),))
    return _edited(store.report, section.file, parent_path)


def move(store: Store, section: Section, step: int) -> Section:
    """Swap with the previous (``step=-1``) or next (``+1``) sibling."""
    if not section.path:
        order = _order(store)
        ids = [str(s) for s in order]
        index = ids.index(section.id)
        target = index + step
        if not 0 <= target < len(ids):
            raise StructureError("已在最前" if step < 0 else "已在最后")
        item = ids[index]
        del order[index]
        order.insert(target, item)
        _finish(store, {REPORT_FILE})
        return _edited(store.report, section.file, ())
    _check_editable(section)
    parent = _table(store, section.file, section.path[:-1])
    items = _children(parent)
    index = section.path[-1]
    target = index + step
    if not 0 <= target < len(items):
        raise StructureError("已在最前" if step < 0 else "已在最后")
    items.insert(target, items.pop(index))
    _set_children(parent, items)
    _finish(store, {section.file})
    return _edited(store.report, section.file, section.path[:-1] + (target,))


def indent(store: Store, section: Section) -> Section:
    """Make the section the last subsection of its previous sibling."""
    _check_editable(section)
    level = level_of(section)
    if level + depth(section) > MAX_LEVEL:
        raise StructureError(f"降级后将超过 {MAX_LEVEL} 级标题（一、（一）1.（1））")
    report = store.report
    if not section.path:
        index = report.sections.index(section)
        if index == 0:
            raise StructureError("第一个章节前面没有可作为上级的章节")
        host = report.sections[index - 1]
        _check_editable(host)
        table = _as_table(store.document(section.file), keep_id=section.id)
        host_table = _table(store, host.file, ())
        items = _children(host_table) + [table]
        _set_children(host_table, items)
        new_index = len(items) - 1
        order = _order(store)
        del order[[str(s) for s in order].index(section.id)]
        store.remove_file(section.file)
        _finish(store, {host.file, REPORT_FILE})
        return _edited(store.report, host.file, (new_index,))
    index = section.path[-1]
    if index == 0:
        raise StructureError("同级中的第一个小节前面没有可作为上级的小节")
    parent = _table(store, section.file, section.path[:-1])
    items = _children(parent)
    item = items.pop(index)
    host = items[index - 1]
    host_items = _children(host) + [item]
    _set_children(host, host_items)
    _set_children(parent, items)
    host_path = section.path[:-1] + (index - 1,)
    _finish(store, {section.file})
    return _edited(store.report, section.file, host_path + (len(host_items) - 1,))


def outdent(store: Store, section: Section) -> Section:
    """Make the section the next sibling of its parent; a second-level
    section becomes a top-level one with a file of its own."""
    if not section.path:
        raise StructureError("一级标题不能再升级")
    _check_editable(section)
    parent_path = section.path[:-1]
    parent_table = _table(store, section.file, parent_path)
    items = _children(parent_table)
    index = section.path[-1]
    item = items.pop(index)
    if not parent_path:
        _set_children(parent_table, items)
        wanted = str(item.get("id", "")) if "id" in item else ""
        sid = new_id(store, wanted or section_id(section.file))
        rel = _rel(sid)
        store.add_file(rel, _as_document(item))
        order = _order(store)
        top_id = section_id(section.file)
        order.insert([str(s) for s in order].index(top_id) + 1, sid)
        _finish(store, {section.file, rel, REPORT_FILE})
        return _edited(store.report, rel, ())
    # the parent's children are rebuilt after it is placed: rebuilding the
    # grandparent first would detach the parent table being edited
    grand_table = _table(store, section.file, parent_path[:-1])
    grand_items = _children(grand_table)
    _set_children(parent_table, items)
    grand_items.insert(parent_path[-1] + 1, item)
    _set_children(grand_table, grand_items)
    _finish(store, {section.file})
    return _edited(store.report, section.file, parent_path[:-1] + (parent_path[-1] + 1,))


def rename(store: Store, section: Section, new: str) -> Section:
    """Give a top-level section a new id, renaming its file (git shows a
    rename: the content is unchanged)."""
    if section.path:
        raise StructureError("只有一级章节对应文件，可以改名")
    if not ID_RE.match(new):
        raise StructureError("章节编号只能含英文字母、数字、- 和 _，且不能以 - 开头")
    if new == section.id:
        return section
    if new in _used_ids(store):
        raise StructureError(f"编号“{new}”已被使用")
    _check_editable(section)
    text = store.text_of(section.file)
    rel = _rel(new)
    store.add_file(rel, text)
    store.remove_file(section.file)
    order = _order(store)
    ids = [str(s) for s in order]
    index = ids.index(section.id)
    del order[index]
    order.insert(index, new)
    _finish(store, {rel, REPORT_FILE})
    return _edited(store.report, rel, ())


# --- moving tables between files ------------------------------------------------

def _as_table(doc, keep_id: str):
    """A file's top-level table as a nested table, remembering its id."""
    import tomlkit

    table = tomlkit.table()
    items = [(k, v) for k, v in doc.body if k is not None]
    for key, value in items:
        key = key.key if hasattr(key, "key") else str(key)
        if key == "id":
            continue
        table.append(key, value)
        if key == "title":
            table.append("id", keep_id)
    if "id" not in table:
        table.append("id", keep_id)
    return table


def _as_document(table) -> str:
    """A nested table as the text of a file of its own."""
    import tomlkit

    doc = tomlkit.document()
    for key, value in table.value.body:
        if key is None:
            continue
        key = key.key if hasattr(key, "key") else str(key)
        if key == "id":
            continue
        doc.append(key, value)
    return tidy(doc.as_string())
