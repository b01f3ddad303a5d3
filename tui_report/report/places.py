"""Where in a report a piece of text is, said one way.

A problem points at a section's title or body, a fix edits it, a recovery
file keeps unsaved text for it, and an acknowledgement names a section by
``overview/0/1``. All of them name the same place: a section file, the
index path of a subsection inside it, and title or body. :class:`TextPlace`
is that place; the two helpers map a section id to its file and back.
"""

from __future__ import annotations

from typing import NamedTuple

REPORT_FILE = "report.toml"
SECTIONS_DIR = "sections"


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
