"""Write a large, realistic report folder for benchmarks.

``make_report(folder, sections=500, figures=2000)`` writes report.toml and
sections/*.toml the way an author would: every amount a placeholder, the
year as ``{{year}}``, a few derived figures and declared checks, and the odd
real-world slip (a half-width comma, a typed amount) so the checks have
something to find. Output is deterministic for given arguments.

Run as a script to write one: ``python benchmarks/gen_report.py OUT [SECTIONS FIGURES]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

PER_FILE = 10  # one level-1 section and nine subsections per file

_PARA = (
    "{{{{year}}}}年，围绕{topic}工作，本单位严格执行预算批复，安排资金{{{{{a}}}}}，"
    "实际支出{{{{{b}}}}}，资金拨付及时、使用规范，各项支出均控制在预算额度内，"
    "未发生截留、挤占、挪用专项资金的情况，较好地完成了年度绩效目标。"
)
_PARA2 = (
    "通过加强事前、事中、事后全过程监督管理，{topic}项目共投入{{{{{c}}}}}，"
    "其中用于宣传和培训{{{{{d}}}}}，受益群众满意度较高，社会效益明显，"
    "为下一步持续开展相关工作积累了经验、打下了基础。"
)
TOPICS = ("科普宣传", "学术交流", "人才服务", "基层组织建设", "院士专家工作站", "青少年科技教育",
          "科技志愿服务", "创新驱动", "决策咨询", "学会管理")


def _amount(i: int) -> str:
    return f"{(i * 7919) % 100000 // 100}.{(i * 31) % 100:02d}"


def _figure_ids(figures: int) -> tuple[list[str], list[str]]:
    """Typed figure ids and derived figure ids (about one in fifty)."""
    derived = max(1, figures // 50)
    typed = figures - derived
    return [f"amt_{i:04d}" for i in range(typed)], [f"total_{k:03d}" for k in range(derived)]


def _report_toml(year: int, files: list[str], typed: list[str], derived: list[str]) -> str:
    lines = [
        '# 基准测试用的大型报告（由 benchmarks/gen_report.py 生成）',
        'title = "{{department}}{{year}}年度部门整体支出绩效自评报告"',
        'department = "某市某区示例单位"',
        f"year = {year}",
        'unit = "万元"',
        "sections = [",
        *[f'  "{f}",' for f in files],
        "]",
        "",
        "[settings]",
        'execution_rate_denominator = "amt_0003"',
        "",
        "[figures]",
    ]
    for n, fid in enumerate(typed):
        lines.append(f'{fid} = {{ label = "项目{n}资金", value = {_amount(n)} }}')
    for k, fid in enumerate(derived):
        parts = ", ".join(typed[(4 * k + j) % len(typed)] for j in range(4))
        lines.append(f'{fid} = {{ label = "合计{k}", formula = "sum({parts})" }}')
    lines.append(
        'exec_rate = { label = "预算执行率", formula = "amt_0002 / execution_rate_denominator", '
        'format = "percent", decimals = 2 }')
    for k, fid in enumerate(derived[:10]):
        parts = " + ".join(typed[(4 * k + j) % len(typed)] for j in range(4))
        lines += ["", "[[checks]]", f'id = "sum-{k}"', f'rule = "{fid} == {parts}"',
                  f'message = "合计{k}应等于四项之和"']
    return "\n".join(lines) + "\n"


def _section_toml(n: int, placeholders: list[str]) -> str:
    def body(k: int) -> str:
        topic = TOPICS[(n + k) % len(TOPICS)]
        ids = [placeholders[(4 * (n * PER_FILE + k) + j) % len(placeholders)] for j in range(4)]
        first = _PARA.format(topic=topic, a=ids[0], b=ids[1])
        second = _PARA2.format(topic=topic, c=ids[2], d=ids[3])
        serial = n * PER_FILE + k
        if serial % 25 == 7:
            first = first.replace("，安排资金", ",安排资金")  # a half-width comma
        if serial % 50 == 13:
            second = second.replace("积累了经验", "节约资金12.5万元，积累了经验")  # a typed amount
        if serial == 0:
            first += "预算执行率{{exec_rate}}。"
        return f"{first}\n{second}"

    lines = [f'title = "{TOPICS[n % len(TOPICS)]}工作情况{n + 1}"', "body = '''", body(0), "'''"]
    for k in range(1, PER_FILE):
        lines += ["", "[[sections]]", f'title = "{TOPICS[(n + k) % len(TOPICS)]}专项{k}"']
        if k % 3 == 0:
            lines.append("run_in = true")
        lines += ["body = '''", body(k), "'''"]
    return "\n".join(lines) + "\n"


def make_report(folder: Path, sections: int = 500, figures: int = 2000, year: int = 2023) -> Path:
    """Write the report into ``folder`` (created if needed) and return it."""
    folder = Path(folder)
    (folder / "sections").mkdir(parents=True, exist_ok=True)
    typed, derived = _figure_ids(max(2, figures - 1))  # exec_rate is the last one
    files = [f"part-{n + 1:03d}" for n in range(max(1, sections // PER_FILE))]
    (folder / "report.toml").write_text(_report_toml(year, files, typed, derived), encoding="utf-8")
    placeholders = typed + derived
    for n, sid in enumerate(files):
        (folder / "sections" / f"{sid}.toml").write_text(_section_toml(n, placeholders), encoding="utf-8")
    return folder


if __name__ == "__main__":
    out = make_report(Path(sys.argv[1]), *(int(a) for a in sys.argv[2:4]))
    print(out)
