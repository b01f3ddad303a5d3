"""部门决算 workbooks made on the fly, in the layouts the readers must handle.

Nothing binary is committed: each test writes the workbook it needs from the
amounts below. The layouts:

- ``z_xls``: the 决算 software's Z-sheet export as .xls (xlwt), 万元, merged
  group headers, a 栏次 row, sheet names cut at 31 characters, a cover
  sheet and a distractor table whose title also holds 支出决算表;
- ``z_xlsx``: the same workbook as .xlsx (openpyxl);
- ``shifted_xlsx``: the Z sheets moved down three rows and right two
  columns, columns in another order, no merged cells (each header cell
  written out), no 栏次 row;
- ``public_xls``: the published 公开表 (公开01表 …) in 元, with 行次 columns,
  a sheet without its unit line, the 三公 table as one line of column
  groups.

``TRUTH`` holds every amount in 元; a 万元 table shows it rounded to the
cent of 万元 (half up), as the software prints it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

D = Decimal

#: the unit's 决算, in 元
TRUTH: dict[str, Decimal] = {
    "fiscal_general": D("2203200.00"),
    "business_income": D("100000.00"),
    "income_year": D("2303200.00"),
    "fiscal_income": D("2203200.00"),
    "balance_start": D("0"),
    "income_total": D("2303200.00"),
    "spend_total": D("1539912.34"),
    "balance_distribution": D("0"),
    "balance_end": D("763287.66"),
    "expense_total": D("2303200.00"),
    "budget_approved": D("1503200.00"),
    "budget_adjusted": D("2303200.00"),
    "spend_total_prev": D("1049000.00"),
    "spend_basic": D("1253212.34"),
    "spend_project": D("286700.00"),
    "staff_costs": D("1003456.78"),
    "office_costs": D("249755.56"),
    "three_public": D("15802.30"),
    "travel_abroad": D("0"),
    "vehicles": D("12345.60"),
    "vehicle_purchase": D("0"),
    "vehicle_running": D("12345.60"),
    "reception": D("3456.70"),
    "three_public_budget": D("20000.00"),
    "science": D("1539912.34"),
}

#: what the distractor table (一般公共预算财政拨款收入支出决算表) says
DISTRACTOR_BASIC = D("1200000.00")

STANDARD = ("income_year", "fiscal_income", "spend_total", "spend_basic", "spend_project", "staff_costs",
            "office_costs", "three_public", "travel_abroad", "vehicles", "vehicle_purchase", "vehicle_running",
            "reception", "balance_start", "balance_end", "budget_approved", "budget_adjusted",
            "income_total", "expense_total", "balance_distribution")

LAYOUTS = ("z_xls", "z_xlsx", "shifted_xlsx", "public_xls")


def wan(amount: Decimal) -> Decimal:
    """An amount as a 万元 table prints it."""
    return (amount / 10000).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def expected(layout: str, fid: str) -> Decimal:
    """The value the import must propose in a 万元 report: a 万元 table's
    cell as printed, a 元 table's cell converted exactly."""
    if layout == "public_xls":
        return TRUTH[fid] / 10000
    return wan(TRUTH[fid])


@dataclass
class Sheet:
    name: str
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, r1, c0, c1 inclusive

    def put(self, r: int, c: int, value: object, to: tuple[int, int] | None = None) -> None:
        self.cells[(r, c)] = value
        if to is not None and to != (r, c):
            self.merges.append((r, to[0], c, to[1]))


class Grid:
    """Writes a sheet at an offset, merged or with each header cell
    written out, in 元 or 万元."""

    def __init__(self, sheet: Sheet, dr: int, dc: int, merge: bool, unit: str) -> None:
        self.sheet, self.dr, self.dc, self.merge, self.unit = sheet, dr, dc, merge, unit

    def put(self, r: int, c: int, value: object, to: tuple[int, int] | None = None) -> None:
        r, c = r + self.dr, c + self.dc
        end = (to[0] + self.dr, to[1] + self.dc) if to else None
        if self.merge or end is None:
            self.sheet.put(r, c, value, end)
        else:
            for rr in range(r, end[0] + 1):
                for cc in range(c, end[1] + 1):
                    self.sheet.put(rr, cc, value)

    def amount(self, r: int, c: int, key_or_value: str | Decimal) -> None:
        value = TRUTH[key_or_value] if isinstance(key_or_value, str) else key_or_value
        shown = wan(value) if self.unit == "万元" else value
        self.put(r, c, float(shown))

    def top(self, title: str, corner: str, width: int, unit_line: bool = True) -> None:
        self.put(0, 0, title, (0, width - 1))
        self.put(1, width - 1, corner)
        self.put(2, 0, "编制单位：长沙市芙蓉区科学技术协会")
        if unit_line:
            self.put(2, width - 1, f"金额单位：{self.unit}" if self.unit == "万元" else "单位：元")


# --- the Z-sheet export ---------------------------------------------------------------

def _summary(sheet: Sheet, dr: int, dc: int, merge: bool, unit: str, corner: str, budget: bool,
             order: tuple[str, ...] = ("年初预算数", "全年预算数", "决算数", "上年决算数"),
             line_numbers: bool = False) -> None:
    """收入支出决算总表: 收入 on the left, 支出 on the right, each a label,
    (行次,) and its amount columns."""
    cols = [c for c in order if budget or c == "决算数"]
    side = 1 + (1 if line_numbers else 0) + len(cols)
    g = Grid(sheet, dr, dc, merge, unit)
    g.top("收入支出决算总表", corner, 2 * side)
    for n, group in enumerate(("收入", "支出")):
        base = n * side
        g.put(3, base, group, (3, base + side - 1))
        g.put(4, base, "项目", (5, base))
        c = base + 1
        if line_numbers:
            g.put(4, c, "行次", (5, c))
            c += 1
        for name in cols:
            g.put(4, c, name, (5, c))
            c += 1
    has_lanci = merge or line_numbers
    first = 7 if has_lanci else 6
    if has_lanci:
        for n in range(2):
            g.put(6, n * side, "栏次")
            for k in range(len(cols)):
                g.put(6, n * side + side - len(cols) + k, str(n * len(cols) + k + 1))
    income = [("一、一般公共预算财政拨款收入", "fiscal_general"), ("二、政府性基金预算财政拨款收入", D(0)),
              ("三、国有资本经营预算财政拨款收入", D(0)), ("四、上级补助收入", D(0)),
              ("五、事业收入", "business_income"), ("六、经营收入", D(0)), ("七、附属单位上缴收入", D(0)),
              ("八、其他收入", D(0)), ("本年收入合计", "income_year"), ("使用非财政拨款结余", D(0)),
              ("年初结转和结余", "balance_start"), ("总计", "income_total")]
    expense: list[tuple[str, str | Decimal] | None] = [
        ("一、科学技术支出", "science"), None, None, None, None, None, None, None,
        ("本年支出合计", "spend_total"), ("结余分配", "balance_distribution"),
        ("年末结转和结余", "balance_end"), ("总计", "expense_total")]
    for k, (left, right) in enumerate(zip(income, expense, strict=True)):
        r = first + k
        for n, item in enumerate((left, right)):
            if item is None:
                continue
            label, value = item
            base = n * side
            g.put(r, base, label)
            c = base + 1
            if line_numbers:
                g.put(r, c, str(n * 12 + k + 1))
                c += 1
            for name in cols:
                if name == "决算数":
                    g.amount(r, c, value)
                elif name == "上年决算数":
                    if label == "本年支出合计":
                        g.amount(r, c, "spend_total_prev")
                elif label == "本年支出合计":
                    g.amount(r, c, "budget_approved" if name == "年初预算数" else "budget_adjusted")
                c += 1


def _by_function(sheet: Sheet, dr: int, dc: int, merge: bool, unit: str, title: str, corner: str,
                 columns: list[tuple[str, str | Decimal]], codes: str, unit_line: bool = True) -> None:
    """收入决算表 / 支出决算表: rows by 功能分类 (类 款 项, or one 科目编码
    column), a 合计 row across the code columns first."""
    g = Grid(sheet, dr, dc, merge, unit)
    ncode = 3 if codes == "split" else 1
    width = ncode + 1 + len(columns)
    g.top(title, corner, width, unit_line)
    g.put(3, 0, "项目", (3, ncode))
    if codes == "split":
        g.put(4, 0, "支出功能分类科目编码", (4, 2))
        for k, name in enumerate(("类", "款", "项")):
            g.put(5, k, name)
        g.put(4, 3, "科目名称", (5, 3))
    else:
        g.put(4, 0, "科目编码", (5, 0))
        g.put(4, 1, "科目名称", (5, 1))
    for k, (name, _) in enumerate(columns):
        g.put(3, ncode + 1 + k, name, (5, ncode + 1 + k))
    g.put(6, 0, "栏次", (6, ncode))
    for k in range(len(columns)):
        g.put(6, ncode + 1 + k, str(k + 1))
    g.put(7, 0, "合计", (7, ncode))
    for k, (_, value) in enumerate(columns):
        g.amount(7, ncode + 1 + k, value)
    lines = [("206", "", "", "科学技术支出"), ("206", "01", "", "科学技术管理事务"),
             ("206", "01", "01", "行政运行")]
    for n, (lei, kuan, xiang, name) in enumerate(lines):
        r = 8 + n
        if codes == "split":
            for k, code in enumerate((lei, kuan, xiang)):
                if code:
                    g.put(r, k, code)
        else:
            g.put(r, 0, lei + kuan + xiang)
        g.put(r, ncode, name)
        for k, (_, value) in enumerate(columns):
            g.amount(r, ncode + 1 + k, value if n == 0 or not isinstance(value, str) else D(0))


def _basic_detail(sheet: Sheet, dr: int, dc: int, merge: bool, unit: str) -> None:
    """基本支出决算明细表: rows by 经济分类, columns 合计 / 人员经费 / 公用经费."""
    g = Grid(sheet, dr, dc, merge, unit)
    g.top("基本支出决算明细表", "财决05-1表", 5)
    g.put(3, 0, "项目", (3, 1))
    g.put(4, 0, "科目编码", (5, 0))
    g.put(4, 1, "科目名称", (5, 1))
    for k, name in enumerate(("合计", "人员经费", "公用经费")):
        g.put(3, 2 + k, name, (5, 2 + k))
    g.put(6, 0, "合计", (6, 1))
    g.amount(6, 2, "spend_basic")
    g.amount(6, 3, "staff_costs")
    g.amount(6, 4, "office_costs")
    g.put(7, 0, "301")
    g.put(7, 1, "工资福利支出")
    g.amount(7, 2, D("900000.00"))
    g.amount(7, 3, D("900000.00"))
    g.amount(7, 4, D(0))


def _three_public_rows(sheet: Sheet, dr: int, dc: int, merge: bool, unit: str) -> None:
    """三公经费 with a row per 预算数 / 决算数 and 公务用车 as a column group."""
    g = Grid(sheet, dr, dc, merge, unit)
    g.top("一般公共预算财政拨款“三公”经费支出决算表", "财决附03表", 7)
    g.put(3, 0, "项目", (4, 0))
    g.put(3, 1, "合计", (4, 1))
    g.put(3, 2, "因公出国(境)费", (4, 2))
    g.put(3, 3, "公务用车购置及运行费", (3, 5))
    g.put(4, 3, "小计")
    g.put(4, 4, "公务用车购置费")
    g.put(4, 5, "公务用车运行费")
    g.put(3, 6, "公务接待费", (4, 6))
    g.put(5, 0, "预算数")
    g.amount(5, 1, "three_public_budget")
    for c in range(2, 7):
        g.amount(5, c, D(0))
    g.put(6, 0, "决算数")
    for c, key in enumerate(("three_public", "travel_abroad", "vehicles", "vehicle_purchase", "vehicle_running",
                             "reception"), start=1):
        g.amount(6, c, key)


def _distractor(sheet: Sheet, dr: int, dc: int, merge: bool, unit: str) -> None:
    g = Grid(sheet, dr, dc, merge, unit)
    g.top("一般公共预算财政拨款收入支出决算表", "财决07表", 5)
    g.put(3, 0, "项目", (4, 0))
    g.put(3, 1, "合计", (4, 1))
    g.put(3, 2, "基本支出", (4, 2))
    g.put(3, 3, "项目支出", (4, 3))
    g.put(3, 4, "本年支出合计", (4, 4))
    g.put(5, 0, "合计")
    for c, value in enumerate((D("1500000.00"), DISTRACTOR_BASIC, D("300000.00"), D("1500000.00")), start=1):
        g.amount(5, c, value)


def z_sheets(shift: tuple[int, int] = (0, 0), merge: bool = True) -> list[Sheet]:
    dr, dc = shift
    unit = "万元"
    cover = Sheet("封面")
    cover.put(0, 0, "2022年度部门决算报表")
    cover.put(2, 0, "单位名称：长沙市芙蓉区科学技术协会")
    z01 = Sheet("Z01 收入支出决算总表(财决01表)")
    order = ("年初预算数", "全年预算数", "决算数", "上年决算数") if merge else ("决算数", "年初预算数", "全年预算数")
    _summary(z01, dr, dc, merge, unit, "财决01表", True, order)
    z03 = Sheet("Z03 收入决算表(财决03表)")
    _by_function(z03, dr, dc, merge, unit, "收入决算表", "财决03表",
                 [("本年收入合计", "income_year"), ("财政拨款收入", "fiscal_income"), ("上级补助收入", D(0)),
                  ("事业收入", "business_income"), ("经营收入", D(0)), ("其他收入", D(0))], "split")
    z04 = Sheet("Z04 支出决算表(财决04表)")
    _by_function(z04, dr, dc, merge, unit, "支出决算表", "财决04表",
                 [("本年支出合计", "spend_total"), ("基本支出", "spend_basic"), ("项目支出", "spend_project"),
                  ("上缴上级支出", D(0)), ("经营支出", D(0)), ("对附属单位补助支出", D(0))], "split")
    z05 = Sheet("Z05_1 基本支出决算明细表(财决05-1表)")
    _basic_detail(z05, dr, dc, merge, unit)
    z07 = Sheet("Z07 一般公共预算财政拨款收入支出决算表(财决07表)"[:31])
    _distractor(z07, dr, dc, merge, unit)
    f03 = Sheet("F03 一般公共预算财政拨款“三公”经费支出决算表(财决附03表)"[:31])
    _three_public_rows(f03, dr, dc, merge, unit)
    return [cover, z01, z03, z04, z05, z07, f03]


# --- the published 公开表 (元) ---------------------------------------------------------------

def _public_basic(sheet: Sheet) -> None:
    """公开06表: 人员经费 and 公用经费 side by side, each with its 合计 line."""
    g = Grid(sheet, 0, 0, True, "元")
    g.top("一般公共预算财政拨款基本支出决算表", "公开06表", 6)
    for n, group in enumerate(("人员经费", "公用经费")):
        base = n * 3
        g.put(3, base, group, (3, base + 2))
        g.put(4, base, "科目编码")
        g.put(4, base + 1, "科目名称")
        g.put(4, base + 2, "决算数")
    g.put(5, 0, "301")
    g.put(5, 1, "工资福利支出")
    g.amount(5, 2, D("900000.00"))
    g.put(5, 3, "302")
    g.put(5, 4, "商品和服务支出")
    g.amount(5, 5, TRUTH["office_costs"])
    g.put(6, 0, "人员经费合计", (6, 1))
    g.amount(6, 2, "staff_costs")
    g.put(6, 3, "公用经费合计", (6, 4))
    g.amount(6, 5, "office_costs")


def _public_three(sheet: Sheet) -> None:
    """公开07表: one line of amounts, 预算数 and 决算数 as column groups."""
    g = Grid(sheet, 0, 0, True, "元")
    g.top("一般公共预算财政拨款“三公”经费支出决算表", "公开07表", 12)
    for n, group in enumerate(("预算数", "决算数")):
        base = n * 6
        g.put(3, base, group, (3, base + 5))
        g.put(4, base, "合计", (5, base))
        g.put(4, base + 1, "因公出国(境)费", (5, base + 1))
        g.put(4, base + 2, "公务用车购置及运行费", (4, base + 4))
        g.put(5, base + 2, "小计")
        g.put(5, base + 3, "公务用车购置费")
        g.put(5, base + 4, "公务用车运行费")
        g.put(4, base + 5, "公务接待费", (5, base + 5))
    for c in range(12):
        g.put(6, c, float(c + 1))  # column numbers, as numbers, no 栏次 word
    g.amount(7, 0, "three_public_budget")
    for c in range(1, 6):
        g.amount(7, c, D(0))
    for c, key in enumerate(("three_public", "travel_abroad", "vehicles", "vehicle_purchase", "vehicle_running",
                             "reception"), start=6):
        g.amount(7, c, key)


def public_sheets() -> list[Sheet]:
    p1 = Sheet("公开01表 收入支出决算总表")
    _summary(p1, 0, 0, True, "元", "公开01表", False, line_numbers=True)
    p2 = Sheet("公开02表 收入决算表")
    _by_function(p2, 0, 0, True, "元", "收入决算表", "公开02表",
                 [("本年收入合计", "income_year"), ("财政拨款收入", "fiscal_income"), ("上级补助收入", D(0)),
                  ("事业收入", "business_income"), ("经营收入", D(0)), ("其他收入", D(0))], "joined",
                 unit_line=False)
    p3 = Sheet("公开03表 支出决算表")
    _by_function(p3, 0, 0, True, "元", "支出决算表", "公开03表",
                 [("本年支出合计", "spend_total"), ("基本支出", "spend_basic"), ("项目支出", "spend_project"),
                  ("上缴上级支出", D(0)), ("经营支出", D(0)), ("对附属单位补助支出", D(0))], "joined")
    p6 = Sheet("公开06表 一般公共预算财政拨款基本支出决算表"[:31])
    _public_basic(p6)
    p7 = Sheet("公开07表 一般公共预算财政拨款“三公”经费支出决算表"[:31])
    _public_three(p7)
    return [p1, p2, p3, p6, p7]


# --- writing ---------------------------------------------------------------------------------------

def xls_bytes(sheets: list[Sheet]) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for sheet in sheets:
        ws = book.add_sheet(sheet.name)
        covered = set()
        for r0, r1, c0, c1 in sheet.merges:
            ws.write_merge(r0, r1, c0, c1, sheet.cells.get((r0, c0)))
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for (r, c), value in sheet.cells.items():
            if (r, c) not in covered:
                ws.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        for (r, c), value in sheet.cells.items():
            ws.cell(row=r + 1, column=c + 1, value=value)
        for r0, r1, c0, c1 in sheet.merges:
            ws.merge_cells(start_row=r0 + 1, end_row=r1 + 1, start_column=c0 + 1, end_column=c1 + 1)
    if first is not None:
        book.remove(first)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_bytes(layout: str) -> bytes:
    if layout == "z_xls":
        return xls_bytes(z_sheets())
    if layout == "z_xlsx":
        return xlsx_bytes(z_sheets())
    if layout == "shifted_xlsx":
        return xlsx_bytes(z_sheets(shift=(3, 2), merge=False))
    if layout == "public_xls":
        return xls_bytes(public_sheets())
    raise ValueError(layout)


def write(layout: str, folder: Path, name: str | None = None) -> Path:
    """The workbook of ``layout`` written into ``folder``."""
    ext = ".xls" if layout.endswith("xls") else ".xlsx"
    path = Path(folder) / (name or f"决算-{layout}{ext}")
    path.write_bytes(workbook_bytes(layout))
    return path


def write_bad(kind: str, folder: Path) -> Path:
    """Files that are not a usable 部门决算 export."""
    folder = Path(folder)
    if kind == "not_accounts":
        other = Sheet("人员名单")
        other.put(0, 0, "姓名")
        other.put(0, 1, "年龄")
        other.put(1, 0, "张三")
        other.put(1, 1, 30.0)
        path = folder / "名单.xlsx"
        path.write_bytes(xlsx_bytes([other]))
    elif kind == "damaged_xls":
        path = folder / "坏.xls"
        path.write_bytes(workbook_bytes("z_xls")[:3000])
    elif kind == "damaged_xlsx":
        path = folder / "坏.xlsx"
        path.write_bytes(workbook_bytes("z_xlsx")[:2000])
    elif kind == "html":
        path = folder / "网页.xls"
        path.write_bytes("<html><body><table><tr><td>收入支出决算总表</td></tr></table></body></html>".encode())
    elif kind == "empty":
        path = folder / "空.xls"
        path.write_bytes(b"")
    else:
        raise ValueError(kind)
    return path
