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
NUMERIC_RULES = ("completion",)


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
class Level1:
    name: str
    weight: Decimal
    level2: tuple[str, ...] = ()


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

    def grade_of(self, total: Decimal) -> str:
        for grade in sorted(self.grades, key=lambda g: g.min, reverse=True):
            if total >= grade.min:
                return grade.name
        return ""

    def band(self, rating: str) -> Band | None:
        return next((b for b in self.bands if b.rating == rating), None)


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


def find(name: str) -> Path:
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

    budget = data.get("budget", {})
    denominator = budget.get("denominator", "adjusted")
    if denominator not in DENOMINATORS:
        raise TemplateError(f"模板 {path.name} 的 budget.denominator 应为 initial 或 adjusted", rel)
    scoring = data.get("scoring", {})
    numeric = scoring.get("numeric", "completion")
    if numeric not in NUMERIC_RULES:
        raise TemplateError(f"模板 {path.name} 的 scoring.numeric 只支持 {'、'.join(NUMERIC_RULES)}", rel)
    explain = budget.get("explain_below")
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
        level1=tuple(Level1(str(x.get("name", "")), number(x.get("weight"), f"level1 {x.get('name')} weight"),
                            tuple(str(n) for n in x.get("level2", [])))
                     for x in data.get("level1", [])),
        numeric=numeric,
        bands=tuple(Band(str(b.get("rating", "")), number(b.get("from"), "scoring.bands from"),
                         number(b.get("to"), "scoring.bands to"))
                    for b in scoring.get("bands", [])),
        grades=tuple(Grade(str(g.get("name", "")), number(g.get("min"), "grades min"))
                     for g in data.get("grades", [])),
        path=path,
        report=data.get("report", {}),
    )
