"""Every built-in check, firing and not firing, with exact positions.

Each case writes a real report folder (report.toml + sections/main.toml),
loads it through the store and runs the checker. Expected positions are
written as needles into the file text: ``"工作者^,$宣传"`` means the problem
starts at the ``,`` after 工作者 and (because of ``$``) ends before 宣传.
A case lists every problem of its check id, so "not firing" is ``[]``.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tui_report import checks
from tui_report.report.store import load

REPORT = """\
title = "{{{{department}}}}{{{{year}}}}年度部门整体支出绩效自评报告"
department = "示例单位"
year = {year}
unit = "万元"
sections = ["main"]

[figures]
spend_total   = {{ label = "实际支出", value = 153.99 }}
spend_basic   = {{ label = "基本支出", value = 125.32 }}
spend_project = {{ label = "项目支出", value = 28.67 }}
balance_start = {{ label = "上年结余", value = 0 }}
balance_end   = {{ label = "本年结余", value = 0 }}
{figures}
[[checks]]
id = "spend-sum"
rule = "spend_total == spend_basic + spend_project"
message = "实际支出应等于基本支出加项目支出"
{extra}"""

SECTION = """\
title = "{title}"
body = '''
{body}
'''
"""


def write_report(root: Path, body: str = "无。", title: str = "概况", section: str | None = None,
                 figures: str = "", extra: str = "", year: int = 2023) -> Path:
    """A real report folder with one section file, sections/main.toml."""
    (root / "sections").mkdir(parents=True, exist_ok=True)
    (root / "report.toml").write_text(REPORT.format(year=year, figures=figures, extra=extra), encoding="utf-8")
    text = section if section is not None else SECTION.format(title=title, body=body)
    (root / "sections" / "main.toml").write_text(text, encoding="utf-8")
    return root


def locate(root: Path, needle: str) -> tuple[str, int, int, int | None]:
    """(file, line, col, end col or None) of a needle ``[file:]before^match$after``."""
    rel = "sections/main.toml"
    if needle.startswith("report.toml:"):
        rel, needle = "report.toml", needle[len("report.toml:"):]
    before, _, rest = needle.partition("^") if "^" in needle else ("", "", needle)
    match, dollar, after = rest.partition("$")
    text = (root / rel).read_text(encoding="utf-8")
    at = text.find(before + match + after)
    assert at >= 0, f"needle {needle!r} not in {rel}"
    at += len(before)
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return rel, line, col, (col + len(match) if dollar else None)


@dataclass
class Case:
    check: str
    expect: list[str]
    body: str = "无。"
    title: str = "概况"
    section: str | None = None
    figures: str = ""
    extra: str = ""
    year: int = 2023
    fix: str | None = None  # the text after applying the first problem's fix
    kw: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.check


CASES = [
    # placeholders ------------------------------------------------------------------
    Case("unknown-placeholder", ["支出^{{spend_totl}}$。"], body="支出{{spend_totl}}。"),
    Case("unknown-placeholder", [], body="支出{{spend_total}}，{{year}}年，{{ prev_year }}年。"),
    Case("unknown-placeholder", ['title = "^{{yeer}}$年'], title="{{yeer}}年工作"),
    Case("bad-placeholder", ["支出^{{$spend"], body="支出{{spend_total。"),
    Case("bad-placeholder", ["total^}}$。"], body="支出spend_total}}。"),
    Case("bad-placeholder", [], body="支出{{spend_total}}，{ 花括号 }。"),
    Case("unit-repeated", ["{{spend_total}}^万元$。"], body="支出{{spend_total}}万元。", fix="支出{{spend_total}}。"),
    Case("unit-repeated", [], body="支出{{spend_total}}，万元以下零星支出。"),
    # figures -----------------------------------------------------------------------------
    Case("figure-unfilled", ['report.toml:label = "培训费", value = "^"'],
         figures='training = { label = "培训费", value = "" }\n', body="培训费{{training}}。"),
    Case("figure-unfilled", [], figures='training = { label = "培训费", value = 1.5 }\n', body="培训费{{training}}。"),
    Case("figure-unused", ["report.toml:training = ^{"],
         figures='training = { label = "培训费", value = 1.5 }\n',
         body="结余{{balance_start}}，{{balance_end}}。"),
    Case("figure-unused", [], body="上年结余{{balance_start}}，本年结余{{balance_end}}。"),
    Case("unit-mix", ['report.toml:label = "零星收入", value = 500, unit = "^元$"'],
         figures='petty = { label = "零星收入", value = 500, unit = "元" }\n', body="零星收入{{petty}}。"),
    Case("unit-mix", [], figures='petty = { label = "零星收入", value = 0.05, unit = "万元" }\n',
         body="零星收入{{petty}}。"),
    Case("rate-over-100", ['report.toml:label = "群众满意度", value = ^105'],
         figures='sat = { label = "群众满意度", value = 105, format = "percent" }\n', body="满意度{{sat}}。"),
    Case("rate-over-100", [], figures='sat = { label = "群众满意度", value = 98.5, format = "percent" }\n',
         body="满意度{{sat}}。"),
    # typed amounts -----------------------------------------------------------------------
    Case("typed-amount", ["实际支出^153.99万元$。"], body="实际支出153.99万元。", fix="实际支出{{spend_total}}。"),
    Case("typed-amount", ["节约资金^12.5万元$。"], body="节约资金12.5万元。"),
    Case("typed-amount", ["共计^1,234.50万元$。"], body="共计1,234.50万元。"),
    Case("typed-amount", ["上年结余^0万元$，", "本年结余^0万元$。"], body="上年结余0万元，本年结余0万元。"),
    Case("typed-amount", [], body="动员志愿者300多人，发放资料1万余份，新增240万余次。"),
    Case("typed-amount", [], body="实际支出{{spend_total}}，其中基本支出{{spend_basic}}。"),
    Case("typed-amount", [], body="单笔10万元以上的支出集体决策，补助标准每人每天100元，餐费50元/人。"),
    Case("unit-mix", [], body="单笔5000元以上的支出须审批，每人每天100元。"),
    Case("unit-mix", ["本年结余^0元$。"], body="本年结余0元。"),
    Case("unit-mix", [], body="本年结余0.00万元。"),
    # years and dates (report year 2023) -------------------------------------------
    Case("stale-year", ["^2022年$开展"], body="2022年开展了活动。"),
    Case("stale-year", ["^2021年$开展"], body="2021年开展了活动。"),
    # a year long past is history, one far ahead a plan: no stale copy
    Case("stale-year", [], body="学会1958年成立，1911年始建。要求2026年底前完成。"),
    Case("date-outside-year", [], body="于2018年3月起建立，2024年3月5日报送。"),
    Case("stale-year", ["^2024年$开展"], body="2024年开展活动。"),
    Case("stale-year", ['title = "^2022年$度工作'], title="2022年度工作"),
    Case("stale-year", [], body="与2022年相比，支出减少。较2022年增长。"),
    Case("stale-year", [], body="{{year}}年开展，{{prev_year}}年结转。"),
    Case("stale-year", [], body="2019年成立以来，2020年起持续开展。"),
    Case("stale-year", [], body="依据《2021年度绩效考核办法》执行。"),
    Case("stale-year", [], body="落实2021—2025年规划。"),
    Case("stale-year", [], body="计划2024年完成。"),
    Case("typed-year", ["^2023$年开展"], body="2023年开展活动。", fix="{{year}}年开展活动。"),
    Case("typed-year", ["较^2022$年"], body="较2022年增长。", fix="较{{prev_year}}年增长。"),
    Case("typed-year", [], body="{{year}}年开展活动。"),
    Case("date-outside-year", ["于^2022年9月15日$举办"], body="于2022年9月15日举办。"),
    Case("date-outside-year", ["于^2021-09-15$举办"], body="于2021-09-15举办。"),
    Case("date-outside-year", [], body="于{{year}}年9月15日至30日举办，2023-10-01验收。"),
    Case("bad-date", ["年^2月30日$举办"], body="{{year}}年2月30日举办。"),
    Case("bad-date", ["于^13月$完成"], body="于13月完成。"),
    Case("bad-date", [], body="{{year}}年2月28日举办，12月31日完成。"),
    Case("rate-over-100", ["执行率为^105.3%$，"], body="预算执行率为105.3%，"),
    Case("rate-over-100", [], body="预算执行率为98.5%，收入增长率为150%。"),
    # punctuation ---------------------------------------------------------------------------
    Case("punct-halfwidth", ["工作者^,$宣传"], body="联系科学技术工作者,宣传政策。",
         fix="联系科学技术工作者，宣传政策。"),
    Case("punct-halfwidth", ["建设^, $宣传"], body="学风建设, 宣传优秀。", fix="学风建设，宣传优秀。"),
    Case("punct-halfwidth", ["如下^:$"], body="具体情况如下:"),
    Case("punct-halfwidth", ["使用人^;$专管员", "处理^;$定期"], body="使用人;专管员处理;定期核对。"),
    Case("punct-halfwidth", ['title = "部门^(单位)$基本'], title="部门(单位)基本情况",
         fix="部门（单位）基本情况"),
    Case("punct-halfwidth", ["情况（1^)$说明"], body="情况（1)说明"),
    Case("punct-halfwidth", [], body="共1,000人，9:30开始，网址http://kx.example.cn，see (a) b。"),
    Case("punct-list-number", ["^2、$做好"], body="2、做好工作。", fix="2.做好工作。"),
    Case("punct-list-number", ["如下：^1、$加强", "；^2、$严格"], body="如下：1、加强管理；2、严格执行。"),
    Case("punct-list-number", [], body="第1、2季度完成，1. 第一项职责。"),
    Case("punct-doubled", ["完成了^。。$"], body="完成了。。", fix="完成了。"),
    Case("punct-doubled", ["完成^，。$"], body="完成，。", fix="完成。"),
    Case("punct-doubled", [], body="等等……——完成！"),
    Case("punct-space", ["效益，^ ${{year}}"], body="效益， {{year}}年。", fix="效益，{{year}}年。"),
    Case("punct-space", ["资金^ $使用"], body="资金 使用规范。"),
    Case("punct-space", [], body="借助APP 注册，\n1. 第一项。\n- 第二项。"),
    # outline ---------------------------------------------------------------------------------
    Case("typed-heading-number", ['title = "^5、$政府'], title="5、政府性基金", fix="政府性基金"),
    Case("typed-heading-number", ['title = "^（一）$部门'], title="（一）部门概况"),
    Case("typed-heading-number", ['title = "^1.$职能'], title="1.职能职责"),
    Case("typed-heading-number", [], title="一流的服务"),
    Case("empty-section", ['title = "^空'], section='title = "空"\n'),
    Case("empty-section", [], section='title = "无内容"\nbody = """\n无。\n"""\n'),
    Case("empty-section", [], section=textwrap.dedent('''\
        title = "问题"

        [[sections]]
        title = "内控制度需进一步完善"
        run_in = true
        ''')),
    Case("duplicate-title", ['[[sections]]\ntitle = "^项目支出"\nbody = """\n乙'], section=textwrap.dedent('''\
        title = "支出"

        [[sections]]
        title = "项目支出"
        body = """
        甲
        """

        [[sections]]
        title = "项目支出"
        body = """
        乙
        """
        ''')),
    Case("duplicate-title", [], section=textwrap.dedent('''\
        title = "项目支出"

        [[sections]]
        title = "项目支出"
        body = """
        甲
        """
        ''')),
]


def _run(case: Case, root: Path):
    write_report(root, body=case.body, title=case.title, section=case.section,
                 figures=case.figures, extra=case.extra, year=case.year)
    report = load(root)
    return report, checks.run(report)


def test_there_are_enough_cases_and_every_check_fires_and_stays_quiet():
    assert len(CASES) >= 40
    fired = {c.check for c in CASES if c.expect}
    quiet = {c.check for c in CASES if not c.expect}
    assert {"unknown-placeholder", "figure-unfilled", "figure-unused", "typed-amount", "unit-mix",
            "stale-year", "date-outside-year", "rate-over-100", "punct-halfwidth", "punct-list-number",
            "punct-doubled", "punct-space", "typed-heading-number", "empty-section",
            "duplicate-title"} <= fired & quiet


@pytest.mark.parametrize("case", CASES, ids=[f"{n:02d}-{c.check}-{'fires' if c.expect else 'quiet'}"
                                              for n, c in enumerate(CASES)])
def test_builtin_check(case: Case, tmp_path):
    report, problems = _run(case, tmp_path)
    mine = [p for p in problems if p.id == case.check]
    got = [(p.file, p.line, p.col) for p in mine]
    want = [locate(tmp_path, n)[:3] for n in case.expect]
    assert got == want, "\n".join(p.format() for p in mine)
    for p, needle in zip(mine, case.expect, strict=True):
        end = locate(tmp_path, needle)[3]
        if end is not None:
            assert p.end == end, p.format()
        assert p.message and p.severity in ("error", "warning", "info")
        if p.target is not None:
            # the editor's target points at the same text as file:line:col
            kind, file, path = p.target
            section = next(s for s, _ in report.walk() if s.file == file and s.path == tuple(path))
            text = getattr(section, kind)
            line = (tmp_path / p.file).read_text(encoding="utf-8").splitlines()[p.line - 1]
            if text:
                assert text[p.offset:].startswith(line[p.col - 1: p.col + 1])
    if case.fix is not None:
        fix = mine[0].fix
        assert fix is not None and fix.safe
        kind, file, path = fix.target
        section = next(s for s, _ in report.walk() if s.file == file and s.path == tuple(path))
        text = getattr(section, kind)
        assert text[fix.offset: fix.offset + len(fix.old)] == fix.old
        assert text[: fix.offset] + fix.new + text[fix.offset + len(fix.old):] == case.fix


def test_no_fix_offered_when_a_typed_amount_matches_two_figures(tmp_path):
    write_report(tmp_path, body="上年结余0万元。")
    p = next(p for p in checks.run(load(tmp_path)) if p.id == "typed-amount")
    assert p.fix is None
    assert "balance_start" in p.message and "balance_end" in p.message


def test_typed_amount_in_another_unit_is_offered_but_not_safe(tmp_path):
    write_report(tmp_path, body="实际支出1539900元。")
    p = next(p for p in checks.run(load(tmp_path)) if p.id == "typed-amount")
    assert p.fix is not None and p.fix.new == "{{spend_total}}"
    assert not p.fix.safe  # it would print 153.99万元: the author decides
    assert "153.99万元" in p.message


def test_a_clean_paragraph_raises_nothing(tmp_path):
    write_report(tmp_path, body=(
        "{{year}}年实际支出{{spend_total}}，其中基本支出{{spend_basic}}，项目支出{{spend_project}}；"
        "上年结余{{balance_start}}，本年结余{{balance_end}}。与上年相比，各项工作有序推进（详见附表），"
        "于{{year}}年9月15日至30日举办了科普日活动，受益群众近2万人。"))
    assert checks.run(load(tmp_path)) == []


def test_prose_problems_carry_the_section_path_for_jumping(tmp_path):
    write_report(tmp_path, section=textwrap.dedent('''\
        title = "概况"

        [[sections]]
        title = "基本情况"

        [[sections.sections]]
        title = "职能"
        body = """
        联系工作者,宣传政策。
        """
        '''))
    p = next(p for p in checks.run(load(tmp_path)) if p.id == "punct-halfwidth")
    assert p.where == "main/0/0"
    assert p.target == ("body", "sections/main.toml", (0, 0)) and p.offset == 5


def test_an_age_in_months_is_no_date_and_a_lone_month_is_never_an_error():
    from tui_report.checks import years

    assert years.scan("为0-36月龄婴幼儿提供健康服务", 2023) == []
    # a year that begins a project's or a fund's name is the name
    assert years.scan("剩余农业农村生态环境支出(2022年农村人居环境整治项目)资金执行99.97%", 2023) == []
    assert years.scan("2021年度中央财政衔接资金已拨付", 2023) == []
    # a year in the text is still judged
    assert [f.id for f in years.scan("2022年完成投资100万元，开展培训", 2023)] == ["stale-year"]
    assert [f.id for f in years.scan("2022年，我单位完成项目", 2023)] == ["stale-year"]
    assert [(f.id, f.severity) for f in years.scan("共13月", 2023)] == [("bad-date", "warning")]
    assert ("bad-date", "error") in [(f.id, f.severity) for f in years.scan("2023年2月30日召开", 2023)]
