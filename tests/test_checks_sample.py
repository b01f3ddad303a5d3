"""Every problem the checker reports on the sample (the real 2022 report),
each with the reason it is a real finding — and nothing else: the seed's
correct parts raise no false alarm."""

from __future__ import annotations

import json

from tui_report import checks
from tui_report.report.store import load

from .conftest import SAMPLE, run_cli

#: (check id, file, needle "before^match" at the reported position, why it is real)
EXPECTED = [
    ("check:balance", "report.toml", 'rule = "^balance_end ==',
     "上年结余 0 + 到位资金 230.32 − 实际支出 153.99 = 76.33万元，原文却写本年结余0元"),
    ("unit-mix", "report.toml", 'label = "上年结余", value = 0, unit = "^元"',
     "全文金额以万元计，唯独结余写作“0元”"),
    ("unit-mix", "report.toml", 'label = "本年结余", value = 0, unit = "^元"',
     "同上：本年结余也以元计"),
    ("punct-halfwidth", "sections/overview.toml", 'title = "部门^(单位)基本情况',
     "原文“部门(单位)”用半角括号"),
    ("punct-halfwidth", "sections/overview.toml", 'title = "部门^(单位)整体支出',
     "同上，第二处标题"),
    ("punct-halfwidth", "sections/overview.toml", "科学技术工作者^,宣传党的",
     "职能职责第（1）项：半角逗号"),
    ("punct-halfwidth", "sections/overview.toml", "学风建设^, 宣传优秀",
     "第（5）项：半角逗号后还多一个空格"),
    ("punct-halfwidth", "sections/overview.toml", "经济社会发展^,科技战略",
     "第（6）项：半角逗号"),
    ("punct-halfwidth", "sections/overview.toml", "青少年科技教育^,组织参与",
     "第（8）项：半角逗号"),
    ("punct-halfwidth", "sections/overview.toml", "人才和团队^,表彰奖励",
     "第（8）项：第二个半角逗号"),
    ("punct-halfwidth", "sections/overview.toml", "和科技企业^,联系全国性",
     "第（9）项：半角逗号"),
    ("punct-halfwidth", "sections/assets.toml", "使用科室和使用人^;专管员",
     "资产管理：半角分号"),
    ("punct-halfwidth", "sections/assets.toml", "及时告知会计进行账务处理^;定期",
     "资产管理：第二个半角分号"),
    ("punct-halfwidth", "sections/improvements.toml", "专业素质和技能^;使财务人员",
     "改进措施（二）：半角分号"),
    ("punct-halfwidth", "sections/performance.toml", "具体情况如下^:",
     "“具体情况如下:”用半角冒号"),
    ("punct-space", "sections/performance.toml", "提高资金使用效益，^ {{year}}年",
     "“效益， 2022年”逗号后多一个空格"),
]


def position(rel: str, needle: str) -> tuple[str, int, int]:
    text = (SAMPLE / rel).read_text(encoding="utf-8")
    before, _, match = needle.partition("^")
    at = text.index(before + match) + len(before)
    return rel, text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def test_every_problem_on_the_sample_is_a_real_finding():
    problems = checks.run(load(SAMPLE))
    got = sorted((p.id, p.file, p.line, p.col) for p in problems)
    want = sorted((pid, *position(rel, needle)) for pid, rel, needle, _ in EXPECTED)
    assert got == want, "\n".join(p.format() for p in problems)
    assert all(reason for *_, reason in EXPECTED)


def test_sample_balance_error_and_holding_identity():
    problems = checks.run(load(SAMPLE))
    balance = [p for p in problems if p.id == "check:balance"]
    assert len(balance) == 1 and balance[0].severity == "error"
    assert "0.00 + 230.32 - 153.99 = 76.33" in balance[0].message
    assert balance[0].extra["left"] == "0" and balance[0].extra["right"] == "76.33"
    assert not [p for p in problems if p.id == "check:spend-sum"]  # 153.99 = 125.32 + 28.67


def test_sample_has_no_typed_amounts_left():
    """Every amount in the sample's prose is a placeholder; the seed's
    300多人, 1万余份, 240万余次 are counts, not money."""
    problems = checks.run(load(SAMPLE))
    assert not [p for p in problems if p.id in ("typed-amount", "stale-year", "unknown-placeholder")]


def test_sample_fixes_are_offered_for_every_punctuation_finding():
    problems = checks.run(load(SAMPLE))
    punct = [p for p in problems if p.id.startswith("punct-")]
    assert len(punct) == 13
    assert all(p.fix is not None and p.fix.safe for p in punct)
    assert {p.fix.new for p in punct} == {"，", "；", "：", "（单位）", ""}


def test_cli_json_lists_the_same_problems():
    res = run_cli("check", str(SAMPLE), "--format", "json")
    assert res.returncode == 1
    data = json.loads(res.stdout)
    assert sorted((d["id"], d["file"], d["line"], d["col"]) for d in data) == \
        sorted((pid, *position(rel, needle)) for pid, rel, needle, _ in EXPECTED)
    comma = next(d for d in data if d["file"] == "sections/overview.toml" and d["line"] == 14)
    assert comma["end"] == comma["col"] + 2  # ", " with its stray space
    assert comma["fix"] == {"description": "改为“，”", "old": ", ", "new": "，", "safe": True}
