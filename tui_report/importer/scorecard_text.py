"""A published 自评表 in text form read back into scorecard.toml.

Web pages flatten the table to one cell per line — blank lines between
cells, a lone ``|`` (or nothing) for an empty cell, merged cells (一级指标
spanning its rows) written once, and the unit only in a header such as
``年初预算数(万元``. The reader walks the cells: a budget header (年初预算…)
and its rows of numbers, 年度总体目标 and its pairs, an indicator header
(一级指标 二级指标 三级指标 …) and its rows, each row starting a new 一级 or
二级 where a name of that kind stands, up to 合计/总分. Columns are matched
by their header words, so a table with 指标性质 or 度量单位 columns still
places its values. What could not be placed is returned to be listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tomlkit

from tui_report.report.toml_write import decimal_item

#: header words → the scorecard key of the budget column
BUDGET_COLUMNS = (("年初预算", "initial"), ("全年预算", "adjusted"), ("调整后预算", "adjusted"),
                  ("全年执行", "executed"), ("预算执行数", "executed"), ("执行数", "executed"),
                  ("执行率", "rate"), ("分值", "weight"), ("权重", "weight"), ("得分", "score"), ("原因", "reason"))
INDICATOR_COLUMNS = (("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标性质", "compare"),
                     ("年度指标值", "target"), ("指标值", "target"), ("度量单位", "unit"), ("实际完成值", "actual"),
                     ("完成值", "actual"), ("分值", "weight"), ("权重", "weight"), ("得分", "score"),
                     ("原因", "reason"), ("改进措施", "reason"))
LEVEL1 = re.compile(r"^(产出|效益|满意度|成本|效果|投入|过程|履职|管理)(指标)?$")
LEVEL2 = re.compile(r"^.{2,10}指标$")
NUMBER = re.compile(r"^-?[\d,，]+(\.\d+)?%?$")
TOTAL = re.compile(r"^(合计|总计|总分|小计)")


@dataclass
class ScorecardImport:
    text: str  # scorecard.toml
    budget_rows: int = 0
    targets: int = 0
    indicators: int = 0
    unplaced: list[str] = field(default_factory=list)
    total: Decimal | None = None


def cells(text: str) -> list[str]:
    """The table's cells in reading order; "" for an empty one."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if set(line) <= {"|", "｜", " "}:
            out.append("")
            continue
        out.append(line.strip("|｜ \t"))
    return out


def _number(cell: str) -> Decimal | None:
    cell = cell.replace(",", "").replace("，", "").strip()
    if not NUMBER.match(cell):
        return None
    try:
        return Decimal(cell.rstrip("%"))
    except InvalidOperation:
        return None


def _columns(headers: list[str], table) -> list[str]:
    out = []
    for head in headers:
        key = next((k for word, k in table if word in head.replace(" ", "")), "")
        out.append(key)
    return out


def _is_header(cell: str, table) -> bool:
    flat = cell.replace(" ", "")
    return any(word in flat for word, _ in table) or flat in ("项目", "年度预算数(万元)", "年度预算数（万元）")


def read(text: str, template: str = "") -> ScorecardImport:
    cs = cells(text)
    result = ScorecardImport("")
    doc = tomlkit.document()
    doc.add(tomlkit.comment("由已公开的自评表文字导入；请核对每一格"))
    budget_rows = tomlkit.aot()
    targets = tomlkit.aot()
    indicators = tomlkit.aot()
    used = [False] * len(cs)
    budget_weight: Decimal | None = None
    i = 0
    saw_budget_header = False
    while i < len(cs):
        cell = cs[i].replace(" ", "")
        if "年初预算" in cell and not saw_budget_header:
            saw_budget_header = True
            # the header runs back to a 项目 cell and on while its cells are header words
            start = i
            while start > 0 and _is_header(cs[start - 1], BUDGET_COLUMNS) and not used[start - 1]:
                start -= 1
            end = i
            while end + 1 < len(cs) and _is_header(cs[end + 1], BUDGET_COLUMNS) and _number(cs[end + 1]) is None:
                end += 1
            headers = [c for c in cs[start:end + 1] if c.replace(" ", "") not in ("项目", "年度预算数(万元)",
                                                                                  "年度预算数（万元）")
                       and "万元" not in c.replace("(", "（").split("（")[0]]
            for n in range(start, end + 1):
                used[n] = True
            columns = [c for c in _columns(headers, BUDGET_COLUMNS) if c]
            i = end + 1
            while i < len(cs) and _number(cs[i]) is None and cs[i] and not _is_header(cs[i], INDICATOR_COLUMNS) \
                    and "目标" not in cs[i]:
                label = cs[i]
                values = cs[i + 1:i + 1 + len(columns)]
                if not values or _number(values[0]) is None:
                    break
                row = tomlkit.table()
                row["name"] = label
                for key, value in zip(columns, values, strict=False):
                    number = _number(value)
                    if key in ("initial", "adjusted", "executed", "score") and number is not None:
                        row[key] = decimal_item(number)
                    elif key == "weight" and number is not None:
                        budget_weight = number
                    elif key == "rate" and number is not None:
                        row[key] = value if value.endswith("%") else f"{value}%"
                    elif key == "reason" and value and value not in ("/", "—"):
                        row[key] = value
                for n in range(i, i + 1 + len(values)):
                    used[n] = True
                budget_rows.append(row)
                i += 1 + len(values)
            continue
        if cell.startswith("年度总体目标") or cell == "预期目标":
            used[i] = True
            j = i + 1
            while j < len(cs) and cs[j].replace(" ", "") in ("预期目标", "实际完成情况", "年度总体目标"):
                used[j] = True
                j += 1
            while j + 1 < len(cs) and not _is_header(cs[j], INDICATOR_COLUMNS) and "绩效指标" not in cs[j]:
                target = tomlkit.table()
                target["planned"], target["actual"] = cs[j], cs[j + 1]
                used[j] = used[j + 1] = True
                targets.append(target)
                j += 2
            i = j
            continue
        if cell == "一级指标":
            end = i
            while end + 1 < len(cs) and _is_header(cs[end + 1], INDICATOR_COLUMNS) \
                    and not LEVEL1.match(cs[end + 1].replace(" ", "")):
                end += 1
            columns = _columns(cs[i:end + 1], INDICATOR_COLUMNS)
            for n in range(i, end + 1):
                used[n] = True
            rest = columns[2:]  # after 一级 and 二级, which a merged cell may leave out
            level1 = level2 = ""
            j = end + 1
            while j < len(cs):
                here = cs[j].replace(" ", "")
                if TOTAL.match(here):
                    used[j] = True
                    numbers = [_number(c) for c in cs[j + 1:j + 4] if _number(c) is not None]
                    if len(numbers) >= 2:
                        result.total = numbers[1]
                    for n in range(j + 1, min(j + 4, len(cs))):
                        if _number(cs[n]) is not None or not cs[n]:
                            used[n] = True
                    break
                if LEVEL1.match(here):
                    level1 = cs[j]
                    used[j] = True
                    j += 1
                    continue
                if LEVEL2.match(here) and not LEVEL1.match(here):
                    level2 = cs[j]
                    used[j] = True
                    j += 1
                    continue
                values = cs[j:j + len(rest)]
                if len(values) < len(rest):
                    break
                row = tomlkit.table()
                row["level1"], row["level2"] = level1, level2
                got: dict[str, str] = {}
                for key, value in zip(rest, values, strict=True):
                    if key:
                        got.setdefault(key, value)
                compare = got.get("compare", "")
                unit = got.get("unit", "")
                row["name"] = got.get("name", values[0])
                goal = got.get("target", "")
                row["target"] = (compare if compare in ("≥", "≤", "=", "＝") else "") + goal + \
                    (unit if goal and _number(goal) is not None else "")
                actual = got.get("actual", "")
                row["actual"] = actual + (unit if actual and _number(actual) is not None else "")
                for key in ("weight", "score"):
                    number = _number(got.get(key, ""))
                    if number is not None:
                        row[key] = decimal_item(number)
                if got.get("reason"):
                    row["reason"] = got["reason"]
                indicators.append(row)
                for n in range(j, j + len(rest)):
                    used[n] = True
                j += len(rest)
            i = j + 1
            continue
        i += 1
    doc["template"] = template or ("hunan-department" if targets else "central")
    if result.total is not None:
        doc["total"] = decimal_item(result.total)
    if budget_rows:
        budget = tomlkit.table()
        if budget_weight is not None:
            budget["weight"] = decimal_item(budget_weight)
        budget["rows"] = budget_rows
        doc["budget"] = budget
    if targets:
        doc["targets"] = targets
    if indicators:
        doc["indicators"] = indicators
    result.text = tomlkit.dumps(doc)
    result.budget_rows, result.targets, result.indicators = len(budget_rows), len(targets), len(indicators)
    result.unplaced = [c for c, u in zip(cs, used, strict=True) if not u and c]
    return result
