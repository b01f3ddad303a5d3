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

from tui_report.report.atomic import digest, write_atomic
from tui_report.report.encoding import LABELS, detect_codec


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
    from tui_report.report.statedir import state_subdir

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
