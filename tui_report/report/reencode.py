"""Recognising report files saved in another encoding, and converting them.

Files arrive from Windows machines as GBK/GB18030, sometimes as UTF-16 from
Notepad. Reading them as UTF-8 would fail (or worse, garble the text), so the
loader names the encoding it recognises, and `tui-report convert-encoding`
rewrites the files as UTF-8 on explicit request — only when the conversion
is lossless, and keeping the original bytes under `.tui-report/originals/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui_report.report.atomic import digest, write_atomic
from tui_report.report.encoding import LABELS, detect_codec
from tui_report.report.safe_read import read_bytes
from tui_report.report.toml_read import MAX_FILE_BYTES, ReportError


@dataclass
class Conversion:
    rel: str
    label: str | None  # None: not UTF-8 and not recognised; left alone
    backup: str | None = None  # where the original bytes were kept
    done: bool = False


def report_files(root: Path) -> list[Path]:
    """The TOML files of a report folder (its own state folder excluded).
    Anything else named ``*.toml`` but a folder or a symlink is listed too:
    a pipe or a device there is refused when read, not skipped in silence."""
    out = []
    for path in sorted(root.rglob("*.toml")):
        rel = path.relative_to(root)
        if rel.parts[0] == ".tui-report" or path.is_symlink() or path.is_dir():
            continue
        out.append(path)
    return out


def convert_folder(root: str | Path, dry_run: bool = False) -> list[Conversion]:
    """Convert every recognised non-UTF-8 TOML file of ``root`` to UTF-8.

    Each file is rewritten atomically, only if decoding and re-encoding give
    back the same bytes and the file did not change while being converted;
    the original is copied to ``.tui-report/originals/<path>`` first.

    Every file is read (through :mod:`safe_read`) before any is converted:
    one that cannot be read — a pipe, a device, a file over the size limit —
    raises :class:`ReportError` naming it, and nothing is changed."""
    from tui_report.report.statedir import state_subdir

    root = Path(root)
    out: list[Conversion] = []
    files = [(path, path.relative_to(root).as_posix()) for path in report_files(root)]
    contents = [(path, rel, read_bytes(path, rel, MAX_FILE_BYTES)) for path, rel in files]
    for path, rel, data in contents:
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
            write_atomic(backup, data)  # the bytes read, not the path again
        conv.backup = backup.relative_to(root).as_posix()
        try:
            now = read_bytes(path, rel, MAX_FILE_BYTES)
        except ReportError:
            continue  # replaced under us (by a pipe, say): do not overwrite
        if digest(now) != digest(data):
            continue  # changed under us: do not overwrite
        write_atomic(path, text.lstrip("\ufeff"))
        conv.done = True
    return out
