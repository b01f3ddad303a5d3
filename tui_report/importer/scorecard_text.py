"""A published 自评表 in text form read back into scorecard.toml.

Published forms reach us flattened in one of three ways, and each is read:

- **one cell per line** (a web page's table copied as text): blank lines
  between cells (or none, and then a blank line is an empty cell), a lone
  ``|`` for an empty cell, merged cells (一级指标 spanning its rows) written
  once, header words broken over two lines (``年初`` / ``预算数``);
- **rows joined by `` | ``** (``总额 | 0.00 | 3.36 | 3.36 | 100.00% | 10 | 10 |``),
  one line a row, with runs of empty cells (``|||||``) padding short rows;
- **rows joined by spaces** (a PDF's text: ``年度资金总额: 880 880 880 10 10``),
  where empty cells leave no trace and a row's text cells may be glued
  together (``产出指标数量指标足额保障率=100% 22.5``).

Each is turned into a stream of cells and rows, then walked the same way:
a budget header (年初预算…) and its money rows — every one of them, the
parts (其中…, 财政专户管理资金, 单位资金) included even when their cells are
empty —, 年度总体目标 and its pairs, an indicator header (一级指标 … 三级指标 …)
and its rows, 合计 / 总分 (分值 and 得分), and the form's texts (评价结论,
存在问题, 改进措施, 项目实施内容). Columns are matched by their header
words (a note in brackets aside: 得分（20分*执行率）is the 得分 column), so
指标性质 and 度量单位 columns place their values. Cells are typed (a sign, a
number, an amount with its unit such as ``150万``, a percentage, words) so a
row that lost its empty cells is still read into the right columns; where
a money row is short of cells, the reading its own 执行率 contradicts is not
taken. What could not be placed is returned to be listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tomlkit

from tui_report.report.toml_write import decimal_item

#: header words → the scorecard key of the budget column (first match wins)
BUDGET_COLUMNS = (("年初预算", "initial"), ("全年预算", "adjusted"), ("调整后预算", "adjusted"),
                  ("调整预算", "adjusted"), ("全年执行", "executed"), ("预算执行数", "executed"),
                  ("执行数", "executed"), ("执行率", "rate"), ("分值", "weight"), ("权重", "weight"),
                  ("得分", "score"), ("原因", "reason"), ("预算数", "adjusted"))
INDICATOR_COLUMNS = (("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标名称", "name"),
                     ("指标性质", "compare"), ("年初指标值", "target_initial"), ("调整指标值", "target"),
                     ("年度指标值", "target"), ("指标值", "target"), ("目标值", "target"), ("度量单位", "unit"),
                     ("计量单位", "unit"),
                     ("实际完成值", "actual"), ("完成值", "actual"), ("分值", "weight"), ("权重", "weight"),
                     ("得分", "score"), ("原因", "reason"), ("改进措施", "reason"))
LEVEL1 = re.compile(r"^(产出|效益|满意度|成本|效果|投入|过程|履职|管理)(指标)?(（\d+分）|\(\d+分\))?$")
LEVEL2 = re.compile(r"^.{2,12}指标(等)?$")
NUMBER = re.compile(r"^-?[\d,，]+(\.\d+)?%?$")
TOTAL = re.compile(r"^(合计|总计|总分|小计)")
SIGNS = {"≥": "≥", "≧": "≥", ">=": "≥", "≤": "≤", "≦": "≤", "<=": "≤", "=": "=", "＝": "=", "═": "=", "﹦": "="}
EMPTY = {"", "/", "／", "-", "—", "－", "——", "……", "…"}
#: the form's texts, by the label in front of them
TEXT_LABELS = (("评价结论", "conclusion"), ("存在问题", "issues"), ("改进措施", "measures"),
               ("项目实施内容及过程概述", "overview"))
#: a form's own analysis of what fell short (偏差大或目标未完成原因分析 | …): its 存在问题
DEVIATION_LABEL = re.compile(r"^(?:偏差|未完成|目标未完成).{0,10}原因分析$")
#: header words broken over two lines, joined again
SPLIT_WORDS = {("年初", "预算数"), ("全年", "预算数"), ("全年", "执行数"), ("年度", "指标值"), ("实际", "完成值"),
               ("项目资金", "(万元)"), ("项目资金", "（万元）")}
#: how a money row is named (a row of the budget table with no amounts is still one)
MONEY_ROW = re.compile(r"(资金|拨款|总额|收入|支出|预算|其中)")
#: the columns after 一级 and 二级 when the header is not in the text (a form's tail)
DEFAULT_ORDER = ["name", "compare", "target", "unit", "actual", "weight", "score", "reason"]
#: the form's labelled fields above the table, and the scorecard key of each
META_LABELS = (("项目名称", "project"), ("主管部门", "department"), ("实施单位", "implementer"))


def _meta_label(flat: str) -> str:
    """The META_LABELS word a cell is the label of (项目实施单位 and 实施单位
    (盖章) are 实施单位's), or ""."""
    for word, _ in META_LABELS:
        at = flat.find(word)
        if 0 <= at <= 2 and (len(flat) <= at + len(word) + 4 or flat[at + len(word)] in "：:"):
            return word
    return ""


#: a form's footer: who signed it
FOOTER = ("项目负责人", "财务负责人", "填表人", "审核人")
#: a template's empty placeholder row (指标1, 指标2 …, left unfilled)
PLACEHOLDER_NAME = re.compile(r"^指标\s*\d+\s*[:：]?$")


@dataclass
class ScorecardImport:
    text: str  # scorecard.toml
    budget_rows: int = 0
    targets: int = 0
    indicators: int = 0
    unplaced: list[str] = field(default_factory=list)
    total: Decimal | None = None
    #: the 合计 row's 分值, when it states one
    total_weight: Decimal | None = None
    #: one_cell_per_line | pipe_rows | space_rows
    flattening: str = ""


def cells(text: str) -> list[str]:
    """The table's cells in reading order, one per line; "" for an empty
    one (a lone ``|``). A blank line is an empty cell too, unless blank
    lines are how the text separates its cells (a page copied with a blank
    line after every cell), or a lone ``|`` is its mark for one."""
    lines = text.splitlines()
    filled = sum(1 for raw in lines if raw.strip())
    marked = any(raw.strip() and set(raw.strip()) <= {"|", "｜"} for raw in lines)
    separators = marked or sum(1 for raw in lines if not raw.strip()) * 2 >= filled
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            if not separators and out:
                out.append("")
            continue
        if set(line) <= {"|", "｜", " "}:
            out.append("")
            continue
        out.append(line.strip("|｜ \t"))
    return out


def flattening(text: str) -> str:
    """Which of the three flattenings ``text`` is in."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    piped = sum(1 for line in lines if len([c for c in re.split(r"[|｜]", line) if c.strip()]) >= 2)
    if piped >= 2 or (piped and len(lines) <= 2):
        return "pipe_rows"
    spaced = sum(1 for line in lines if len(line.split()) >= 3 and any(NUMBER.match(t) for t in line.split()))
    if spaced >= 1 and spaced * 3 >= len(lines) // 2:
        return "space_rows"
    return "one_cell_per_line"


#: an amount written with the table's unit (150万, 125.25万元): the number is the cell
_WITH_UNIT = re.compile(r"(?<=\d)\s*万元?$")


def _number(cell: str) -> Decimal | None:
    cell = _WITH_UNIT.sub("", cell.replace(",", "").replace("，", "").strip())
    if not NUMBER.match(cell):
        return None
    try:
        return Decimal(cell.rstrip("%"))
    except InvalidOperation:
        return None


def _flat(cell: str) -> str:
    return re.sub(r"\s+", "", cell)


def _key(cell: str, table) -> str:
    """The column a header cell names; what it says in brackets is a note
    (得分（20分*执行率）is the 得分 column, not the 执行率)."""
    flat = re.sub(r"[（(][^（()）]*[)）]", "", _flat(cell)) or _flat(cell)
    return next((k for word, k in table if word in flat), "")


def _is_empty(cell: str) -> bool:
    return _flat(cell) in EMPTY


# --- rows from each flattening ----------------------------------------------------------------

def _glue_words(cs: list[str]) -> list[str]:
    out: list[str] = []
    for cell in cs:
        flat = _flat(cell)
        if out and ((_flat(out[-1]), flat) in SPLIT_WORDS
                    or (flat == "指标" and not NUMBER.match(out[-1])
                        and 1 < len(_flat(out[-1])) <= 8 and not _flat(out[-1]).endswith("指标"))):
            out[-1] = _flat(out[-1]) + flat
            continue
        out.append(cell)
    return out


def _pipe_rows(text: str) -> list[list[str]]:
    rows = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        parts = [c.strip() for c in re.split(r"[|｜]", raw)]
        if raw.strip().startswith(("|", "｜")):
            parts = parts[1:]
        while parts and parts[-1] == "":
            parts.pop()
        rows.append(parts)
    return rows


_GLUED = re.compile(r"^(?P<l1>(?:产出|效益|满意度|成本)指标)?(?P<l2>[^\d≥≤=＝≧≦]{2,10}?指标)?"
                    r"(?P<name>.+?)(?P<sign>≥|≤|=|＝|≧|≦)(?P<target>.+)$")


def _space_rows(text: str) -> list[list[str]]:
    """Rows of whitespace-separated tokens, each glued text cell split
    where its words show the columns (一级、二级指标 in front, a comparison
    before the target) and each form text split at its label."""
    rows = []
    for raw in text.splitlines():
        tokens = raw.split()
        row: list[str] = []
        for token in tokens:
            row += _split_token(token)
        if row:
            rows.append(row)
    return rows


def _split_token(token: str) -> list[str]:
    out: list[str] = []
    for label in FOOTER:
        if label in token and not token.startswith(label):
            head, _, tail = token.partition(label)
            return [*_split_token(head), *_split_token(label + tail)]
    for label, _ in TEXT_LABELS:  # 评价结论及时…存在问题暂无…: label, text, label, text
        if label in token and not token.startswith(label) and not token.startswith("项目"):
            head, _, tail = token.partition(label)
            return [*_split_token(head), *_split_token(label + tail)]
    for label, _ in TEXT_LABELS:
        if token.startswith(label) and len(token) > len(label):
            return [label, token[len(label):]]
    m = TOTAL.match(token)
    if m and len(token) > len(m.group(0)) and _number(token[len(m.group(0)):]) is not None:
        return [m.group(0), token[len(m.group(0)):]]
    g = _GLUED.match(token)
    if g and not NUMBER.match(token):
        for part in ("l1", "l2", "name"):
            if g.group(part):
                out.append(g.group(part))
        out.append(g.group("sign") + g.group("target"))
        return out
    return [token]


# --- the walk ---------------------------------------------------------------------------------------

class _Walk:
    def __init__(self, rows: list[list[str]], kind: str):
        self.rows = rows
        self.kind = kind
        self.used: set[tuple[int, int]] = set()
        self.budget = tomlkit.aot()
        self.targets = tomlkit.aot()
        self.indicators = tomlkit.aot()
        self.texts: dict[str, str] = {}
        self.meta: dict[str, str] = {}
        self.budget_weight: Decimal | None = None
        self.total: Decimal | None = None
        self.total_weight: Decimal | None = None

    # a stream view: (row, col) of every cell, row boundaries known or not
    def stream(self) -> list[tuple[int, int, str]]:
        return [(r, c, cell) for r, row in enumerate(self.rows) for c, cell in enumerate(row)]

    def run(self) -> None:
        cs = self.stream()
        i = 0
        while i < len(cs):
            r, c, cell = cs[i]
            flat = _flat(cell)
            if _budget_header_at(cs, i) and not len(self.budget):
                i = self._budget(cs, i)
                continue
            if flat.startswith(("年度总体目标", "项目年度目标", "年度目标")) \
                    or flat in ("预期目标", "1.项目年度目标完成情况", "项目基本情况"):
                i = self._targets(cs, i)
                continue
            if flat in ("一级指标", "指标名称") or (flat.startswith("一级指标") and len(flat) <= 6):
                i = self._indicators(cs, i)
                continue
            if LEVEL1.match(flat) and not len(self.indicators) and i + 2 < len(cs) \
                    and LEVEL2.match(_flat(cs[i + 1][2])):
                # the form's indicator header is above the text we have: the common column order
                i = self._indicator_rows(cs, i, DEFAULT_ORDER)
                continue
            label = next((k for word, k in TEXT_LABELS if flat.startswith(word) and len(flat) <= len(word) + 2
                          or re.sub(r"^\d+[.、．]", "", flat) == word), "") or (
                "issues" if DEVIATION_LABEL.match(flat) and "issues" not in self.texts else "")
            if label and i + 1 < len(cs):
                self.texts[label] = cs[i + 1][2]
                self._use(cs, i, i + 2)
                i += 2
                continue
            for word, key in META_LABELS:
                if _meta_label(flat) == word and i + 1 < len(cs) and not self.meta.get(key):
                    if len(flat) > len(word) + 4 and not flat.endswith(word):  # 项目名称：X in one cell
                        self.meta[key] = cell.split("：")[-1].split(":")[-1].strip()
                        self._use(cs, i, i + 1)
                        i += 1
                    elif _meta_label(_flat(cs[i + 1][2])):
                        # 主管部门 / 实施单位 / X: the page dropped this label's empty cell
                        self._use(cs, i, i + 1)
                        i += 1
                    else:
                        self.meta[key] = cs[i + 1][2]
                        self._use(cs, i, i + 2)
                        i += 2
                    break
            else:
                if TOTAL.match(flat):
                    i = self._total(cs, i)
                    continue
                i += 1

    def _scores(self) -> Decimal:
        """The 得分 read so far: the scored money row's and every indicator's."""
        got = [row.get("score") for row in self.budget[:1]] + [row.get("score") for row in self.indicators]
        return sum((Decimal(str(x)) for x in got if x is not None), Decimal(0))

    def _use(self, cs, start: int, end: int) -> None:
        for n in range(start, min(end, len(cs))):
            self.used.add((cs[n][0], cs[n][1]))

    # budget ------------------------------------------------------------------------------------------

    def _budget(self, cs, i: int) -> int:
        # the header runs back over header words and on while its cells are header words
        start = i
        while start > 0 and (cs[start - 1][0], cs[start - 1][1]) not in self.used \
                and _number(cs[start - 1][2]) is None \
                and (_key(cs[start - 1][2], BUDGET_COLUMNS) or _flat(cs[start - 1][2]) in ("项目", "")
                     or _flat(cs[start - 1][2]).startswith(("项目资金", "预算执行情况", "年度预算数"))
                     or (self.kind == "pipe_rows" and cs[start - 1][0] == cs[i][0])):
            start -= 1
        end = i
        while end + 1 < len(cs) and (_key(cs[end + 1][2], BUDGET_COLUMNS) or _flat(cs[end + 1][2]) in ("", "项目")
                                     or "万元" in cs[end + 1][2]) and _number(cs[end + 1][2]) is None \
                and not MONEY_ROW.search(_flat(cs[end + 1][2]).replace("预算", "")):
            end += 1
        if self.kind == "pipe_rows":
            while end + 1 < len(cs) and cs[end + 1][0] == cs[i][0]:
                end += 1
        keys = [k for k in (_key(cell, BUDGET_COLUMNS) for _, _, cell in cs[start:end + 1]
                            if not _flat(cell).startswith(("预算执行情况", "年度预算数"))) if k]
        if "weight" not in keys:
            # no 分值 column: the header states it (预算执行情况（20分）, 得分（20分*执行率）)
            points = [m.group(1) for _, _, cell in cs[start:end + 1] for m in [_POINTS.search(cell)] if m]
            if points:
                self.budget_weight = Decimal(points[0])
        self._use(cs, start, end + 1)
        j = end + 1
        first = True
        while j < len(cs):
            r, _, name = cs[j]
            flat = _flat(name)
            if not flat or _is_empty(name):
                j += 1
                continue
            if _number(name) is not None or not (MONEY_ROW.search(flat) or first) or "目标" in flat \
                    or _key(name, INDICATOR_COLUMNS) in ("level1", "name") or TOTAL.match(flat):
                break
            row = tomlkit.table()
            row["name"] = flat.rstrip(":：")
            taken = self._budget_values(cs, j + 1, keys, r, row, scored=first)
            self._use(cs, j, j + 1 + taken)
            self.budget.append(row)
            j += 1 + taken
            first = False
        return j

    def _budget_values(self, cs, j: int, keys: list[str], row_no: int, row, scored: bool = True) -> int:
        """Read one money row's cells after its name; returns how many."""
        if self.kind != "pipe_rows":
            return self._budget_fitted(cs, j, keys, row, scored)
        taken = 0
        k = 0
        while j + taken < len(cs) and k < len(keys):
            r, _, cell = cs[j + taken]
            if self.kind == "pipe_rows" and r != row_no:
                break
            flat = _flat(cell)
            if self.kind != "pipe_rows" and _number(cell) is None and not _is_empty(cell) and keys[k] != "reason":
                break  # the next row's name
            if self.kind == "one_cell_per_line" and keys[k] == "reason" and _number(cell) is None \
                    and MONEY_ROW.search(flat):
                break
            key = keys[k]
            if key == "rate" and flat and not flat.endswith("%") and not _is_empty(cell):
                k += 1  # no rate in this row: the number is the next column's
                continue
            number = _number(cell)
            if key == "reason":
                if not _is_empty(cell) and number is None:
                    row[key] = cell
            else:
                self._put_money_cell(row, key, number, flat)
            taken += 1
            k += 1
        return taken

    def _budget_fitted(self, cs, j: int, keys: list[str], row, scored: bool) -> int:
        """A money row whose empty cells may have left no trace (a page that
        drops them, a PDF's text): its cells are read up to the next row's
        name and fitted to the columns by their kind — a percentage is the
        执行率 — and, where cells are missing, by what the row itself says:
        a reading whose 执行数 over its 预算数 contradicts the row's own
        执行率 is not taken, the 分值 and 得分 of a row that is not scored
        (其中 …) are the cells missing first, and otherwise the columns fill
        from the left."""
        values: list[str] = []
        reason = ""
        n = j
        limit = len([k for k in keys if k != "reason"])
        while n < len(cs) and len(values) < limit:
            cell = cs[n][2]
            if _number(cell) is None and not _is_empty(cell):
                break
            values.append(cell)
            n += 1
        if "reason" in keys and n < len(cs):
            cell = cs[n][2]
            if _number(cell) is None and not _is_empty(cell) and not MONEY_ROW.search(_flat(cell)) \
                    and not (self.kind == "space_rows" and cs[n][0] != cs[n - 1][0]) and "目标" not in cell:
                reason = cell
                n += 1
        slots = [k for k in keys if k != "reason"]
        for key, cell in _fit(values, slots, scored).items():
            self._put_money_cell(row, key, _number(cell), _flat(cell))
        if reason:
            row["reason"] = reason
        return n - j

    # targets -----------------------------------------------------------------------------------------

    def _put_money_cell(self, row, key: str, number: Decimal | None, flat: str) -> None:
        """One cell of a money row in its column: an amount or score as a
        number, the weight for the whole part, a rate as its percent."""
        if number is None:
            return
        if key in ("initial", "adjusted", "executed", "score"):
            row[key] = decimal_item(number)
        elif key == "weight":
            self.budget_weight = number
        elif key == "rate":
            row[key] = flat if flat.endswith("%") else f"{flat}%"

    def _targets(self, cs, i: int) -> int:
        j = i
        while j < len(cs) and (_flat(cs[j][2]) in ("年度总体目标", "年度总体目标完成情况", "预期目标", "实际完成情况",
                                                    "项目年度目标", "年度目标完成情况", "年初设定目标",
                                                    "全年实际完成情况", "项目基本情况", "1.项目年度目标完成情况",
                                                    "年度总体目标完成情况综述")
                               or _flat(cs[j][2]).startswith("年度总体目标")):
            j += 1
        self._use(cs, i, j)
        while j + 1 < len(cs):
            a, b = cs[j][2], cs[j + 1][2]
            if not _flat(a):
                j += 1
                continue
            stop = (_key(a, INDICATOR_COLUMNS) in ("level1", "name") or "绩效指标" in _flat(a)
                    or any(_flat(a).startswith(w) or re.sub(r"^\d+[.、．]", "", _flat(a)) == w for w, _ in TEXT_LABELS)
                    or "预算执行" in _flat(a) or LEVEL1.match(_flat(a)))
            if stop:
                break
            target = tomlkit.table()
            target["planned"], target["actual"] = a, b
            self._use(cs, j, j + 2)
            self.targets.append(target)
            j += 2
        return j

    # indicators --------------------------------------------------------------------------------------

    def _indicators(self, cs, i: int) -> int:
        start = i
        while start > 0 and (cs[start - 1][0], cs[start - 1][1]) not in self.used and (
                (cs[start - 1][0] == cs[i][0] and self.kind == "pipe_rows")
                or ("绩效指标" in _flat(cs[start - 1][2]) and len(_flat(cs[start - 1][2])) <= 10)):
            start -= 1  # 绩效指标(90分) | 一级指标 | …, 年度绩效目标1（80分）| 一级指标: the header's caption
        end = i
        while end + 1 < len(cs) and _key(cs[end + 1][2], INDICATOR_COLUMNS) \
                and not LEVEL1.match(_flat(cs[end + 1][2])):
            end += 1
        keys = [_key(cell, INDICATOR_COLUMNS) for _, _, cell in cs[i:end + 1]]
        self._use(cs, start, end + 1)
        return self._indicator_rows(cs, end + 1, [k for k in keys if k not in ("level1", "level2")])

    def _indicator_rows(self, cs, j: int, rest: list[str]) -> int:
        level1 = level2 = ""
        just_level1: tuple[int, int] | None = None
        while j < len(cs):
            r, _, cell = cs[j]
            here = _flat(cell)
            if not here or here in ("……", "…"):
                self._use(cs, j, j + 1)
                j += 1
                continue
            if TOTAL.match(here):
                return self._total(cs, j)
            if any(here.startswith(w) for w, _ in TEXT_LABELS) or here in ("其他需要说明事项",) \
                    or here.startswith(("项目负责人", "财务负责人", "填表人", "审核人", "注")):
                return j
            if here in ("一级指标", "绩效指标") or "年初预算" in here:
                return j
            nxt = _flat(cs[j + 1][2]) if j + 1 < len(cs) else ""
            # a 一级 name right after the 一级 cell is the 二级 column (满意度指标 | 满意度指标 | 群众满意度)
            repeated = j > 0 and (cs[j - 1][0], cs[j - 1][1]) == just_level1
            if LEVEL1.match(here) and not repeated and not (here.startswith("成本") and not nxt.endswith("成本指标")):
                level1 = re.sub(r"[（(]\d+分[)）]$", "", here)
                level2 = ""
                just_level1 = (cs[j][0], cs[j][1])
                self._use(cs, j, j + 1)
                j += 1
                continue
            if LEVEL2.match(here) and (not LEVEL1.match(here) or here.startswith("成本") or repeated) \
                    and _number(cell) is None:
                level2 = here
                self._use(cs, j, j + 1)
                j += 1
                continue
            if PLACEHOLDER_NAME.match(here) and (j + 1 >= len(cs) or _number(cs[j + 1][2]) is None):
                self._use(cs, j, j + 1)  # an unfilled 指标2 of the template
                j += 1
                continue
            got, taken = self._indicator_row(cs, j, rest)
            if not taken:
                break
            row = tomlkit.table()
            row["level1"], row["level2"] = level1, level2
            compare, unit = got.get("compare", ""), got.get("unit", "")
            row["name"] = got.get("name", "")
            goal = got.get("target", "")
            sign = SIGNS.get(_flat(compare), "")
            if goal and sign and not any(goal.startswith(s) for s in SIGNS):
                goal = sign + goal
            elif goal and goal[0] in SIGNS:
                goal = SIGNS[goal[0]] + goal[1:]
            row["target"] = goal + (unit if goal and _number(goal.lstrip("≥≤=")) is not None and unit
                                    and not goal.endswith(unit) else "")
            if got.get("target_initial"):
                row["target_initial"] = got["target_initial"]
            actual = got.get("actual", "")
            row["actual"] = actual + (unit if actual and _number(actual) is not None and not actual.endswith("%")
                                      and unit else "")
            for key in ("weight", "score"):
                number = _number(got.get(key, ""))
                if number is not None:
                    row[key] = decimal_item(number)
            if got.get("reason"):
                row["reason"] = got["reason"]
            self.indicators.append(row)
            self._use(cs, j, j + taken)
            j += taken
        return j

    def _indicator_row(self, cs, j: int, keys: list[str]) -> tuple[dict[str, str], int]:
        """One indicator row from ``j``: by position within a `` | `` row,
        by the kind of each cell otherwise (a row that lost its empty cells)."""
        got: dict[str, str] = {}
        if self.kind == "pipe_rows":
            row_no = cs[j][0]
            taken = 0
            for key in keys:
                if j + taken >= len(cs) or cs[j + taken][0] != row_no:
                    break
                cell = cs[j + taken][2]
                if key and cell and not _is_empty(cell):
                    got.setdefault(key, cell)
                taken += 1
            while j + taken < len(cs) and cs[j + taken][0] == row_no:
                taken += 1  # padding of the row
            return got, taken
        taken = 0
        k = 0
        while k < len(keys) and j + taken < len(cs):
            key = keys[k]
            cell = cs[j + taken][2]
            flat = _flat(cell)
            number = _number(cell)
            if key == "name":
                if taken:
                    break
                got["name"] = cell
            elif key == "compare":
                if flat not in SIGNS:
                    k += 1
                    continue
                got["compare"] = flat
            elif key == "unit":
                if number is not None or len(flat) > 4 or flat in SIGNS or not flat:
                    k += 1
                    continue
                got["unit"] = flat
            elif key in ("weight", "score"):
                if number is None or flat.endswith("%"):
                    if key == "weight" and _later_numbers(cs, j + taken) >= 2:
                        break
                    k += 1
                    continue
                got[key] = flat
            elif key in ("target", "target_initial", "actual"):
                wanted = sum(1 for x in keys[k:] if x in ("target", "target_initial", "actual", "weight", "score"))
                scores = sum(1 for x in keys[k:] if x in ("weight", "score"))
                if number is not None and _numbers_ahead(cs, j + taken) <= scores < wanted:
                    k += 1  # too few numbers left: they are the 分值 and 得分
                    continue
                if _starts_row(cs, j + taken) and taken:
                    break
                got[key] = cell
            elif key == "reason":
                if _is_empty(cell):
                    taken += 1  # an empty reason written as …… or /
                    k += 1
                    continue
                if (number is not None and flat != "0") or PLACEHOLDER_NAME.match(flat):
                    break
                if _starts_row(cs, j + taken) or LEVEL1.match(flat) or LEVEL2.match(flat) or TOTAL.match(flat):
                    break
                got["reason"] = cell
            taken += 1
            k += 1
        return got, taken

    # 合计 ----------------------------------------------------------------------------------------------

    def _total(self, cs, j: int) -> int:
        self._use(cs, j, j + 1)
        numbers: list[Decimal] = []
        n = j + 1
        while n < len(cs) and len(numbers) < 2:
            cell = cs[n][2]
            if self.kind == "pipe_rows" and cs[n][0] != cs[j][0]:
                break
            number = _number(re.sub(r"(?<=\d)\s*分$", "", cell.strip()))
            if number is not None:
                numbers.append(number)
            elif not _is_empty(cell):
                break
            self._use(cs, n, n + 1)
            n += 1
        if len(numbers) == 1 and numbers[0] == self._scores() and numbers[0] != 100:
            self.total = numbers[0]  # 总分 | 99.55分: the sum of the scores, not of the 分值
        elif numbers:
            self.total_weight = numbers[0]
        if len(numbers) >= 2:
            self.total = numbers[1]
        if n < len(cs) and _flat(cs[n][2]) in ("优", "良", "中", "差", "优秀", "良好", "合格", "不合格"):
            self._use(cs, n, n + 1)
            n += 1
        return n


def _budget_header_at(cs, i: int) -> bool:
    """Whether cell ``i`` opens the budget table's header: 年初预算数 or
    全年预算数 anywhere, or a short 预算数 (A) with an 执行 column right after
    it (预算数(A) | 执行数(B) | 执行率(B/A))."""
    flat = _flat(cs[i][2])
    if "年初预算" in flat or "全年预算" in flat or "调整后预算" in flat:
        return True
    return (flat.startswith("预算数") and len(flat) <= 8
            and any(_key(cs[n][2], BUDGET_COLUMNS) in ("executed", "rate") for n in range(i + 1, min(i + 3, len(cs)))))


_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分")


def _fit(values: list[str], slots: list[str], scored: bool) -> dict[str, str]:
    """The money row's cells placed in its columns (see _Walk._budget_fitted)."""
    rate_at = next((i for i, v in enumerate(values) if _flat(v).endswith("%")), None)
    if "rate" in slots and rate_at is not None:
        r = slots.index("rate")
        before = _place(values[:rate_at], slots[:r], scored)
        after = _place(values[rate_at + 1:], slots[r + 1:], scored)
        rate = _number(values[rate_at])
        placed = {**before, **after, "rate": values[rate_at]}
        if rate is not None and len(values[:rate_at]) < r:
            # the cells before the rate are fewer than its columns: the row's rate picks among the readings
            readings = [dict(zip(chosen, values[:rate_at], strict=True))
                        for chosen in _orders(slots[:r], len(values[:rate_at]), scored)]
            fitting = [x for x in readings if _agrees(x, rate)]
            if fitting:
                placed = {**fitting[0], **after, "rate": values[rate_at]}
        return placed
    if rate_at is None and "rate" in slots and len(values) < len(slots):
        slots = [s for s in slots if s != "rate"]  # a row short of cells with no percentage has no rate written
    return _place(values, slots, scored)


def _place(values: list[str], slots: list[str], scored: bool) -> dict[str, str]:
    """``values`` in ``slots`` left to right; when there are fewer, the first
    of the possible readings (see :func:`_orders`)."""
    if len(values) >= len(slots):
        return dict(zip(slots, values[:len(slots)], strict=True))
    first = next(iter(_orders(slots, len(values), scored)), slots[:len(values)])
    return dict(zip(first, values, strict=True))


def _orders(slots: list[str], count: int, scored: bool):
    """Every choice of ``count`` of ``slots`` in their order, the likeliest
    first: in a row that is not scored its 分值 and 得分 are left out before
    anything else, then the columns fill from the left."""
    from itertools import combinations

    def rank(chosen: tuple[str, ...]) -> tuple:
        left_out = [s for s in slots if s not in chosen]
        unscored = sum(s in ("weight", "score") for s in left_out) if not scored else 0
        return (-unscored, [slots.index(s) for s in chosen])

    return [list(c) for c in sorted(combinations(slots, count), key=rank)]


def _agrees(reading: dict[str, str], rate: Decimal) -> bool:
    """Whether the reading's 执行数 over its 预算数 gives the typed rate
    (as rounded); a reading without both cannot disagree."""
    executed = _number(reading.get("executed", ""))
    budget = _number(reading.get("adjusted", "")) or _number(reading.get("initial", ""))
    if executed is None or not budget:
        return True
    return abs(executed / budget * 100 - rate) <= Decimal("0.5")


def _later_numbers(cs, j: int) -> int:
    """How many number cells follow from ``j`` before the next text cell."""
    count = 0
    n = j
    while n < len(cs) and _number(cs[n][2]) is not None:
        count += 1
        n += 1
    return count


def _numbers_ahead(cs, j: int) -> int:
    """Number cells from ``j`` on in this row, units between them skipped
    (``12 期 12 50 50``: four)."""
    count = 0
    n = j
    while n < len(cs):
        flat = _flat(cs[n][2])
        if _number(flat) is not None:
            count += 1
        elif not flat or (len(flat) <= 3 and flat not in SIGNS and not flat[0].isdigit()):
            pass
        else:
            break
        n += 1
    return count


def _starts_row(cs, j: int) -> bool:
    """A text cell followed by a number, a sign or a target: the name of the next row."""
    if j >= len(cs) or _number(cs[j][2]) is not None:
        return False
    flat = _flat(cs[j][2])
    if flat in SIGNS or not flat or flat.startswith(tuple(SIGNS)) or flat[0].isdigit() or len(flat) <= 2:
        return False
    nxt = _flat(cs[j + 1][2]) if j + 1 < len(cs) else ""
    return bool(nxt) and (_number(nxt) is not None or nxt in SIGNS or nxt.startswith(tuple(SIGNS))) \
        and not flat.endswith(("。", "；"))


def read(text: str, template: str = "") -> ScorecardImport:
    kind = flattening(text)
    if kind == "pipe_rows":
        rows = _pipe_rows(text)
    elif kind == "space_rows":
        rows = _space_rows(text)
    else:
        rows = [[cell] for cell in _glue_words(cells(text))]
    walk = _Walk(rows, kind)
    walk.run()
    result = ScorecardImport("", flattening=kind)
    doc = tomlkit.document()
    doc.add(tomlkit.comment("由已公开的自评表文字导入；请核对每一格"))
    if walk.total_weight is not None:
        doc.add(tomlkit.comment(f"原表合计：分值 {walk.total_weight}"
                                + (f"，得分 {walk.total}" if walk.total is not None else "")))
    doc["template"] = template or ("hunan-department" if len(walk.targets) else "central")
    for key in ("project", "department", "implementer"):
        if walk.meta.get(key):
            doc[key] = walk.meta[key]
    if walk.total is not None:
        doc["total"] = decimal_item(walk.total)
    for _, key in TEXT_LABELS:
        if key in walk.texts:
            doc[key] = walk.texts[key]
    if len(walk.budget):
        budget = tomlkit.table()
        if walk.budget_weight is not None:
            budget["weight"] = decimal_item(walk.budget_weight)
        budget["rows"] = walk.budget
        doc["budget"] = budget
    if len(walk.targets):
        doc["targets"] = walk.targets
    if len(walk.indicators):
        doc["indicators"] = walk.indicators
    result.text = tomlkit.dumps(doc)
    result.budget_rows, result.targets, result.indicators = len(walk.budget), len(walk.targets), len(walk.indicators)
    result.total, result.total_weight = walk.total, walk.total_weight
    result.unplaced = [cell for r, row in enumerate(rows) for c, cell in enumerate(row)
                       if (r, c) not in walk.used and cell.strip() and not _is_empty(cell)]
    return result
