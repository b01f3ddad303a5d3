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
from tui_report.report.encoding import LABELS, guess
from tui_report.report.errors import TuiReportError, os_reason
from tui_report.report.safe_read import read_bytes
from tui_report.report.toml_read import MAX_FILE_BYTES, ReportError


class ConvertError(TuiReportError):
    """A file could not be converted (disk full, read-only, a symlink in the
    state folder); says which files were converted before it."""


@dataclass
class Conversion:
    rel: str
    label: str | None  # None: not UTF-8 and not recognised; left alone
    backup: str | None = None  # where the original bytes were kept
    done: bool = False
    #: when the encoding could not be told for sure: what it may be (codecs)
    candidates: tuple[str, ...] = ()


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


def source_codec(name: str) -> str:
    """The codec ``--from-encoding NAME`` asks for (``big5``, ``gbk`` …),
    as Python names it; :class:`ConvertError` for a name no codec has."""
    import codecs

    aliases = {"big5": "cp950", "gbk": "gb18030", "gb2312": "gb18030"}
    wanted = aliases.get(name.strip().lower(), name.strip().lower())
    try:
        info = codecs.lookup(wanted)
    except LookupError:
        raise ConvertError(f"不认识的编码“{name}”；常见的有 gbk、gb18030、big5、utf-16") from None
    return info.name


def convert_folder(root: str | Path, dry_run: bool = False, codec_name: str | None = None) -> list[Conversion]:
    """Convert every recognised non-UTF-8 TOML file of ``root`` to UTF-8.

    Each file is rewritten atomically, only if decoding and re-encoding give
    back the same bytes and the file did not change while being converted;
    the original is copied to ``.tui-report/originals/<path>`` first.

    Every file is read (through :mod:`safe_read`) before any is converted:
    one that cannot be read — a pipe, a device, a file over the size limit —
    raises :class:`ReportError` naming it, and nothing is changed."""
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
        found = guess(data) if codec_name is None else None
        codec = codec_name or (found.codec if found else None)
        if codec is None:  # not told for sure: never converted into mojibake
            out.append(Conversion(rel, None, candidates=found.candidates if found else ()))
            continue
        conv = Conversion(rel, LABELS.get(codec, codec))
        out.append(conv)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            conv.label = None  # not in the encoding named
            continue
        if text.encode(codec) != data:
            conv.label = None  # would not round-trip: leave it to a person
            continue
        if dry_run:
            continue
        try:
            conv.backup = _keep_original(root, rel, data)
            try:
                now = read_bytes(path, rel, MAX_FILE_BYTES)
            except ReportError:
                continue  # replaced under us (by a pipe, say): do not overwrite
            if digest(now) != digest(data):
                continue  # changed under us: do not overwrite
            write_atomic(path, text.lstrip("\ufeff"))
        except OSError as exc:
            done = [c.rel for c in out if c.done]
            raise ConvertError(f"无法转换：{os_reason(exc)}；" + (
                f"已转换的文件：{'、'.join(done)}，此文件及其余文件未改动" if done else "没有改动任何文件"),
                rel) from None
        conv.done = True
    return out


def _keep_original(root: Path, rel: str, data: bytes) -> str:
    """The bytes read, kept as `.tui-report/originals/REL` (an earlier
    original is never replaced); returns where. Through
    :class:`StateFolder`, so a symlink planted anywhere under `.tui-report/`
    is refused rather than followed out of the report."""
    from tui_report.report.statedir import StateFolder

    parts = Path(rel).parts
    with StateFolder(root, ("originals", *parts[:-1])) as folder:
        if not folder.exists(parts[-1]):
            folder.write(parts[-1], data)  # the bytes read, not the path again
        return f"{folder.path.relative_to(root).as_posix()}/{parts[-1]}"
