"""Unsaved edits kept safe outside the report files.

A dropped SSH connection kills the editor with no chance to ask "save?". So the
editor writes its unsaved text to a recovery file — on SIGHUP/SIGTERM and
every few seconds — and the next opening offers to restore it (showing what
differs), discard it, or keep it for later. Recovery files never touch the
real files: they live in `.tui-report/recovery/` (git-ignored), or, when the
report folder cannot be written, in the user's state folder.

Buffers are a ``dict[str, str]`` keyed by what the text is:

=====================================  ====================================
key                                    text
=====================================  ====================================
``file:sections/overview.toml``        whole edited text of a report file
``delete:sections/old.toml``           a file deleted but not yet saved
``body:sections/overview.toml:0/1``    a section body typed but not yet
                                       given to the store (path "" for the
                                       file's top-level section)
``title:sections/overview.toml:0/1``   likewise for a title
``figure:spend_total``                 a figure value typed, as text
``figure:spend_total:prev``            another figure key (prev, label…)
=====================================  ====================================

``file:`` keys, from :func:`collect_buffers`, cover everything the store
holds; the others are for text still inside an editor widget. On restore,
``file:`` keys are applied first, then the finer keys on top.

:func:`write_recovery` is meant to run inside a signal handler: everything
it needs is imported up front, and it does one small atomic write.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from tui_report.report.atomic import digest, write_atomic
from tui_report.report.lock import LockInfo, alive, holder, my_info, this_host
from tui_report.report.places import TextPlace
from tui_report.report.safe_read import read_bytes
from tui_report.report.statedir import StateDirError, StateFolder, state_subdir
from tui_report.report.store import ReportError, Store, text_diff
from tui_report.report.toml_read import MAX_FILE_BYTES, to_decimal

FORMAT = 1
SUBDIR = "recovery"

#: this process's recovery file name; one per editor run
_run: tuple[int, str] | None = None


def _own_name() -> str:
    global _run
    pid = os.getpid()
    if _run is None or _run[0] != pid:  # forked: a new run
        _run = (pid, f"{time.strftime('%Y%m%dT%H%M%S')}-{pid}-{time.monotonic_ns() % 10**6:06d}.json")
    return _run[1]


# --- keys ------------------------------------------------------------------

def file_key(rel: str) -> str:
    return f"file:{rel}"


def body_key(section) -> str:
    return TextPlace.of("body", section).key()


def title_key(section) -> str:
    return TextPlace.of("title", section).key()


def figure_key(fid: str, key: str = "value") -> str:
    return f"figure:{fid}" if key == "value" else f"figure:{fid}:{key}"


def parse_key(key: str) -> tuple[str, str, tuple[int, ...] | str]:
    """``(kind, file_or_figure, path_or_figure_key)``; ValueError if malformed."""
    kind, _, rest = key.partition(":")
    if kind in ("file", "delete") and rest:
        return kind, rest, ()
    if kind in ("body", "title"):
        place = TextPlace.parse(key)
        return kind, place.file, place.path
    if kind == "figure" and rest:
        fid, _, fkey = rest.partition(":")
        return kind, fid, fkey or "value"
    raise ValueError(f"unknown recovery key {key!r}")


# --- where -------------------------------------------------------------------

def _fallback_dir(root: Path) -> Path:
    """Per-report folder in the user's state directory."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    tag = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(base) / "tui-report" / "recovery" / tag


def recovery_dirs(root: str | Path) -> list[Path]:
    """Where recovery files of ``root`` may be, in order of preference."""
    root = Path(root)
    dirs = []
    try:
        dirs.append(state_subdir(root, SUBDIR, create=False))
    except StateDirError:
        pass
    dirs.append(_fallback_dir(root))
    return dirs


# --- writing -------------------------------------------------------------------

def collect_buffers(store: Store, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The store's unsaved files as ``file:``/``delete:`` buffers, plus
    ``extra`` (text still in editor widgets, keyed as in the module doc)."""
    out: dict[str, str] = {}
    for rel in store.dirty_files():
        f = store.files.get(rel)
        if f is None:
            continue
        if f.deleted:
            out[f"delete:{rel}"] = ""
        else:
            out[file_key(rel)] = store.text_of(rel)
    if extra:
        out.update(extra)
    return out


def write_recovery(root: str | Path, buffers: dict[str, str], *, base: dict[str, str] | None = None) -> Path | None:
    """Write this run's recovery file atomically and return its path;
    with no buffers, remove it (nothing is unsaved). ``base`` maps each file
    to the hash of the disk version the edits started from.

    Falls back to the user's state folder when the report folder cannot be
    written; raises OSError only when neither can."""
    root = Path(root)
    name = _own_name()
    if not buffers:
        for folder in recovery_dirs(root):
            try:
                (folder / name).unlink()
            except OSError:
                pass
        return None
    me = my_info()
    payload = {
        "format": FORMAT,
        "created": me.time,
        "pid": me.pid,
        "host": me.host,
        "user": me.user,
        "start": me.start,
        "base": base or {},
        "buffers": buffers,
    }
    text = json.dumps(payload, ensure_ascii=False, indent=1)
    try:
        with StateFolder(root, (SUBDIR,)) as state:
            state.write(name, text.encode("utf-8"))
            return state.path / name
    except OSError:  # StateDirError is an OSError
        pass
    folder = _fallback_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / name, text)
    return folder / name


def checkpoint(store: Store, extra: dict[str, str] | None = None) -> Path | None:
    """Write (or clear) this run's recovery file from the store's unsaved
    edits plus ``extra``; what a timer or a SIGHUP/SIGTERM handler calls."""
    buffers = collect_buffers(store, extra)
    base = {}
    for key in buffers:
        kind, rel, _ = parse_key(key)
        if kind in ("file", "delete", "body", "title") and rel in store.files and store.files[rel].digest:
            base[rel] = store.files[rel].digest
    return write_recovery(store.root, buffers, base=base)


# --- reading ---------------------------------------------------------------------

@dataclass
class Recovery:
    """Unsaved edits left by an editor that did not exit normally."""

    path: Path
    created: str
    writer: LockInfo
    buffers: dict[str, str]
    base: dict[str, str] = field(default_factory=dict)
    #: key → unified diff from the disk (or the saved text) to the recovered text
    diffs: dict[str, str] = field(default_factory=dict)
    #: files changed on disk after the edits began (a `git pull`, a colleague):
    #: restoring and saving would replace that change, so saving will ask
    changed_since: list[str] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        out: list[str] = []
        for key in self.diffs:
            try:
                kind, rel, _ = parse_key(key)
            except ValueError:
                continue
            name = "report.toml" if kind == "figure" else rel
            if name not in out:
                out.append(name)
        return out

    def summary(self) -> str:
        when = self.created
        try:
            when = _dt.datetime.fromisoformat(self.created).strftime("%Y-%m-%d %H:%M:%S")
        except ValueError:
            pass
        text = f"{when} 有未保存的修改（{self.writer.user}，{self.writer.host}），涉及：{'、'.join(self.files)}"
        if self.changed_since:
            text += f"。注意：{'、'.join(self.changed_since)} 此后在磁盘上也被修改过，保存时会再询问"
        return text

    def diff(self) -> str:
        return "".join(self.diffs.values())


def _load(path: Path) -> Recovery | None:
    try:
        data = json.loads(read_bytes(path, path.name, MAX_FILE_BYTES).decode("utf-8"))
        buffers = data["buffers"]
        if data.get("format") != FORMAT or not isinstance(buffers, dict):
            return None
        writer = LockInfo(pid=int(data["pid"]), host=str(data["host"]), user=str(data.get("user", "")),
                          time=str(data.get("created", "")), start=str(data.get("start", "")))
        return Recovery(path=path, created=str(data.get("created", "")), writer=writer,
                        buffers={str(k): str(v) for k, v in buffers.items()},
                        base={str(k): str(v) for k, v in (data.get("base") or {}).items()})
    except (ReportError, OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _running(root: Path, writer: LockInfo) -> bool:
    """Whether the editor that wrote a recovery file is still at work. On
    this host its process tells; for another host (a shared folder), only
    whether it still holds the report's lock."""
    if writer.host == this_host():
        return alive(writer)
    lock = holder(root)
    return lock is not None and (lock.host, lock.pid, lock.start) == (writer.host, writer.pid, writer.start)


def _candidates(root: Path) -> list[Path]:
    own = _own_name()
    out = []
    for folder in recovery_dirs(root):
        try:
            out += [p for p in folder.glob("*.json") if p.name != own and p.is_file()]
        except OSError:
            continue
    return out


def all_pending(root: str | Path, store: Store | None = None) -> list[Recovery]:
    """Recovery files of ``root`` of editors that have ended, newest
    first, each with what differs from the files now on disk. A recovery
    file that no longer differs from anything is removed: it holds nothing
    the disk does not. Files of an editor still running are left alone."""
    root = Path(root)
    found = []
    for path in _candidates(root):
        rec = _load(path)
        if rec is None or _running(root, rec.writer):
            continue
        _describe(root, rec, store)
        if not rec.diffs:
            try:
                path.unlink()
            except OSError:
                pass
            continue
        found.append(rec)
    found.sort(key=lambda r: (r.created, r.path.name), reverse=True)
    return found


def pending(root: str | Path, store: Store | None = None) -> Recovery | None:
    """The newest recovery to offer when opening ``root``, or None."""
    found = all_pending(root, store)
    return found[0] if found else None


def disk_state(root: Path, rel: str) -> tuple[str | None, str | None]:
    """(text, sha256) of a report file on disk; (None, None) when absent."""
    try:  # a pipe or device in the file's place is refused, never waited on
        data = read_bytes(root / rel, rel, MAX_FILE_BYTES)
    except ReportError:
        return None, None
    return data.decode("utf-8", "replace"), digest(data)


def _describe(root: Path, rec: Recovery, store: Store | None) -> None:
    model: Store | None = None
    model_tried = False  # opened once at most, even when that fails
    for key, text in rec.buffers.items():
        try:
            kind, rel, sub = parse_key(key)
        except ValueError:
            continue
        if kind in ("file", "delete"):
            disk, sha = disk_state(root, rel)
            if rel in rec.base and sha != rec.base[rel]:
                rec.changed_since.append(rel)
            if kind == "delete":
                if disk is not None:
                    rec.diffs[key] = text_diff(disk, "", f"{rel}（磁盘上）", f"{rel}（已删除，未保存）")
            elif disk != text:
                rec.diffs[key] = text_diff(disk or "", text, f"{rel}（磁盘上）", f"{rel}（未保存的修改）")
            continue
        if not model_tried:
            model_tried = True
            try:
                model = store or Store.open(root)
            except ReportError:
                model = None
        old = _model_text(model, kind, rel, sub) if model else None
        if old != text:
            label = _label(kind, rel, sub)
            rec.diffs[key] = text_diff(old or "", text, f"{label}（磁盘上）", f"{label}（未保存的修改）")


def _label(kind: str, rel: str, sub) -> str:
    if kind == "figure":
        return f"report.toml 数字 {rel}" + ("" if sub == "value" else f" 的 {sub}")
    where = "/".join(map(str, sub)) or "顶层"
    return f"{rel} {where} 的{'正文' if kind == 'body' else '标题'}"


def _find(store: Store, rel: str, path: tuple[int, ...]):
    section = store.report.section_at(rel, tuple(path))
    return section if section is not None and section.error is None else None


def _model_text(store: Store, kind: str, rel: str, sub) -> str | None:
    if kind == "figure":
        fig = store.report.figures.get(rel)
        if fig is None:
            return None
        value = getattr(fig, sub, None)
        if isinstance(value, Decimal):
            return format(value, "f")
        return None if value is None else str(value)
    section = _find(store, rel, sub)
    return None if section is None else getattr(section, kind)


# --- acting on it -------------------------------------------------------------------

@dataclass
class Restored:
    applied: list[str] = field(default_factory=list)
    #: key → why it could not be applied; the recovery file is then kept
    skipped: dict[str, str] = field(default_factory=dict)


def restore(store: Store, recovery: Recovery) -> Restored:
    """Apply the recovered text to ``store`` as unsaved edits (nothing is
    written to the report files; the user saves as usual). The edits are
    checkpointed as this run's own recovery before the old file is
    removed, so a crash right now loses nothing either; the old file stays
    when some buffer could not be applied.

    ``store.report`` is a new object afterwards: views must refetch it."""
    result = Restored()
    keyed = []
    for key, text in recovery.buffers.items():
        try:
            keyed.append((parse_key(key), key, text))
        except ValueError:
            result.skipped[key] = "无法识别的恢复项"
    order = {"file": 0, "delete": 1, "body": 2, "title": 2, "figure": 3}
    keyed.sort(key=lambda item: order[item[0][0]])
    for (kind, rel, sub), key, text in keyed:
        try:
            if kind == "file":
                store.set_text(rel, text, recovery.base.get(rel))
            elif kind == "delete":
                if rel in store.files and hasattr(store, "remove_file"):
                    store.remove_file(rel)
                elif rel in store.files:
                    store.files[rel].deleted = True
            elif kind in ("body", "title"):
                if not isinstance(sub, tuple):  # parse_key gives these kinds a section path
                    raise TypeError(f"recovery key {key!r} has no section path")
                section = _find(store, rel, sub)
                if section is None:
                    result.skipped[key] = f"{_label(kind, rel, sub)} 已不存在"
                    continue
                (store.set_body if kind == "body" else store.set_title)(section, text)
            elif kind == "figure":
                if not isinstance(sub, str):  # parse_key gives figures a key name
                    raise TypeError(f"recovery key {key!r} has no figure key")
                if rel not in store.report.figures:
                    result.skipped[key] = f"数字 {rel} 已不存在"
                    continue
                if sub in ("value", "prev"):
                    store.set_figure_value(rel, to_decimal(text, f"数字“{rel}”的 {sub} "), sub)
                else:
                    store.set_figure_field(rel, sub, text)
            result.applied.append(key)
        except (ReportError, ValueError, KeyError, IndexError, TypeError) as exc:
            result.skipped[key] = getattr(exc, "message", None) or str(exc)
    checkpoint(store)
    if not result.skipped:
        try:
            recovery.path.unlink()
        except FileNotFoundError:
            pass
    return result


def discard(root: str | Path, recovery: Recovery | None = None) -> int:
    """Delete ``recovery``, or every recovery file of ended editors of
    ``root``; returns how many were deleted."""
    paths = [recovery.path] if recovery is not None else [
        p for p in _candidates(Path(root)) if (r := _load(p)) is None or not _running(Path(root), r.writer)]
    n = 0
    for path in paths:
        try:
            path.unlink()
            n += 1
        except FileNotFoundError:
            pass
    return n


def keep(recovery: Recovery) -> None:
    """Leave ``recovery`` for later: nothing is changed, and the next
    opening of the report offers it again."""
    return None
