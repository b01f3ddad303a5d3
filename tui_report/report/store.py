"""Report folder ⇄ model.

Reading uses ``tomllib`` with ``parse_float=Decimal`` (fast, and amounts stay
exact); writing goes through ``tomlkit``, parsed lazily only for files that
are edited, so comments and layout survive and a save is a small diff.
Positions of titles, bodies, figures and rules come from a line scan of the
source (``positions``), because neither TOML library reports them; reading
errors are located and explained by ``toml_read``, and strings are written
back in their original style by ``toml_write``.

The store never writes a file it did not read: each file's SHA-256 at read
time is compared with the disk before a save.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tui_report.report import conflict_markers
from tui_report.report.atomic import CommitError, digest, write_all_atomic
from tui_report.report.errors import TuiReportError
from tui_report.report.model import (
    MAX_LEVEL,
    MAX_MONEY_PLACES,
    MONEY_PLACES_SETTING,
    Accounts,
    Acknowledgement,
    Check,
    Figure,
    ImportNote,
    Report,
    Section,
    Span,
    money_places_setting,
)
from tui_report.report.places import REPORT_FILE, SECTIONS_DIR, section_file
from tui_report.report.places import where as place_where
from tui_report.report.positions import KeyPos, inline_key_spans, scan_positions, span_of
from tui_report.report.problems import Problem
from tui_report.report.safe_read import NOT_FOUND, kind_name, os_error_message, read_bytes
from tui_report.report.terminal import invisible_message
from tui_report.report.toml_read import MAX_FILE_BYTES, Layout, ReportError, parse_toml, read_text, to_decimal
from tui_report.report.toml_write import basic, decimal_item, string_like

T = TypeVar("T")

if TYPE_CHECKING:
    from tomlkit import TOMLDocument

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
FIGURE_ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

REPORT_KEYS = {"title", "department", "year", "unit", "sections", "figures", "checks", "acknowledged", "settings",
               "accounts", "import"}
FIGURE_KEYS = {"label", "value", "unit", "note", "prev", "formula", "format", "decimals", "todo"}
CHECK_KEYS = {"id", "rule", "message", "severity", "tolerance"}
ACK_KEYS = {"problem", "where", "reason"}
SECTION_KEYS = {"title", "body", "run_in", "sections", "id"}


IMPORT_KEYS = {"unsure"}
IMPORT_NOTE_KEYS = {"section", "kind", "text", "digest", "why", "source_line"}


def _entry_positions(lines: list[str], kp: KeyPos | None, count: int) -> list[KeyPos]:
    """Where each inline table of the array at ``kp`` starts, when they are
    written one a line (as the import writes them); empty when the layout is
    another, and then every entry is placed at the array's key."""
    if kp is None or not 1 <= kp.line <= len(lines):
        return []
    out: list[KeyPos] = []
    first = lines[kp.line - 1]
    rest = first[kp.col - 1:]
    if rest.startswith("[") and rest[1:].lstrip().startswith("{"):
        out.append(KeyPos(kp.line, kp.col + len(rest) - len(rest[1:].lstrip()), True))
    for no in range(kp.line + 1, len(lines) + 1):
        stripped = lines[no - 1].lstrip()
        if stripped.startswith("{"):
            out.append(KeyPos(no, len(lines[no - 1]) - len(stripped) + 1, True))
        elif stripped and not stripped.startswith("#"):
            break  # the closing ] (or the array ended on its first line)
    return out if len(out) == count else []


def _count_tables(children) -> int:
    """How many [[sections]] tables a list of subsections spans in its file."""
    n = 0
    for child in children:
        if isinstance(child, dict):
            sub = child.get("sections", [])
            n += 1 + (_count_tables(sub) if isinstance(sub, list) else 0)
    return n


def _refuse_link(root: Path, rel: str) -> None:
    """Files are read and written only inside the report folder: a symlink
    could make a save replace the link, or an export print a file from
    elsewhere on the machine. A link loop, a name too long for the system or
    a link to a device or pipe is refused with its own message."""
    path = root / rel
    try:
        if path.is_symlink():
            try:  # ELOOP for a loop, before resolve() raises RuntimeError for it
                special = kind_name(os.stat(path).st_mode)
            except FileNotFoundError:  # a link to nothing
                special = None
            if special:
                raise ReportError(rel, 1, 1, f"文件是指向{special}的符号链接，不是普通文件，不予读取；请改为普通文件")
            where = "报告文件夹之外" if not path.resolve().is_relative_to(root.resolve()) else "别的文件"
            raise ReportError(rel, 1, 1, f"文件是指向{where}的符号链接，出于安全不予读取；请改为普通文件")
        inside = path.resolve().is_relative_to(root.resolve())
    except OSError as exc:
        raise ReportError(rel, 1, 1, os_error_message(exc)) from None
    except RuntimeError:  # pathlib's "Symlink loop" in a folder of the path
        raise ReportError(rel, 1, 1, os_error_message(OSError(errno.ELOOP, "loop"))) from None
    if not inside:
        raise ReportError(rel, 1, 1, "文件所在的文件夹是指向报告文件夹之外的符号链接，出于安全不予读取")


class ConflictError(TuiReportError):
    """A file changed on disk since it was read; saving would lose that change."""

    def __init__(self, files: list[str]):
        super().__init__("磁盘上的文件已被其他程序修改：" + "、".join(files))
        self.files = files





# --- the store ---------------------------------------------------------------

@dataclass
class LoadedFile:
    rel: str
    text: str
    digest: str
    doc: TOMLDocument | None = None  # tomlkit document, parsed on first edit
    dirty: bool = False
    new: bool = False
    deleted: bool = False
    #: the byte-order mark and line endings the file had, kept when it is rewritten
    layout: Layout = field(default_factory=Layout)


class Store:
    """One report folder: the model plus what is needed to write it back."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.files: dict[str, LoadedFile] = {}
        self._report: Report | None = None
        #: While rebuilding the model, files already read give their current
        #: (edited) text instead of being read from disk again.
        self._reuse_texts = False
        #: (table, key) pairs this store added: emptied again, they are
        #: removed rather than written as empty values the user never set
        self._added_keys: set[tuple[int, str]] = set()

    @property
    def report(self) -> Report:
        """The loaded model; a store is only used after :meth:`open`."""
        if self._report is None:
            raise RuntimeError(f"no report loaded from {self.root}: use Store.open()")
        return self._report

    @report.setter
    def report(self, report: Report) -> None:
        self._report = report

    # loading ---------------------------------------------------------------

    @classmethod
    def open(cls, root: str | Path) -> Store:
        store = cls(Path(root))
        store.report = store._load()
        return store

    def _read(self, rel: str) -> str:
        f = self.files.get(rel)
        if self._reuse_texts and f is not None and not f.deleted:
            return self.text_of(rel)
        text, data = read_text(self.root / rel, rel)
        layout = Layout.of(data)
        text = layout.text(text)
        self.files[rel] = LoadedFile(rel, text, digest(data), layout=layout)
        return text

    def _load(self) -> Report:
        root = self.root
        if not root.exists():
            raise ReportError(str(root), 1, 1, "报告文件夹不存在")
        if not root.is_dir():
            raise ReportError(str(root), 1, 1, "应为报告文件夹（含 report.toml），却是文件")
        reused = self._reuse_texts and REPORT_FILE in self.files
        if not reused and not os.path.lexists(root / REPORT_FILE):
            raise ReportError(REPORT_FILE, 1, 1, "报告文件夹中没有 report.toml；用 `tui-report new` 新建报告，或用 `tui-report import` 导入现有报告")
        if not reused:
            _refuse_link(root, REPORT_FILE)
        text = self._read(REPORT_FILE)
        data = parse_toml(text, REPORT_FILE)
        pos = scan_positions(text)
        problems: list[Problem] = []

        def warn(msg: str, kp: KeyPos | None = None, sev: str = "warning", pid: str = "format") -> None:
            line, col = (kp.line, kp.col) if kp else (1, 1)
            problems.append(Problem(pid, sev, msg, REPORT_FILE, line, col))

        root_keys = pos.keys[0]
        for key in data:
            if key not in REPORT_KEYS:
                warn(f"未知的键“{key}”，将被忽略（可用：{'、'.join(sorted(REPORT_KEYS))}）", root_keys.get(key))

        def text_field(key: str, default: str) -> str:
            value = data.get(key, default)
            if not isinstance(value, str):
                warn(f"“{key}”应为文本", root_keys.get(key), "error")
                return default
            hidden = invisible_message(value, f"“{key}”")
            if hidden:
                warn(hidden, root_keys.get(key), pid="invisible-char")
            return value

        year = data.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2999:
            kp = root_keys.get("year")
            raise ReportError(REPORT_FILE, kp.line if kp else 1, kp.col if kp else 1,
                              "“year”应为年份整数，例如 year = 2023")
        report = Report(
            root=root,
            title=text_field("title", "{{department}}{{year}}年度部门整体支出绩效自评报告"),
            department=text_field("department", ""),
            year=year,
            unit=text_field("unit", "万元"),
        )
        settings = data.get("settings", {})
        if not isinstance(settings, dict):
            warn("“settings”应为表，例如 [settings]", root_keys.get("settings"), "error")
        report.settings = settings if isinstance(settings, dict) else {}
        if MONEY_PLACES_SETTING in report.settings and money_places_setting(report.settings) is None:
            settings_keys = pos.keys[pos.headers.index("settings")] if "settings" in pos.headers else {}
            shown = str(report.settings[MONEY_PLACES_SETTING])[:40]
            warn(f"[settings] {MONEY_PLACES_SETTING} = {shown} 应为 0 到 {MAX_MONEY_PLACES} 的整数（金额印出的小数位数）；"
                 f"现按 2 位小数印出", settings_keys.get(MONEY_PLACES_SETTING) or root_keys.get("settings"))

        # figures: `[figures]` with inline tables, or `[figures.ID]` tables
        fig_lines: dict[str, KeyPos] = {}
        fig_key_spans: dict[str, dict[str, Span]] = {}
        source_lines = text.split("\n")
        for header, keys in zip(pos.headers, pos.keys, strict=True):
            if header == "figures":
                fig_lines.update(keys)
                for fid, kp in keys.items():
                    fig_key_spans[fid] = inline_key_spans(REPORT_FILE, source_lines, kp)
            elif header.startswith("figures."):
                fid = header.split(".", 1)[1].strip('"')
                kp = keys.get("value") or next(iter(keys.values()), None)
                if kp:
                    fig_lines[fid] = kp
                fig_key_spans[fid] = {k: span_of(REPORT_FILE, v) for k, v in keys.items()}
        figures = data.get("figures", {})
        if not isinstance(figures, dict):
            warn("“figures”应为表", root_keys.get("figures"), "error")
            figures = {}
        for fid, spec in figures.items():
            kp = fig_lines.get(fid)
            span = span_of(REPORT_FILE, kp)
            if not FIGURE_ID_RE.match(fid):
                warn(f"数字编号“{fid}”只能含英文字母、数字和下划线，且不以数字开头", kp, "error")
                continue
            if not isinstance(spec, dict):
                # shorthand: id = 12.34
                spec = {"label": fid, "value": spec}
            for key in spec:
                if key not in FIGURE_KEYS:
                    warn(f"数字“{fid}”有未知的键“{key}”，将被忽略", kp)
            if "label" in spec and not isinstance(spec["label"], str):
                warn(f"数字“{fid}”的 label 应为文本", kp, "error")
                spec = {**spec, "label": fid}
            fig = Figure(id=fid, label=str(spec.get("label", fid)), span=span,
                         spans=fig_key_spans.get(fid, {}))
            for key in ("value", "prev"):
                try:
                    setattr(fig, key, to_decimal(spec.get(key), f"数字“{fid}”的 {key} "))
                except ValueError as exc:
                    warn(str(exc), kp, "error", "bad-value")
            for key in ("unit", "note", "formula", "format"):
                if key in spec:
                    if isinstance(spec[key], str):
                        setattr(fig, key, spec[key] if key != "note" else spec[key])
                    else:
                        warn(f"数字“{fid}”的 {key} 应为文本", kp, "error")
            if "decimals" in spec:
                d = spec["decimals"]
                if isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 10:
                    fig.decimals = d
                else:
                    warn(f"数字“{fid}”的 decimals 应为 0–10 的整数", kp, "error")
            report.figures[fid] = fig

        report.accounts = self._accounts(data, pos, warn)
        report.import_notes = self._import_notes(data, pos, source_lines, warn)

        # declared checks
        check_tables = [k for h, k in zip(pos.headers, pos.keys, strict=True) if h == "[[checks]]"]
        checks = data.get("checks", [])
        if not isinstance(checks, list):
            warn("“checks”应为 [[checks]] 表数组", root_keys.get("checks"), "error")
            checks = []
        for n, spec in enumerate(checks):
            keys = check_tables[n] if n < len(check_tables) else {}
            rule_kp = keys.get("rule")
            if not isinstance(spec, dict) or not isinstance(spec.get("rule"), str):
                warn("每条 [[checks]] 需要文本 rule，例如 rule = \"a == b + c\"", rule_kp, "error")
                continue
            for key in spec:
                if key not in CHECK_KEYS:
                    warn(f"校验规则有未知的键“{key}”，将被忽略", keys.get(key))
            severity = spec.get("severity", "error")
            if severity not in ("error", "warning", "info"):
                warn("severity 应为 error、warning 或 info", keys.get("severity"), "error")
                severity = "error"
            tol = None
            if "tolerance" in spec:
                try:
                    tol = to_decimal(spec["tolerance"], "tolerance ")
                except ValueError as exc:
                    warn(str(exc), keys.get("tolerance"), "error")
            report.checks.append(Check(
                rule=spec["rule"],
                message=str(spec.get("message", "")),
                id=str(spec.get("id", f"check-{n + 1}")),
                severity=severity,
                tolerance=tol,
                span=span_of(REPORT_FILE, rule_kp),
            ))

        check_ids: set[str] = set()
        for check in report.checks:
            if check.id in check_ids:
                kp = KeyPos(check.span.line, check.span.col, True) if check.span else None
                warn(f"校验编号“{check.id}”重复；请给每条 [[checks]] 不同的 id，否则确认（acknowledged）会对应不清", kp)
            check_ids.add(check.id)

        ack_tables = [k for h, k in zip(pos.headers, pos.keys, strict=True) if h == "[[acknowledged]]"]
        acks = data.get("acknowledged", [])
        if not isinstance(acks, list):
            warn("“acknowledged”应为 [[acknowledged]] 表数组", root_keys.get("acknowledged"), "error")
        for n, spec in enumerate(acks if isinstance(acks, list) else []):
            keys = ack_tables[n] if n < len(ack_tables) else {}
            if not isinstance(spec, dict) or "problem" not in spec:
                warn("每条 [[acknowledged]] 需要 problem（问题编号）和 reason（说明）", keys.get("problem"), "error")
                continue
            report.acknowledged.append(Acknowledgement(
                problem=str(spec["problem"]), where=str(spec.get("where", "")),
                reason=str(spec.get("reason", "")), span=span_of(REPORT_FILE, keys.get("problem")),
            ))

        # sections
        order = data.get("sections", [])
        order_kp = root_keys.get("sections")
        if not isinstance(order, list) or not all(isinstance(s, str) for s in order):
            raise ReportError(REPORT_FILE, order_kp.line if order_kp else 1, 1,
                              "“sections”应为章节编号列表，例如 sections = [\"overview\", \"budget\"]")
        seen: set[str] = set()
        for sid in order:
            if sid in seen:
                warn(f"章节“{sid}”在 sections 中重复出现，只取第一次", order_kp, "error")
                continue
            seen.add(sid)
            if not ID_RE.match(sid):
                warn(f"章节编号“{sid}”只能含英文字母、数字、- 和 _（它也是文件名 sections/{sid}.toml）", order_kp, "error")
                continue
            report.sections.append(self._load_section_file(sid, problems))
        sec_dir = root / SECTIONS_DIR
        if sec_dir.is_dir():
            for extra in sorted(sec_dir.glob("*.toml")):
                if extra.stem not in seen:
                    problems.append(Problem(
                        "unlisted-file", "warning",
                        f"文件 {SECTIONS_DIR}/{extra.name} 未列在 report.toml 的 sections 中，不会出现在报告里",
                        f"{SECTIONS_DIR}/{extra.name}", 1, 1))
        self._load_scorecard(report, problems)
        problems += conflict_markers.load_problems(
            {rel: self.text_of(rel) for rel, f in self.files.items() if not f.deleted})
        report.load_problems = problems
        return report

    @staticmethod
    def _accounts(data: dict, pos, warn) -> Accounts | None:
        """``[accounts]``: ``workbook`` (a path from the report folder) and
        ``map`` (figure id → ``表名关键词/行名/列名``); what is not text is
        reported and left out."""
        spec = data.get("accounts")
        if spec is None:
            return None
        keys: dict[str, KeyPos] = next((k for h, k in zip(pos.headers, pos.keys, strict=True) if h == "accounts"), {})
        if not isinstance(spec, dict):
            warn("“accounts”应为表，例如 [accounts] 下写 workbook = \"决算.xls\"", pos.keys[0].get("accounts"), "error")
            return None
        for key in spec:
            if key not in ("workbook", "map"):
                warn(f"[accounts] 有未知的键“{key}”，将被忽略（可用：workbook、map）", keys.get(key))
        workbook = spec.get("workbook", "")
        if not isinstance(workbook, str):
            warn("[accounts] 的 workbook 应为文本（部门决算工作簿的路径）", keys.get("workbook"), "error")
            workbook = ""
        mapping: dict[str, str] = {}
        raw = spec.get("map", {})
        map_keys: dict[str, KeyPos] = next(
            (k for h, k in zip(pos.headers, pos.keys, strict=True) if h == "accounts.map"), {})
        if not isinstance(raw, dict):
            warn("[accounts] 的 map 应为表，例如 [accounts.map] 下写 编号 = \"表名关键词/行名/列名\"",
                 keys.get("map"), "error")
            raw = {}
        for fid, text in raw.items():
            if isinstance(text, str):
                mapping[fid] = text
            else:
                warn(f"[accounts.map] 的“{fid}”应为文本“表名关键词/行名/列名”", map_keys.get(fid), "error")
        return Accounts(workbook, mapping, span_of(REPORT_FILE, keys.get("workbook") or pos.keys[0].get("accounts")))

    @staticmethod
    def _import_notes(data: dict, pos, lines: list[str], warn) -> list[ImportNote]:
        """``[import] unsure``: the lines the import was unsure of (written by
        the import, one inline table a line). A value of the wrong kind is a
        warning at its line and that entry (or key) is left out: a note
        only asks the author to look, it must never stop a report opening."""
        spec = data.get("import")
        if spec is None:
            return []
        keys: dict[str, KeyPos] = next((k for h, k in zip(pos.headers, pos.keys, strict=True) if h == "import"), {})
        if not isinstance(spec, dict):
            warn("“import”应为表 [import]（导入时写下的记录）；已忽略", pos.keys[0].get("import"))
            return []
        for key in spec:
            if key not in IMPORT_KEYS:
                warn(f"[import] 有未知的键“{key}”，将被忽略（可用：{'、'.join(sorted(IMPORT_KEYS))}）", keys.get(key))
        raw = spec.get("unsure", [])
        unsure_kp = keys.get("unsure")
        if not isinstance(raw, list):
            warn("[import] 的 unsure 应为数组，例如 unsure = [{ section = \"overview\", kind = \"title\", "
                 "text = \"…\" }]；已忽略", unsure_kp)
            return []
        entry_kps = _entry_positions(lines, unsure_kp, len(raw))
        out: list[ImportNote] = []
        for n, entry in enumerate(raw):
            kp = entry_kps[n] if entry_kps else unsure_kp
            at = f"[import] 的 unsure 第 {n + 1} 项"
            if not isinstance(entry, dict):
                warn(f"{at}应为表，例如 {{ section = \"overview\", kind = \"title\", text = \"…\" }}；已忽略", kp)
                continue
            spans = inline_key_spans(REPORT_FILE, lines, kp) if entry_kps and kp is not None else {}

            def key_at(key: str, kp=kp, spans=spans) -> KeyPos | None:
                s = spans.get(key)
                return KeyPos(s.line, s.col, s.verbatim) if s is not None else kp

            for key in entry:
                if key not in IMPORT_NOTE_KEYS:
                    warn(f"{at}有未知的键“{key}”，将被忽略（可用：{'、'.join(sorted(IMPORT_NOTE_KEYS))}）", key_at(key))
            text, kind = entry.get("text"), entry.get("kind")
            if not isinstance(text, str) or not text.strip():
                warn(f"{at}的 text 应为非空文本（标题或段落的开头）；该项已忽略", key_at("text"))
                continue
            if kind not in ("title", "body"):
                warn(f"{at}的 kind 应为 \"title\"（标题）或 \"body\"（正文段落）；该项已忽略", key_at("kind"))
                continue
            values: dict[str, str] = {}
            for key in ("section", "digest", "why"):
                value = entry.get(key, "")
                if not isinstance(value, str):
                    warn(f"{at}的 {key} 应为文本；已按空白处理", key_at(key))
                    value = ""
                values[key] = value
            line = entry.get("source_line", 0)
            if isinstance(line, bool) or not isinstance(line, int) or line < 0:
                warn(f"{at}的 source_line 应为原文的行号（正整数）；已忽略该键", key_at("source_line"))
                line = 0
            out.append(ImportNote(values["section"], kind, text, values["digest"], values["why"], line,
                                  span_of(REPORT_FILE, kp)))
        return out

    def _load_scorecard(self, report: Report, problems: list[Problem]) -> None:
        """scorecard.toml, when the report has one: read like the section
        files (so the editor can edit and save it), a broken one reported
        with its line rather than stopping the report from opening."""
        from tui_report.report.scorecard import SCORECARD_FILE, parse

        rel = SCORECARD_FILE
        if not (self._reuse_texts and rel in self.files and not self.files[rel].deleted):
            if not os.path.lexists(self.root / rel):
                return
            _refuse_link(self.root, rel)
        try:
            report.scorecard = parse(self._read(rel), rel)
        except ReportError as exc:
            problems.append(Problem("unreadable", "error", exc.message, exc.file, exc.line, exc.col,
                                    where="scorecard"))

    def _load_section_file(self, sid: str, problems: list[Problem]) -> Section:
        rel = section_file(sid)
        path = self.root / rel
        try:
            if not (self._reuse_texts and rel in self.files):
                _refuse_link(self.root, rel)
                if not path.exists():
                    raise ReportError(rel, 1, 1, f"文件不存在：report.toml 的 sections 列出了“{sid}”，"
                                                 f"请新建 {rel}，或从 sections 中删去“{sid}”")
            text = self._read(rel)
            data = parse_toml(text, rel)
        except ReportError as exc:
            problems.append(Problem("unreadable", "error", exc.message, exc.file, exc.line, exc.col, where=sid))
            return Section(title=sid, id=sid, file=rel, error=str(exc))
        pos = scan_positions(text)
        counter = iter(range(len(pos.keys)))
        return self._build_section(data, sid, rel, (), pos, counter, 1, problems)

    def _build_section(self, data, sid, rel, path, pos, counter, level, problems) -> Section:
        index = next(counter, None)
        keys = pos.keys[index] if index is not None and index < len(pos.keys) else {}
        where = place_where(rel, path)

        def warn(msg, key=None, sev="warning"):
            kp = keys.get(key) if key else None
            problems.append(Problem("format", sev, msg, rel, kp.line if kp else 1, kp.col if kp else 1, where=where))

        for key in data:
            if key not in SECTION_KEYS:
                warn(f"未知的键“{key}”，将被忽略（可用：{'、'.join(sorted(SECTION_KEYS))}）", key)
        title = data.get("title", "")
        body = data.get("body", "")
        if not isinstance(title, str):
            warn("title 应为文本", "title", "error")
            title = str(title)
        if not isinstance(body, str):
            warn("body 应为文本", "body", "error")
            body = str(body)
        # bodies are written as '''<newline>text<newline>''' so each paragraph has its own
        # line; the newline before the closing delimiter is layout, not text
        if body.endswith("\n"):
            body = body[:-1]
        run_in = data.get("run_in", False)
        if not isinstance(run_in, bool):
            warn("run_in 应为 true 或 false", "run_in", "error")
            run_in = False
        section = Section(
            title=title,
            body=body,
            run_in=run_in,
            id=sid if not path else str(data.get("id", "")),
            file=rel,
            path=path,
            title_span=span_of(rel, keys.get("title")),
            body_span=span_of(rel, keys.get("body")),
        )
        children = data.get("sections", [])
        if not isinstance(children, list):
            warn("sections 应为 [[sections]] 表数组", "sections", "error")
            children = []
        if children and level >= MAX_LEVEL:
            # point at the first ignored subsection, and skip the position
            # entries of the whole ignored subtree so later siblings keep theirs
            first = next(counter, None)
            for _ in range(_count_tables(children) - 1):
                next(counter, None)
            kp = pos.keys[first].get("title") if first is not None and first < len(pos.keys) else None
            problems.append(Problem("format", "error", f"章节层级超过 {MAX_LEVEL} 级（一、（一）1.（1）），更深的小节将被忽略",
                                    rel, kp.line if kp else 1, kp.col if kp else 1, where=where))
            return section
        for n, child in enumerate(children):
            if not isinstance(child, dict):
                warn("sections 的每一项应为表", "sections", "error")
                continue
            section.children.append(self._build_section(child, sid, rel, path + (n,), pos, counter, level + 1, problems))
        return section

    # editing ---------------------------------------------------------------

    def document(self, rel: str):
        """The tomlkit document of a file, parsed once and kept for its edits
        (structure edits move whole tables in it)."""
        import tomlkit

        f = self.files[rel]
        if f.doc is None:
            f.doc = tomlkit.parse(f.text)
        return f.doc

    def _table(self, section: Section):
        table = self.document(section.file)
        for n in section.path:
            table = table["sections"][n]
        return table

    def _touch(self, rel: str) -> None:
        f = self.files[rel]
        f.dirty = True
        self._rescan(rel)

    def _rescan(self, rel: str) -> None:
        """Refresh spans of the sections of ``rel`` from the edited text."""
        text = self.text_of(rel)
        if rel == REPORT_FILE:
            return
        pos = scan_positions(text)
        counter = iter(range(len(pos.keys)))
        for top in self.report.sections:
            if top.file != rel:
                continue
            for section, _ in top.walk():
                index = next(counter, None)
                keys = pos.keys[index] if index is not None else {}
                section.title_span = span_of(rel, keys.get("title"))
                section.body_span = span_of(rel, keys.get("body"))

    def text_of(self, rel: str) -> str:
        """Current text of a file, edits included."""
        f = self.files[rel]
        return f.doc.as_string() if f.doc is not None else f.text

    def set_body(self, section: Section, text: str) -> None:
        if text == section.body:
            return
        table = self._table(section)
        if "body" not in table:
            self._added_keys.add((id(table), "body"))
        if not text and (id(table), "body") in self._added_keys:
            # typed into a section without a body and erased again: the key
            # goes with the text, so the file is back to what was read
            del table["body"]
            self._added_keys.discard((id(table), "body"))
        else:
            table["body"] = string_like(table.get("body"), text, multiline=True)
        section.body = text
        self._touch(section.file)

    def set_title(self, section: Section, title: str) -> None:
        if title == section.title:
            return
        table = self._table(section)
        table["title"] = string_like(table.get("title"), title, multiline=False)
        section.title = title
        self._touch(section.file)

    def set_run_in(self, section: Section, run_in: bool) -> None:
        if run_in == section.run_in:
            return
        table = self._table(section)
        if run_in:
            table["run_in"] = True
        elif "run_in" in table:
            del table["run_in"]
        section.run_in = run_in
        self._touch(section.file)

    def _figure_table(self, fid: str):
        doc = self.document(REPORT_FILE)
        return doc["figures"][fid]

    def set_figure_value(self, fid: str, value: Decimal | None, key: str = "value") -> None:
        """Set a figure's value (or ``prev``); ``None`` leaves it to fill."""
        fig = self.report.figures[fid]
        if getattr(fig, key) == value and value is not None:
            return
        table = self._figure_table(fid)
        table[key] = decimal_item(value)
        setattr(fig, key, value)
        self._touch(REPORT_FILE)

    def set_figure_field(self, fid: str, key: str, text: str) -> None:
        fig = self.report.figures[fid]
        table = self._figure_table(fid)
        table[key] = text
        setattr(fig, key, text)
        self._touch(REPORT_FILE)

    # figure management and acknowledgements -----------------------------------
    #
    # Each edits report.toml's tomlkit document in place (in ``figure_toml``'s
    # style), as bodies and values are edited, and then reads the model again
    # (lines and columns after the edit move): ``store.report`` is a new
    # object, so views remember sections by ``Section.place``, never by the
    # object. A refused edit raises ``EditRefused`` and changes nothing.

    def apply(self, edit: Callable[[], T]) -> T:
        """Run ``edit`` (a change of this store's files). A failure of the
        TOML library or of an unexpected file layout (a key or index that
        is not there, a value of the wrong kind) leaves every file as it was
        and becomes an :class:`EditRefused` naming it: callers catch the one
        base, ``TuiReportError``, never tomlkit's own exceptions."""
        from tomlkit.exceptions import TOMLKitError

        from tui_report.report import history
        from tui_report.report.figure_toml import EditRefused

        before = history.capture(self, "")
        try:
            return edit()
        except TuiReportError:
            self._back_to(before)
            raise
        except (TOMLKitError, KeyError, IndexError, ValueError, TypeError) as exc:
            self._back_to(before)
            raise EditRefused(f"文件的结构与预期不同，未能修改（{type(exc).__name__}：{exc}）；"
                              "文件未改动，可在文本编辑器中检查这一处") from exc

    def _back_to(self, state) -> None:
        from tui_report.report import history

        if history.capture(self, "").texts != state.texts:
            history.restore(self, state)

    def _edit_report_toml(self, edit) -> Report:
        """An edit of report.toml, made as every edit is: in place, in the
        file's tomlkit document (comments and layout kept). The result is
        read back by tomllib first (an edit that would make the file
        unreadable is refused and undone), then the model is read again from
        the text, because every figure's file position may have moved; a
        section file's edit moves only its own sections' (:meth:`_rescan`)."""
        import tomlkit

        from tui_report.report import figure_toml

        f = self.files[REPORT_FILE]
        had_doc, was_dirty = f.doc is not None, f.dirty
        doc = self.document(REPORT_FILE)
        before = doc.as_string()
        try:
            edit(doc)
            text = figure_toml.tidy(doc.as_string(), before)
            parse_toml(text, REPORT_FILE)  # raises ReportError: the edit is refused, not written
        except BaseException:
            f.doc = tomlkit.parse(before) if had_doc else None  # the file as it was
            f.dirty = was_dirty
            raise
        if text != doc.as_string():
            self.replace_text(REPORT_FILE, text)  # the blank line a new table ended in, at the end of the file
        if text != before:
            self.files[REPORT_FILE].dirty = True
        return self.rebuild()

    def _known_figure(self, fid: str) -> Figure:
        from tui_report.report.figure_toml import EditRefused

        fig = self.report.figures.get(fid)
        if fig is None:
            raise EditRefused(f"没有编号为“{fid}”的数字")
        return fig

    def add_figure(self, fid: str, label: str, unit: str | None = None,
                   value: Decimal | None = None) -> Figure:
        """A new typed figure (``value`` None: to fill); ``unit`` None, empty
        or the report's own unit writes no ``unit`` key, so the figure follows
        the report's unit."""
        from tui_report.report import figure_toml
        from tui_report.report.figure_toml import EditRefused

        if not FIGURE_ID_RE.match(fid):
            raise EditRefused(f"数字编号“{fid}”只能含英文字母、数字和下划线，且不以数字开头")
        if fid in self.report.figures:
            raise EditRefused(f"数字编号“{fid}”已存在；请换一个编号")
        entries = [("label", basic(_one_line(label, "名称"))), ("value", figure_toml.value_text(value))]
        unit = _unit_or_none(unit, self.report.unit)
        if unit is not None:
            entries.append(("unit", basic(unit)))
        self._edit_report_toml(lambda doc: figure_toml.add_figure(doc, fid, entries))
        return self.report.figures[fid]

    def set_figure_label(self, fid: str, label: str) -> None:
        """The words prose uses for the figure (what 实际支出 is called)."""
        from tui_report.report import figure_toml

        fig = self._known_figure(fid)
        label = _one_line(label, "名称")
        if label == fig.label:
            return
        self._edit_report_toml(lambda doc: figure_toml.set_key(doc, fid, "label", basic(label)))

    def set_figure_unit(self, fid: str, unit: str | None) -> None:
        """``unit`` None, empty or the report's unit removes the key: the
        figure then follows the report's unit, as figures normally do."""
        from tui_report.report import figure_toml

        fig = self._known_figure(fid)
        new = _unit_or_none(unit, self.report.unit)
        if new == fig.unit:
            return
        if new is None:
            self._edit_report_toml(lambda doc: figure_toml.remove_key(doc, fid, "unit"))
        else:
            self._edit_report_toml(lambda doc: figure_toml.set_key(doc, fid, "unit", basic(new)))

    def delete_figure(self, fid: str) -> None:
        """Removes the figure's table whatever still names it: the caller
        asks first (``figures.usage.figure_in_use``), since a placeholder left
        behind becomes an ``unknown-placeholder`` error."""
        from tui_report.report import figure_toml

        self._known_figure(fid)
        self._edit_report_toml(lambda doc: figure_toml.delete_figure(doc, fid))

    def set_figure_formula(self, fid: str, formula: str | None) -> None:
        """Make ``fid`` a derived figure computed by ``formula`` (its typed
        ``value`` goes: it would never be read), or with None or "" a typed
        figure again, to fill.

        The formula is written as given: the formula language lives above the
        store (``figures/``), so the editor calls
        :func:`tui_report.figures.editing.set_formula`, which parses it first
        and refuses one that cannot be computed."""
        from tui_report.report import figure_toml

        fig = self._known_figure(fid)
        text = _one_line(formula or "", "公式", allow_empty=True)
        if (text or None) == fig.formula:
            return

        def edit(doc) -> None:
            if text:
                figure_toml.replace_key(doc, fid, "value", "formula", basic(text))
            else:
                figure_toml.replace_key(doc, fid, "formula", "value", figure_toml.value_text(None))

        self._edit_report_toml(edit)

    def set_figure_values(self, values: list[tuple[str, str, Decimal]], decimals: dict[str, int] | None = None,
                          accounts: Accounts | None = None) -> None:
        """Several typed figures' ``value`` or ``prev`` in one edit of
        report.toml (an import from the 部门决算: one undoable step), each
        figure's line kept in its style; ``decimals`` adds the key to the
        figures named; ``accounts`` writes the ``[accounts]`` table too."""
        from tui_report.report import figure_toml
        from tui_report.report.figure_toml import EditRefused

        for fid, key, _ in values:
            fig = self._known_figure(fid)
            if fig.derived or key not in ("value", "prev"):
                raise EditRefused(f"数字“{fid}”由公式计算，不能填入数值")

        def edit(doc) -> None:
            for fid, key, value in values:
                figure_toml.set_key(doc, fid, key, figure_toml.toml_number(value))
            for fid, places in (decimals or {}).items():
                figure_toml.set_key(doc, fid, "decimals", str(places))
            if accounts is not None:
                figure_toml.set_accounts(doc, accounts.workbook, accounts.map)

        self._edit_report_toml(edit)

    def add_acknowledgement(self, problem: Problem, reason: str, where: str | None = None) -> Acknowledgement:
        """Accept ``problem`` with ``reason``: one ``[[acknowledged]]`` entry
        appended to report.toml, narrowed to ``where`` (by default where the
        problem is: its figure, check, section path, the text as typed, or
        its file), so it covers this problem and not every one with the
        same id."""
        from tui_report.report import figure_toml
        from tui_report.report.figure_toml import EditRefused

        why = _one_line(reason, "说明")
        if where is None:
            where = problem.where or str(problem.extra.get("text", "")) or problem.file
        entries = [("problem", basic(problem.id))]
        if where:
            entries.append(("where", basic(where)))
        entries.append(("reason", basic(why)))
        if problem.acknowledged:
            raise EditRefused(f"这个问题已确认（{problem.reason}）")
        self._edit_report_toml(lambda doc: figure_toml.add_acknowledgement(doc, entries))
        return self.report.acknowledged[-1]

    def set_scorecard_cell(self, part: str, index: int, key: str, value) -> None:
        """One cell of scorecard.toml: ``part`` is "budget", "targets",
        "indicators" (the ``index``-th row) or "" (the top: total, grade);
        ``value`` a Decimal, a text, or None to remove the key (the score is
        then computed). The model's scorecard is read again from the text."""
        from tui_report.report.scorecard import SCORECARD_FILE, parse

        rel = SCORECARD_FILE
        doc = self.document(rel)
        if part == "budget":
            table = doc["budget"]["rows"][index]
        elif part in ("targets", "indicators"):
            table = doc[part][index]
        elif part == "budget-table":
            table = doc["budget"]
        else:
            table = doc
        if value is None or value == "":
            if key in table:
                del table[key]
        elif isinstance(value, Decimal):
            table[key] = decimal_item(value)
        elif isinstance(value, bool):
            table[key] = value
        else:
            table[key] = string_like(table.get(key), str(value), multiline=False)
        self.files[rel].dirty = True
        self.report.scorecard = parse(self.text_of(rel), rel)

    def scorecard_rows(self, part: str, op: str, index: int, row: dict | None = None) -> int:
        """Add, remove or move one row of scorecard.toml's ``part``
        ("budget", "targets" or "indicators"): ``op`` "add" puts ``row``
        (key → value) after ``index`` (-1: first), "remove" deletes row
        ``index``, "up" / "down" swaps it with its neighbour. Returns the
        index of the row the cursor belongs on afterwards. Whole tables move,
        so each row keeps its comments and its keys' order."""
        import tomlkit

        from tui_report.report.scorecard import SCORECARD_FILE, parse

        rel = SCORECARD_FILE
        doc = self.document(rel)
        if part == "budget":
            if "budget" not in doc:
                doc["budget"] = tomlkit.table()
            holder, key = doc["budget"], "rows"
        elif part in ("targets", "indicators"):
            holder, key = doc, part
        else:
            raise ValueError(part)
        tables = list(holder[key]) if key in holder else []
        at = index
        if op == "add":
            table = tomlkit.table()
            for k, v in (row or {}).items():
                table[k] = decimal_item(v) if isinstance(v, Decimal) else v
            at = index + 1
            tables.insert(at, table)
        elif op == "remove":
            if not 0 <= index < len(tables):
                return index
            del tables[index]
            at = max(0, min(index, len(tables) - 1))
        elif op in ("up", "down"):
            at = index - 1 if op == "up" else index + 1
            if not (0 <= index < len(tables) and 0 <= at < len(tables)):
                return index
            tables[index], tables[at] = tables[at], tables[index]
        else:
            raise ValueError(op)
        fresh = tomlkit.aot()
        for table in tables:
            fresh.append(table)
        holder[key] = fresh
        # a table moved keeps the blank line after it: never more than one before a header
        text = re.sub(r"\n{3,}(?=\[)", "\n\n", doc.as_string())
        self.replace_text(rel, text)
        self.report.scorecard = parse(self.text_of(rel), rel)
        return at

    # structure support (used by structure) --------------------------------

    def replace_text(self, rel: str, text: str) -> None:
        """Give a file new text (after a structure edit), keeping it a diff
        against what was read rather than a new file."""
        import tomlkit

        f = self.files[rel]
        f.doc = tomlkit.parse(text)
        f.dirty = True

    def add_file(self, rel: str, text: str) -> None:
        """A file to create on save; a file deleted earlier in this session
        and added again is rewritten in place, so git sees an edit."""
        import tomlkit

        f = self.files.get(rel)
        if f is not None and f.deleted:
            f.deleted = False
            f.doc = tomlkit.parse(text)
            f.dirty = True
            return
        if f is not None:
            raise ValueError(f"{rel} already exists")
        if (self.root / rel).exists():
            raise ValueError(f"{rel} already exists on disk")
        self.files[rel] = LoadedFile(rel, "", "", doc=tomlkit.parse(text), dirty=True, new=True)

    def remove_file(self, rel: str) -> None:
        """A file to delete on save; one never written is simply forgotten."""
        f = self.files[rel]
        if f.new:
            del self.files[rel]
        else:
            f.deleted = True

    def reload_section(self, sid: str) -> Section:
        """The top-level section of ``sections/SID.toml`` rebuilt from the
        file's current (edited) text, with fresh paths and spans."""
        rel = section_file(sid)
        text = self.text_of(rel)
        problems: list[Problem] = []
        data = parse_toml(text, rel)
        pos = scan_positions(text)
        counter = iter(range(len(pos.keys)))
        return self._build_section(data, sid, rel, (), pos, counter, 1, problems)

    # saving ----------------------------------------------------------------

    def dirty_files(self) -> list[str]:
        """Files a save would write: new, deleted, or edited to a text that
        differs from the one read (typing and undoing back is not an edit)."""
        out = []
        for rel, f in self.files.items():
            if f.dirty and not (f.new or f.deleted) and self.text_of(rel) == f.text:
                f.dirty = False
            if f.dirty or f.new or f.deleted:
                out.append(rel)
        return out

    def changed_on_disk(self, rels: list[str] | None = None) -> list[str]:
        """Files whose disk content differs from what was read (or that
        appeared/vanished), so a save would overwrite someone else's work."""
        out = []
        for rel in rels if rels is not None else list(self.files):
            f = self.files[rel]
            path = self.root / rel
            try:
                # never blocks: a pipe or device put in the file's place is
                # refused at once, and counts as a change
                data = read_bytes(path, rel, MAX_FILE_BYTES)
            except ReportError as exc:
                if exc.message != NOT_FOUND or not f.new:
                    out.append(rel)
                continue
            if f.new or digest(data) != f.digest:
                out.append(rel)
        return out

    def save(self, force: bool = False) -> list[str]:
        """Write every edited file, all-or-nothing; returns the files written.

        Every edited file is first written to a temp file next to it
        (fsynced), and only when all of them are written are they renamed
        into place (:func:`~tui_report.report.atomic.write_all_atomic`). A
        failure before that (disk full, permission denied, …) removes the
        temp files and raises the ``OSError`` with no file changed and the
        store still dirty; so a save (the editor's, or ``check --fix``
        across several files) never leaves half its files written. Files to
        delete are deleted after the renames. Raises :class:`ConflictError`
        when a file changed on disk since it was read, unless ``force`` (the
        user chose "keep mine")."""
        dirty = self.dirty_files()
        if not dirty:
            return []
        if not force:
            conflicts = self.changed_on_disk(dirty)
            if conflicts:
                raise ConflictError(conflicts)
        texts = {rel: self.text_of(rel) for rel in dirty if not self.files[rel].deleted}
        for rel in texts:
            (self.root / rel).parent.mkdir(parents=True, exist_ok=True)

        data = {rel: self.files[rel].layout.encode(text) for rel, text in texts.items()}

        def written_out(rel: str) -> None:
            f = self.files[rel]
            f.text = texts[rel]
            f.digest = digest(data[rel])
            f.dirty = f.new = False

        try:
            write_all_atomic([(self.root / rel, data[rel]) for rel in texts])
        except CommitError as exc:
            for rel in texts:
                if self.root / rel in exc.done:
                    written_out(rel)
            raise
        for rel in texts:
            written_out(rel)
        written = list(texts)
        for rel in dirty:
            if self.files[rel].deleted:
                try:
                    (self.root / rel).unlink()
                except FileNotFoundError:
                    pass
                del self.files[rel]
                written.append(rel)
        return written

    # external changes and recovery --------------------------------------------
    #
    # Each of these rebuilds ``self.report`` (a new object): a view holding
    # sections of the old model must fetch them again.

    def rebuild(self) -> Report:
        """The model again from the texts in hand, edits included; files not
        yet read (or dropped by :meth:`reload_file`) are read from disk."""
        self._reuse_texts = True
        try:
            self.report = self._load()
        finally:
            self._reuse_texts = False
        return self.report

    def external_change(self, rel: str) -> str | None:
        """``"modified"`` or ``"deleted"`` when the file on disk is no longer
        the one read (by hash, not mtime), else None."""
        if rel not in self.changed_on_disk([rel]):
            return None
        return "modified" if (self.root / rel).exists() else "deleted"

    def disk_text(self, rel: str) -> str | None:
        """The file's text on disk now; None when it is gone or unreadable."""
        try:
            text, data = read_text(self.root / rel, rel)
        except ReportError:
            return None
        return Layout.of(data).text(text)

    def disk_digest(self, rel: str) -> str | None:
        """SHA-256 of the file on disk now; None when it is gone or cannot
        be read as a report file (a pipe put there is refused, not waited on)."""
        try:
            return digest(read_bytes(self.root / rel, rel, MAX_FILE_BYTES))
        except ReportError:
            return None

    def disk_diff(self, rel: str) -> str:
        """Unified diff from the file on disk to my version of it."""
        f = self.files.get(rel)
        mine = self.text_of(rel) if f is not None and not f.deleted else ""
        disk = self.disk_text(rel)
        state = "磁盘上" if disk is not None else "磁盘上：已删除"
        return text_diff(disk or "", mine, f"{rel}（{state}）", f"{rel}（我的版本）")

    def reload_file(self, rel: str) -> Report:
        """"Reload": drop my edits of ``rel`` and take the disk's version
        (a file deleted on disk becomes a section that says so). Raises
        :class:`ReportError`, changing nothing, when report.toml cannot be
        read back."""
        old = self.files.pop(rel, None)
        try:
            return self.rebuild()
        except ReportError:
            if old is not None:
                self.files[rel] = old
            raise

    def reload_unedited(self) -> list[str]:
        """Take the disk's version of every file changed there that I have
        not edited (nothing of mine is lost); returns those files."""
        changed = [rel for rel in self.changed_on_disk()
                   if not (self.files[rel].dirty or self.files[rel].new or self.files[rel].deleted)]
        if changed:
            old = {rel: self.files.pop(rel) for rel in changed}
            try:
                self.rebuild()
            except ReportError:
                self.files.update(old)
                raise
        return changed

    def keep_mine(self, rel: str) -> None:
        """"Keep mine": the next save writes my version of ``rel`` over the
        change on disk (or writes it again if it was deleted there)."""
        f = self.files[rel]
        mine = self.text_of(rel)
        try:
            f.digest = digest(read_bytes(self.root / rel, rel, MAX_FILE_BYTES))
            f.new = False
            # the disk's version is now what a save replaces: mine is an edit
            # of it even where mine equals what was first read
            disk = self.disk_text(rel)
            f.text = disk if disk is not None else ""
        except ReportError as exc:
            if exc.message == NOT_FOUND:
                f.new = True
        f.deleted = False
        if f.doc is None:
            import tomlkit

            f.doc = tomlkit.parse(mine)
        f.dirty = True

    def set_text(self, rel: str, text: str, base_digest: str | None = None) -> Report:
        """Give a file a whole new text as an unsaved edit (restoring a
        recovery file). ``base_digest`` is the hash of the disk version the
        text was edited from: when the disk has moved on since, the next
        save stops with :class:`ConflictError` instead of overwriting it.
        Raises :class:`ReportError`, changing nothing, for invalid TOML."""
        import tomlkit

        parse_toml(text, rel)
        f = self.files.get(rel)
        if f is None:
            # never read: a file only on disk must not be overwritten unasked
            f = LoadedFile(rel, "", "", new=not (self.root / rel).exists())
            self.files[rel] = f
        f.doc = tomlkit.parse(text)
        f.deleted = False
        f.dirty = text != f.text or f.new
        if base_digest:
            f.digest = base_digest
        return self.rebuild()


def _one_line(text: str, what: str, allow_empty: bool = False) -> str:
    """A label, unit, formula or reason as one line of text: it is written
    as a one-line string, and a line break in it is a paste gone wrong."""
    from tui_report.report.figure_toml import EditRefused

    text = text.strip()
    if not text and not allow_empty:
        raise EditRefused(f"{what}不能为空")
    if "\n" in text or "\r" in text:
        raise EditRefused(f"{what}只能写一行")
    return text


def _unit_or_none(unit: str | None, report_unit: str) -> str | None:
    """None for "the report's unit": no key is the usual way to say it."""
    text = _one_line(unit or "", "单位", allow_empty=True)
    return None if not text or text == report_unit else text


def text_diff(old: str, new: str, old_label: str, new_label: str) -> str:
    """A unified diff that stays well-formed when a text lacks a final newline."""
    import difflib

    def lines(text: str) -> list[str]:
        out = text.splitlines(keepends=True)
        if out and not out[-1].endswith(("\n", "\r")):
            out[-1] += "\n"
        return out

    return "".join(difflib.unified_diff(lines(old), lines(new), old_label, new_label))


def load(root: str | Path) -> Report:
    return Store.open(root).report
