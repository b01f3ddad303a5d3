"""Recognising report files saved in another encoding, and converting them.

Files arrive from Windows machines as GBK/GB18030, sometimes as UTF-16 from
Notepad. Reading them as UTF-8 would fail (or worse, garble the text), so the
loader names the encoding it recognises, and `tui-report convert-encoding`
rewrites the files as UTF-8 on explicit request — only when the conversion
is lossless, and keeping the original bytes under `.tui-report/originals/`.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from .atomic import digest, write_atomic

#: codec name → what the user is told (and what iconv calls it)
LABELS = {
    "gb18030": "GBK/GB18030",
    "utf-16": "UTF-16",
    "utf-32": "UTF-32",
}

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def detect(data: bytes) -> str | None:
    """The label of the encoding ``data`` is in ("GBK/GB18030", "UTF-16", …),
    or None when it is UTF-8 or nothing recognisable."""
    enc = detect_codec(data)
    return LABELS.get(enc) if enc else None


def detect_codec(data: bytes) -> str | None:
    """Python codec of a non-UTF-8 text file, or None (UTF-8, or unknown)."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                data.decode(codec)
                return codec
            except UnicodeDecodeError:
                return None
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    # GB18030 maps almost any byte pair somewhere; accept it only when the
    # result reads as Chinese text, not as a binary file
    if any(ord(c) < 0x20 and c not in "\t\r\n" for c in text):
        return None
    if not any("\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" for c in text):
        return None
    return "gb18030"


@dataclass
class Conversion:
    rel: str
    label: str | None  # None: not UTF-8 and not recognised; left alone
    backup: str | None = None  # where the original bytes were kept
    done: bool = False


def report_files(root: Path) -> list[Path]:
    """The TOML files of a report folder (its own state folder excluded)."""
    out = []
    for path in sorted(root.rglob("*.toml")):
        rel = path.relative_to(root)
        if rel.parts[0] == ".tui-report" or path.is_symlink() or not path.is_file():
            continue
        out.append(path)
    return out


def convert_folder(root: str | Path, dry_run: bool = False) -> list[Conversion]:
    """Convert every recognised non-UTF-8 TOML file of ``root`` to UTF-8.

    Each file is rewritten atomically, only if decoding and re-encoding give
    back the same bytes and the file did not change while being converted;
    the original is copied to ``.tui-report/originals/<path>`` first."""
    from .statedir import state_subdir

    root = Path(root)
    out: list[Conversion] = []
    for path in report_files(root):
        rel = path.relative_to(root).as_posix()
        data = path.read_bytes()
        try:
            data.decode("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        codec = detect_codec(data)
        if codec is None:
            out.append(Conversion(rel, None))
            continue
        conv = Conversion(rel, LABELS[codec])
        out.append(conv)
        text = data.decode(codec)
        if text.encode(codec) != data:
            conv.label = None  # would not round-trip: leave it to a person
            continue
        if dry_run:
            continue
        backup = state_subdir(root, "originals") / rel
        backup.parent.mkdir(parents=True, exist_ok=True)
        if not backup.exists():
            shutil.copyfile(path, backup)
        conv.backup = backup.relative_to(root).as_posix()
        if digest(path.read_bytes()) != digest(data):
            continue  # changed under us: do not overwrite
        write_atomic(path, text.lstrip("\ufeff"))
        conv.done = True
    return out
