"""Which reports the arguments name: files, folders of files, report folders.

A bureau points the command at the folder its units' files arrived in,
often nested by district or month, so folders are searched recursively. A
folder holding ``report.toml`` is one report (tui-report's own format) and
is not searched further. A file named on the command line is always an
input, whatever its suffix: the user asked for it, so it gets a row even if
it only says why it cannot be read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tui_report.report.places import REPORT_FILE

#: what the importer reads (importer/pipeline.py, office_convert.SUFFIXES)
SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".doc", ".wps", ".odt", ".rtf", ".pdf")


@dataclass(frozen=True)
class Input:
    path: str  # as the system opens it
    shown: str  # as the table shows it: relative to the argument it was found under
    kind: str  # "file" | "folder" | "missing"


def _skipped(name: str) -> bool:
    """Hidden files and folders (.git, our .tui-report state) and the lock
    files Word and WPS leave beside an open document (~$报告.docx)."""
    return name.startswith((".", "~$"))


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # a link loop: the path itself is the key
        return str(path.absolute())


def find(arguments: list[str], out: Path | None = None) -> list[Input]:
    """Every input, in argument order and sorted within a folder, each once.
    ``out`` (the review's own output folder) is never read as input, so a
    second run over the same folder does not review the first one's pages."""
    found: list[Input] = []
    seen: set[str] = set()
    skip = _key(out) if out is not None else None

    def add(path: Path, shown: str, kind: str) -> None:
        key = _key(path)
        if key in seen:
            return
        seen.add(key)
        found.append(Input(str(path), shown, kind))

    for arg in arguments:
        path = Path(arg)
        if not os.path.lexists(path):
            add(path, arg, "missing")
        elif path.is_dir():  # a link the user named is followed: it was asked for
            if (path / REPORT_FILE).exists():
                add(path, arg, "folder")
            else:
                for item, rel in _walk(path, skip):
                    add(item, str(Path(arg) / rel), "folder" if item.is_dir() else "file")
        else:
            add(path, arg, "file")
    return found


def _walk(root: Path, skip: str | None) -> list[tuple[Path, Path]]:
    """(path, path relative to ``root``) of each report file and report
    folder under ``root``. Links to folders are not followed (a link loop
    would never end), links to files are read like files."""
    out: list[tuple[Path, Path]] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        keep = []
        for name in sorted(dirs):
            sub = here / name
            if _skipped(name) or (skip is not None and _key(sub) == skip):
                continue
            if (sub / REPORT_FILE).exists():
                out.append((sub, sub.relative_to(root)))
                continue
            keep.append(name)
        dirs[:] = keep
        for name in sorted(files):
            if not _skipped(name) and Path(name).suffix.lower() in SUFFIXES:
                out.append((here / name, (here / name).relative_to(root)))
    return sorted(out, key=lambda item: item[1].parts)
