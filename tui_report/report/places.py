"""Where in a report a piece of text is, said one way.

A problem points at a section's title or body, a fix edits it, a recovery
file keeps unsaved text for it, and an acknowledgement names a section by
``overview/0/1``. All of them name the same place: a section file, the
index path of a subsection inside it, and title or body. :class:`TextPlace`
is that place; the two helpers map a section id to its file and back.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

REPORT_FILE = "report.toml"
SECTIONS_DIR = "sections"


#: the ``[settings]`` key naming last year's report folder
PREVIOUS_KEY = "previous_report"

#: the longest path and file name a system takes (Linux: PATH_MAX, NAME_MAX)
MAX_PATH_BYTES, MAX_NAME_BYTES = 4096, 255


def previous_report(root: str | Path, settings: dict[str, Any] | None) -> Path | None:
    """Last year's report folder as ``[settings] previous_report`` names it
    (relative to ``root``), or None when it names none. A value that cannot
    be a folder's path — a NUL byte or other control character, a path or
    a name longer than the system takes — is a ``ReportError`` at
    report.toml, said to the user rather than handed to the system (which
    would raise in the middle of a check)."""
    from tui_report.report.terminal import INVISIBLE, safe
    from tui_report.report.toml_read import ReportError

    value = (settings or {}).get(PREVIOUS_KEY)
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    raw = os.fsencode(value)
    why = ""
    if INVISIBLE.search(value):
        why = "含有控制字符或看不见的字符"
    elif len(raw) > MAX_PATH_BYTES or any(len(part) > MAX_NAME_BYTES for part in raw.split(b"/")):
        why = "路径或其中的文件夹名过长"
    if why:
        shown = safe(value[:80] + ("…" if len(value) > 80 else ""), keep_newlines=False)
        raise ReportError(REPORT_FILE, 1, 1, f"[settings] {PREVIOUS_KEY} = “{shown}”不是可用的文件夹路径（{why}）；"
                                             "请写上年度报告文件夹的路径，例如 \"../2022年报告\"")
    return Path(root) / value


def section_file(sid: str) -> str:
    """``overview`` → ``sections/overview.toml``."""
    return f"{SECTIONS_DIR}/{sid}.toml"


def section_id(file: str) -> str:
    """``sections/overview.toml`` → ``overview``."""
    return file.rsplit("/", 1)[-1].removesuffix(".toml")


def where(file: str, path: tuple[int, ...]) -> str:
    """``overview/0/1``: how problems and ``[[acknowledged]]`` name a section."""
    return "/".join([section_id(file), *map(str, path)])


class TextPlace(NamedTuple):
    """The title or body of one section. A tuple, so ``kind, file, path =
    place`` reads it, and it is hashable as a dictionary key."""

    kind: str  # "title" | "body"
    file: str  # sections/overview.toml
    path: tuple[int, ...]  # () for the file's top section

    @classmethod
    def of(cls, kind: str, section) -> TextPlace:
        return cls(kind, section.file, tuple(section.path))

    def key(self) -> str:
        """``body:sections/overview.toml:0/1``, as recovery files key it."""
        return f"{self.kind}:{self.file}:{'/'.join(map(str, self.path))}"

    @classmethod
    def parse(cls, key: str) -> TextPlace:
        """Inverse of :meth:`key`; ValueError when ``key`` is not one."""
        kind, _, rest = key.partition(":")
        rel, sep, path = rest.rpartition(":")
        if kind not in ("body", "title") or not sep or not rel:
            raise ValueError(f"not a text place: {key!r}")
        return cls(kind, rel, tuple(int(p) for p in path.split("/") if p != ""))

    @property
    def where(self) -> str:
        return where(self.file, self.path)
