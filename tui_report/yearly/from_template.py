"""Starting from a region's template instead of last year's report:
``scorecard init`` writes a 自评表 to fill, ``new FOLDER --template NAME``
a whole report — the region's headings in order with the guidance each
section expects as TOML comments, the standard figures and identities, the
``[settings]`` denominator for 预算执行率, and the matching scorecard.

Everything written comes from the template file; what is left to do is
what `check` then lists (unfilled figures, empty sections, indicators to
fill), nothing else.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import tomlkit

from tui_report.report.atomic import write_atomic
from tui_report.report.folder_writer import create_folder
from tui_report.report.scorecard import SCORECARD_FILE
from tui_report.report.templates import Template, load

#: the 三级指标 row a template's 二级 gets until the author writes real ones
TO_FILL = "（请填写三级指标）"


def scorecard_text(template: Template, figures: set[str], year: int | None = None) -> str:
    """scorecard.toml for ``template``: its budget rows (amounts tied to
    the report's figures where the template names ones it has), one empty
    target, and one indicator row per 一级 carrying its weight."""
    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"{template.title}（{template.region or template.name}）"))
    doc.add(tomlkit.comment("每个三级指标一个 [[indicators]]：分值 weight、年度指标值 target（如 ≥20场次）、"))
    doc.add(tomlkit.comment("实际完成值 actual、得分 score（留空按模板规则计算）、偏差原因 reason。"))
    doc.add(tomlkit.nl())
    doc["template"] = template.name
    doc["title"] = f"{year}年度{template.title}" if year else template.title
    budget = tomlkit.table()
    budget["weight"] = int(template.budget_weight) if template.budget_weight == template.budget_weight.to_integral() \
        else float(template.budget_weight)
    links = template.report.get("scorecard_budget", {})
    rows = tomlkit.aot()
    for n, name in enumerate(template.budget_rows):
        row = tomlkit.table()
        row["name"] = name
        if n == 0:
            for key in ("initial", "adjusted", "executed"):
                value = str(links.get(key, ""))
                placeholder = value.strip().removeprefix("{{").removesuffix("}}").strip()
                if value and placeholder in figures:
                    row[key] = value
        rows.append(row)
    budget["rows"] = rows
    doc["budget"] = budget
    targets = tomlkit.aot()
    target = tomlkit.table()
    target["planned"] = ""
    target["actual"] = ""
    targets.append(target)
    doc["targets"] = targets
    indicators = tomlkit.aot()
    for level in template.level1:
        for n, member in enumerate(level.members):  # 一级 sharing one weight: the weight on the first
            row = tomlkit.table()
            row["level1"] = member
            row["level2"] = level.level2[0] if level.level2 and n == 0 else ""
            row["name"] = TO_FILL
            row["target"] = ""
            row["actual"] = ""
            if level.weight is not None and n == 0:  # a form that leaves the split to the unit has none
                row["weight"] = int(level.weight) if level.weight == level.weight.to_integral() \
                    else float(level.weight)
            indicators.append(row)
    doc["indicators"] = indicators
    return tomlkit.dumps(doc)


def init_scorecard(root: Path, name: str) -> Path:
    """Write ROOT/scorecard.toml from template ``name`` (never over one
    that exists: FileExistsError)."""
    from tui_report.report.store import Store

    template = load(name)
    report = Store.open(root).report
    path = Path(root) / SCORECARD_FILE
    if path.exists():
        raise FileExistsError(path)
    write_atomic(path, scorecard_text(template, set(report.figures), report.year))
    return path


def _section_text(title: str, guidance: str, body: str = "") -> str:
    doc = tomlkit.document()
    if guidance:
        doc.add(tomlkit.comment(f"本节应写：{guidance}"))
    doc["title"] = title
    doc["body"] = tomlkit.string("\n" + body + "\n", multiline=True, literal=True) if body else ""
    return tomlkit.dumps(doc)


def report_text(template: Template, department: str, year: int) -> str:
    spec = template.report
    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"按模板 {template.name}（{template.region or template.name}）新建的报告"))
    doc["title"] = "{{department}}{{year}}年度部门整体支出绩效自评报告"
    doc["department"] = department
    doc["year"] = year
    doc["unit"] = spec.get("unit", "万元")
    doc["sections"] = [entry["id"] for entry in spec.get("outline", [])]
    figures = tomlkit.table()
    for fid, fig in spec.get("figures", {}).items():
        item = tomlkit.inline_table()
        item.update(fig)
        figures[fid] = item
    doc["figures"] = figures
    checks = tomlkit.aot()
    for check in spec.get("checks", []):
        table = tomlkit.table()
        table.update(check)
        checks.append(table)
    if checks:
        doc["checks"] = checks
    settings = spec.get("settings", {})
    if settings:
        table = tomlkit.table()
        table.update(settings)
        doc["settings"] = table
    return tomlkit.dumps(doc)


def new_from_template(dest: Path, name: str, department: str = "", year: int | None = None) -> Template:
    """A new report folder with the template's outline, figures, checks,
    settings and scorecard; all written at once (a hidden folder renamed
    into place), never into a folder that has files."""
    template = load(name)
    year = year or datetime.date.today().year - 1  # self-evaluations are of last year
    outline = template.report.get("outline", [])
    if not outline:
        from tui_report.report.templates import TemplateError

        raise TemplateError(f"模板 {template.name} 没有 [report] outline，不能用来新建报告", str(template.path))
    figures = set(template.report.get("figures", {}))

    def fill(tmp: Path) -> None:
        write_atomic(tmp / "report.toml", report_text(template, department or "（单位名称）", year))
        (tmp / "sections").mkdir()
        for entry in outline:
            write_atomic(tmp / "sections" / f"{entry['id']}.toml",
                         _section_text(entry["title"], entry.get("guidance", ""), entry.get("body", "")))
        write_atomic(tmp / SCORECARD_FILE, scorecard_text(template, figures, year))

    create_folder(Path(dest), fill)
    return template
