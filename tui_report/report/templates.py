"""Scorecard templates: a region's 自评表 as data — its budget rows and
denominator, the indicator tree's weights, the scoring rules, the grade
bands, and the standard outline a new report of that region starts from.

A template is one TOML file named for the template
(``data/templates/scorecard/NAME.toml``). Adding a region means adding a
file, in the shipped folder or in a folder of one's own named by
``TUI_REPORT_TEMPLATES`` (several joined with ``:``), which is searched
first; docs/format.md describes the keys.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from tui_report.report.errors import TuiReportError
from tui_report.report.toml_read import ReportError, parse_toml, read_text, to_decimal
from tui_report.resources import data_dir

ENV = "TUI_REPORT_TEMPLATES"
DENOMINATORS = ("initial", "adjusted")
#: completion: 分值 × completion, capped; threshold: 0 below ``threshold``,
#: then (completion − threshold) / (1 − threshold) × 分值 (财预〔2021〕101号)
NUMERIC_RULES = ("completion", "threshold")
BUDGET_RULES = ("proportional", "steps")
#: indicator columns a template may have (level1 … reason are every form's)
COLUMNS = ("level1", "level2", "name", "nature", "unit", "target_initial", "target", "actual", "weight",
           "coefficient", "score", "rating", "core", "reason")
BASIC_COLUMNS = ("level1", "level2", "name", "target", "actual", "weight", "score", "rating", "reason")
#: texts whose length a template may limit, in 字
LIMITED = ("reason", "adjust_reason", "target_actual", "conclusion", "issues", "measures")


class TemplateError(TuiReportError):
    """A template that cannot be found or read; names the file and key."""


@dataclass(frozen=True)
class Band:
    """A qualitative rating and the share of the weight it scores."""

    rating: str
    low: Decimal  # share of the weight, 0–1
    high: Decimal


@dataclass(frozen=True)
class Grade:
    name: str
    min: Decimal


@dataclass(frozen=True)
class Step:
    """A step of a stepped rule: at ``min`` or above, ``share`` of the weight."""

    min: Decimal
    share: Decimal


@dataclass(frozen=True)
class Level1:
    name: str
    #: None: the form leaves the split of its indicator weight to the unit
    weight: Decimal | None
    level2: tuple[str, ...] = ()
    #: 一级 names that share this weight (Hubei: 效益 and 满意度 together 40)
    names: tuple[str, ...] = ()

    @property
    def members(self) -> tuple[str, ...]:
        return self.names or (self.name,)


@dataclass
class Template:
    name: str
    title: str
    region: str
    total: Decimal
    budget_weight: Decimal
    denominator: str  # "initial" | "adjusted"
    budget_rows: tuple[str, ...]
    scored_rows: int
    explain_below: Decimal | None
    level1: tuple[Level1, ...]
    numeric: str
    bands: tuple[Band, ...]
    grades: tuple[Grade, ...]
    path: Path
    #: what `new --template` starts a report from: unit, outline, figures, checks, settings
    report: dict = field(default_factory=dict)
    budget_rule: str = "proportional"
    budget_steps: tuple[Step, ...] = ()
    #: the budget rows after the first are its parts (其中 …), in groups begun by 按…分 rows
    parts_sum: bool = False
    #: 年中调整 (年初 ≠ 全年预算数) needs a reason of its own (adjust_reason)
    adjust_reason: bool = False
    #: the share of completion below which a threshold rule scores 0
    threshold: Decimal = Decimal("0.6")
    #: 满意度 scored in steps of the satisfaction reached (percent), not by completion
    satisfaction_steps: tuple[Step, ...] = ()
    #: completion above 1 + this needs a reason (超额完成); above 1 + question_over
    #: with full marks is questioned (指标值设定偏低？)
    reason_over: Decimal = Decimal("0.2")
    question_over: Decimal = Decimal("0.5")
    #: indicator columns the form has, in its order
    columns: tuple[str, ...] = BASIC_COLUMNS
    #: greatest lengths in 字 (reason, adjust_reason, target_actual, conclusion, issues, measures)
    limits: dict[str, int] = field(default_factory=dict)
    #: other accepted splits of the indicator weight, 一级 name → weight
    weight_sets: tuple[dict[str, Decimal], ...] = ()
    #: where the form and its rules were read
    sources: tuple[str, ...] = ()

    def grade_of(self, total: Decimal) -> str:
        for grade in sorted(self.grades, key=lambda g: g.min, reverse=True):
            if total >= grade.min:
                return grade.name
        return ""

    def band(self, rating: str) -> Band | None:
        return next((b for b in self.bands if b.rating == rating), None)

    def has(self, column: str) -> bool:
        return column in self.columns

    def weight_splits(self) -> list[dict[str, Decimal]]:
        """Every accepted split of the indicator weights by 一级 name (the
        template's own first), for the level-weight question."""
        main = {name: lv.weight for lv in self.level1 if lv.weight is not None for name in [lv.name]}
        return [main, *self.weight_sets] if main else list(self.weight_sets)


def search_path() -> list[Path]:
    extra = [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p.strip()]
    return [*extra, data_dir() / "templates" / "scorecard"]


def names() -> list[str]:
    """Every template name that can be used, in search order, each once."""
    seen: list[str] = []
    for folder in search_path():
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            if path.stem not in seen:
                seen.append(path.stem)
    return seen


#: the longest template name: a name, not a path or a paragraph
MAX_NAME = 64


def check_name(name: str) -> str:
    """``name`` when it is a template *name* (letters, digits, ``-`` and
    ``_``; Chinese letters too), else :class:`TemplateError`. A name is
    never a path: ``../../x``, ``/etc/x`` or a name with a NUL byte would
    otherwise make any .toml on the machine a template (a scorecard.toml
    comes with the report, from anyone)."""
    from tui_report.report.terminal import safe

    if not isinstance(name, str) or not name:
        raise TemplateError("没有给出模板名；用 tui-report scorecard templates 列出可用的模板")
    if len(name) > MAX_NAME or not all(ch.isalnum() or ch in "-_" for ch in name) or not name.isprintable():
        shown = safe(name[:MAX_NAME] + ("…" if len(name) > MAX_NAME else ""), keep_newlines=False)
        raise TemplateError(f"模板名“{shown}”无效：模板名只能由字母、数字、- 和 _ 组成（至多 {MAX_NAME} 个字符），"
                            f"不能是路径；可用：{'、'.join(names()) or '（无）'}")
    return name


def find(name: str) -> Path:
    check_name(name)
    for folder in search_path():
        path = folder / f"{name}.toml"
        if path.is_file():
            return path
    known = "、".join(names()) or "（无）"
    raise TemplateError(f"没有名为“{name}”的自评表模板；可用：{known}（模板放在 data/templates/scorecard/，"
                        f"或用环境变量 {ENV} 指定的文件夹）")


_cache: dict[Path, tuple[float, Template]] = {}


def load(name: str) -> Template:
    path = find(name)
    mtime = path.stat().st_mtime
    cached = _cache.get(path)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    template = parse(path)
    _cache[path] = (mtime, template)
    return template


def parse(path: Path) -> Template:
    rel = str(path)
    try:
        text, _ = read_text(path, rel)
        data = parse_toml(text, rel)
    except ReportError as exc:
        raise TemplateError(exc.message, exc.file, exc.line, exc.col) from None

    def number(value, what: str, default: str | None = None) -> Decimal:
        if value is None and default is not None:
            return Decimal(default)
        try:
            got = to_decimal(value, what)
        except (ReportError, ValueError):
            got = None
        if got is None:
            raise TemplateError(f"模板 {path.name} 的 {what} 应为数字", rel)
        return got

    def steps(rows, what: str) -> tuple[Step, ...]:
        out = [Step(number(r.get("min"), f"{what} min"), number(r.get("share"), f"{what} share"))
               for r in rows if isinstance(r, dict)]
        return tuple(sorted(out, key=lambda st: st.min, reverse=True))

    budget = data.get("budget", {})
    denominator = budget.get("denominator", "adjusted")
    if denominator not in DENOMINATORS:
        raise TemplateError(f"模板 {path.name} 的 budget.denominator 应为 initial 或 adjusted", rel)
    rule = budget.get("rule", "proportional")
    if rule not in BUDGET_RULES:
        raise TemplateError(f"模板 {path.name} 的 budget.rule 只支持 {'、'.join(BUDGET_RULES)}", rel)
    scoring = data.get("scoring", {})
    numeric = scoring.get("numeric", "completion")
    if numeric not in NUMERIC_RULES:
        raise TemplateError(f"模板 {path.name} 的 scoring.numeric 只支持 {'、'.join(NUMERIC_RULES)}", rel)
    columns = tuple(str(c) for c in data.get("columns", BASIC_COLUMNS))
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise TemplateError(f"模板 {path.name} 的 columns 有未知的栏目：{'、'.join(unknown)}（可用：{'、'.join(COLUMNS)}）",
                            rel)
    limits = data.get("limits", {})
    bad = [k for k in limits if k not in LIMITED]
    if bad:
        raise TemplateError(f"模板 {path.name} 的 limits 有未知的键：{'、'.join(bad)}（可用：{'、'.join(LIMITED)}）", rel)
    explain = budget.get("explain_below")

    def level(x: dict) -> Level1:
        weight = x.get("weight")
        names = x.get("names", [])
        return Level1(str(x.get("name", "")),
                      number(weight, f"level1 {x.get('name')} weight") if weight is not None else None,
                      tuple(str(n) for n in x.get("level2", [])), tuple(str(n) for n in names))

    return Template(
        name=str(data.get("name", path.stem)),
        title=str(data.get("title", "部门整体支出绩效自评表")),
        region=str(data.get("region", "")),
        total=number(data.get("total"), "total", "100"),
        budget_weight=number(budget.get("weight"), "budget.weight", "0"),
        denominator=denominator,
        budget_rows=tuple(str(r) for r in budget.get("rows", ["年度资金总额"])),
        scored_rows=int(budget.get("scored_rows", 1)),
        explain_below=number(explain, "budget.explain_below") if explain is not None else None,
        level1=tuple(level(x) for x in data.get("level1", [])),
        numeric=numeric,
        bands=tuple(Band(str(b.get("rating", "")), number(b.get("from"), "scoring.bands from"),
                         number(b.get("to"), "scoring.bands to"))
                    for b in scoring.get("bands", [])),
        grades=tuple(Grade(str(g.get("name", "")), number(g.get("min"), "grades min"))
                     for g in data.get("grades", [])),
        path=path,
        report=data.get("report", {}),
        budget_rule=rule,
        budget_steps=steps(budget.get("steps", []), "budget.steps"),
        parts_sum=bool(budget.get("parts_sum", False)),
        adjust_reason=bool(budget.get("adjust_reason", False)),
        threshold=number(scoring.get("threshold"), "scoring.threshold", "0.6"),
        satisfaction_steps=steps(scoring.get("satisfaction_steps", []), "scoring.satisfaction_steps"),
        reason_over=number(scoring.get("reason_over"), "scoring.reason_over", "0.2"),
        question_over=number(scoring.get("question_over"), "scoring.question_over", "0.5"),
        columns=columns,
        limits={str(k): int(v) for k, v in limits.items()},
        weight_sets=tuple({str(k): number(v, f"weight_sets {k}") for k, v in ws.items() if k != "when"}
                          for ws in data.get("weight_sets", []) if isinstance(ws, dict)),
        sources=tuple(str(x) for x in data.get("sources", [])),
    )
