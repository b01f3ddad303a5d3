"""The 自评表 (scored self-evaluation table) of a report: ``scorecard.toml``
in the report folder, read into a model whose every cell knows its place
in the file.

The table is flat rows rather than a nested tree — one ``[[indicators]]``
per 三级指标 carrying its 一级 and 二级 names — so each row is a few lines
of TOML, a score edit is a one-line diff, and the grid in the editor is the
file's own order. The tree (一级 → 二级 → 三级) is grouping by those names.

Amounts in the budget rows may be placeholders of the report's figures
(``executed = "{{spend_total}}"``) so the table and the report cannot
disagree; they are resolved by the checks, not here. Scoring rules, weights
and grade bands belong to the template the scorecard names
(data/templates/scorecard/NAME.toml), never to code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from tui_report.report.model import Span
from tui_report.report.positions import scan_positions, span_of
from tui_report.report.problems import Problem
from tui_report.report.terminal import invisible_message
from tui_report.report.toml_read import ReportError, parse_toml, read_text, to_decimal

SCORECARD_FILE = "scorecard.toml"

#: an amount cell: a number, a "{{figure}}" placeholder, or empty
Amount = Decimal | str | None


@dataclass
class Cell:
    """Where a value sits: problems point at it, the editor writes it."""

    span: Span | None = None


@dataclass
class BudgetRow:
    """One row of 预算执行情况: 年初预算数, 全年预算数, 全年执行数 (in the
    report's unit), and the row's 得分 when it is scored."""

    name: str
    initial: Amount = None  # 年初预算数
    adjusted: Amount = None  # 全年预算数
    executed: Amount = None  # 全年执行数
    rate: Decimal | None = None  # 执行率 typed (102.44 for 102.44%); None: computed
    score: Decimal | None = None  # 得分 typed; None: computed
    reason: str = ""  # 执行率偏低的原因
    adjust_reason: str = ""  # 年中调整（追加或调减）的理由
    index: int = 0
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass
class Target:
    """One line of 年度总体目标: what was planned against what was done."""

    planned: str = ""  # 预期目标
    actual: str = ""  # 实际完成情况
    index: int = 0
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass
class Indicator:
    """A 三级指标 with its 一级 and 二级 names."""

    level1: str
    level2: str
    name: str
    weight: Decimal | None = None  # 分值
    target: str = ""  # 年度指标值, e.g. "≥20场次", "=100%", "较好"
    actual: str = ""  # 实际完成值
    score: Decimal | None = None  # 得分 typed; None: computed by the rule
    reason: str = ""  # 偏差原因及改进措施
    #: qualitative indicators: the band the author chose (a template band name)
    rating: str = ""
    nature: str = ""  # 指标性质: ≥ ≤ = (or 定量 / 定性), when the form has the column
    unit: str = ""  # 度量单位 / 计量单位, when the form has the column
    target_initial: str = ""  # 年初指标值 (Chongqing), beside the 全年（调整）指标值 in target
    coefficient: Decimal | None = None  # 得分系数 in percent (Chongqing)
    core: bool | None = None  # 是否核心指标 (Chongqing)
    index: int = 0
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass
class Scorecard:
    template: str
    budget: list[BudgetRow] = field(default_factory=list)
    #: 预算执行率's 分值 (the template's when absent)
    budget_weight: Decimal | None = None
    targets: list[Target] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    total: Decimal | None = None  # 总分 typed; None: computed
    grade: str = ""  # 评价等级 typed; "": computed
    title: str = ""
    conclusion: str = ""  # 评价结论
    issues: str = ""  # 存在问题
    measures: str = ""  # 改进措施
    overview: str = ""  # 项目实施内容及过程概述 (Sichuan)
    project: str = ""  # 项目名称, as an imported form states it
    department: str = ""  # 主管部门
    implementer: str = ""  # 实施单位
    file: str = SCORECARD_FILE
    spans: dict[str, Span] = field(default_factory=dict)
    #: what could not be read, as problems with their place in the file
    problems: list[Problem] = field(default_factory=list)


BUDGET_KEYS = {"name", "initial", "adjusted", "executed", "rate", "score", "reason", "adjust_reason"}
TARGET_KEYS = {"planned", "actual"}
INDICATOR_KEYS = {"level1", "level2", "name", "weight", "target", "actual", "score", "reason", "rating",
                  "nature", "unit", "target_initial", "coefficient", "core"}
TEXT_KEYS = ("conclusion", "issues", "measures", "overview", "project", "department", "implementer")
TOP_KEYS = {"template", "title", "budget", "targets", "indicators", "total", "grade", *TEXT_KEYS}
BUDGET_TABLE_KEYS = {"weight", "rows"}


def read(root: Path) -> Scorecard | None:
    """The report's scorecard; None when it has none. Raises ReportError
    (with file and line) when the file cannot be parsed at all."""
    path = Path(root) / SCORECARD_FILE
    if not path.exists():
        return None
    text, _ = read_text(path, SCORECARD_FILE)
    return parse(text)


def parse(text: str, rel: str = SCORECARD_FILE) -> Scorecard:
    data = parse_toml(text, rel)
    pos = scan_positions(text)
    problems: list[Problem] = []

    def table_keys(header: str) -> list[dict]:
        return [keys for name, keys in zip(pos.headers, pos.keys, strict=True) if name == header]

    def spans_of(keys: dict) -> dict[str, Span]:
        return {k: span_of(rel, kp) for k, kp in keys.items()}

    def warn(msg: str, span: Span | None, sev: str = "error") -> None:
        span = span or Span(rel)
        problems.append(Problem("scorecard-format", sev, msg, rel, span.line, span.col, where="scorecard"))

    def number(value, what: str, span: Span | None) -> Decimal | None:
        if value is None or value == "":
            return None
        try:
            return to_decimal(value, what)
        except (ReportError, ValueError) as exc:
            warn(f"{what}应为数字：{exc}", span)
            return None

    def amount(value, what: str, span: Span | None) -> Amount:
        if isinstance(value, str) and value.strip().startswith("{{"):
            hidden(value, what, span)
            return value.strip()
        return number(value, what, span)

    def flag(value, what: str, span: Span | None) -> bool | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip() in ("是", "否"):
            return value.strip() == "是"
        warn(f"{what}应为 true / false（或“是”“否”）", span)
        return None

    def text_of(value, what: str, span: Span | None) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            warn(f"{what}应为文本", span)
            return str(value)
        hidden(value, what, span)
        return value

    def hidden(value: str, what: str, span: Span | None) -> None:
        message = invisible_message(value, f"“{what}”")
        if message:
            span = span or Span(rel)
            problems.append(Problem("invisible-char", "warning", message, rel, span.line, span.col, where="scorecard"))

    root_spans = spans_of(pos.keys[0]) if pos.keys else {}
    for key in data:
        if key not in TOP_KEYS:
            warn(f"未知的键“{key}”，将被忽略（可用：{'、'.join(sorted(TOP_KEYS))}）", root_spans.get(key), "warning")
    template = data.get("template", "")
    if not isinstance(template, str) or not template:
        warn("请用 template = \"模板名\" 指明评分模板（data/templates/scorecard/ 下的文件名）",
             root_spans.get("template"))
        template = str(template or "")
    card = Scorecard(template=template, title=text_of(data.get("title"), "title", root_spans.get("title")),
                     spans=root_spans, problems=problems)
    card.total = number(data.get("total"), "总分", root_spans.get("total"))
    card.grade = text_of(data.get("grade"), "评价等级", root_spans.get("grade"))
    for key in TEXT_KEYS:
        setattr(card, key, text_of(data.get(key, ""), key, root_spans.get(key)))

    budget = data.get("budget", {})
    budget_keys = table_keys("budget")
    budget_spans = spans_of(budget_keys[0]) if budget_keys else {}
    if not isinstance(budget, dict):
        warn("budget 应为表 [budget]", None)
        budget = {}
    card.budget_weight = number(budget.get("weight"), "预算执行分值", budget_spans.get("weight"))
    card.spans.update({f"budget.{k}": v for k, v in budget_spans.items()})
    rows = budget.get("rows", [])
    row_keys = table_keys("[[budget.rows]]")
    for n, row in enumerate(rows if isinstance(rows, list) else []):
        spans = spans_of(row_keys[n]) if n < len(row_keys) else {}
        if not isinstance(row, dict):
            warn("[[budget.rows]] 的每一项应为表", None)
            continue
        for key in row:
            if key not in BUDGET_KEYS:
                warn(f"未知的键“{key}”（可用：{'、'.join(sorted(BUDGET_KEYS))}）", spans.get(key), "warning")
        card.budget.append(BudgetRow(
            name=text_of(row.get("name", ""), "name", spans.get("name")),
            initial=amount(row.get("initial"), "年初预算数", spans.get("initial")),
            adjusted=amount(row.get("adjusted"), "全年预算数", spans.get("adjusted")),
            executed=amount(row.get("executed"), "全年执行数", spans.get("executed")),
            rate=number(_percent(row.get("rate")), "执行率", spans.get("rate")),
            score=number(row.get("score"), "得分", spans.get("score")),
            reason=text_of(row.get("reason", ""), "reason", spans.get("reason")),
            adjust_reason=text_of(row.get("adjust_reason", ""), "adjust_reason", spans.get("adjust_reason")),
            index=n, spans=spans))

    target_keys = table_keys("[[targets]]")
    targets = data.get("targets", [])
    for n, row in enumerate(targets if isinstance(targets, list) else []):
        spans = spans_of(target_keys[n]) if n < len(target_keys) else {}
        if not isinstance(row, dict):
            warn("[[targets]] 的每一项应为表", None)
            continue
        card.targets.append(Target(planned=text_of(row.get("planned", ""), "planned", spans.get("planned")),
                                   actual=text_of(row.get("actual", ""), "actual", spans.get("actual")),
                                   index=n, spans=spans))

    indicator_keys = table_keys("[[indicators]]")
    indicators = data.get("indicators", [])
    for n, row in enumerate(indicators if isinstance(indicators, list) else []):
        spans = spans_of(indicator_keys[n]) if n < len(indicator_keys) else {}
        if not isinstance(row, dict):
            warn("[[indicators]] 的每一项应为表", None)
            continue
        for key in row:
            if key not in INDICATOR_KEYS:
                warn(f"未知的键“{key}”（可用：{'、'.join(sorted(INDICATOR_KEYS))}）", spans.get(key), "warning")
        card.indicators.append(Indicator(
            level1=text_of(row.get("level1", ""), "level1", spans.get("level1")),
            level2=text_of(row.get("level2", ""), "level2", spans.get("level2")),
            name=text_of(row.get("name", ""), "name", spans.get("name")),
            weight=number(row.get("weight"), "分值", spans.get("weight")),
            target=text_of(row.get("target", ""), "target", spans.get("target")),
            actual=text_of(row.get("actual", ""), "actual", spans.get("actual")),
            score=number(row.get("score"), "得分", spans.get("score")),
            reason=text_of(row.get("reason", ""), "reason", spans.get("reason")),
            rating=text_of(row.get("rating", ""), "rating", spans.get("rating")),
            nature=text_of(row.get("nature", ""), "nature", spans.get("nature")),
            unit=text_of(row.get("unit", ""), "unit", spans.get("unit")),
            target_initial=text_of(row.get("target_initial", ""), "target_initial", spans.get("target_initial")),
            coefficient=number(_percent(row.get("coefficient")), "得分系数", spans.get("coefficient")),
            core=flag(row.get("core"), "是否核心指标", spans.get("core")),
            index=n, spans=spans))
    return card


def groups(card: Scorecard) -> list[tuple[str, list[tuple[str, list[Indicator]]]]]:
    """The indicator tree: 一级 → 二级 → 三级, in file order (a name seen
    again later starts a new group: the table is printed as written)."""
    out: list[tuple[str, list[tuple[str, list[Indicator]]]]] = []
    for ind in card.indicators:
        if not out or out[-1][0] != ind.level1:
            out.append((ind.level1, []))
        level2 = out[-1][1]
        if not level2 or level2[-1][0] != ind.level2:
            level2.append((ind.level2, []))
        level2[-1][1].append(ind)
    return out


def _percent(value):
    """"102.44%" as typed in a table, or a bare number of percent."""
    if isinstance(value, str) and value.strip().endswith(("%", "％")):
        return value.strip()[:-1]
    return value
