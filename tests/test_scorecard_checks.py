"""The 自评表's rules, each shown failing on a mutated copy of the sample's
scorecard.toml (and the sample itself clean): weights, score ranges, the
completion rule, qualitative bands, the execution rate and its score, the
total, the grade, missing reasons, a template's own rule, and templates
being data (a third one added from a file)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tui_report import checks
from tui_report.figures.scoring import chinese_number, quantity, score
from tui_report.report import templates
from tui_report.report.store import Store

CARD = "scorecard.toml"


def problems(root, *ids):
    found = [p for p in checks.run(Store.open(root).report) if p.id.startswith("score")]
    return [p for p in found if not ids or p.id in ids]


def mutate(root, old: str, new: str, count: int = 1) -> None:
    path = root / CARD
    text = path.read_text("utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), "utf-8")


def test_the_sample_scorecard_is_clean_and_scores_96_69(sample):
    assert problems(sample) == []
    report = Store.open(sample).report
    from tui_report.figures.values import resolve

    got = score(report.scorecard, templates.load(report.scorecard.template), resolve(report).values)
    assert got.total == Decimal("96.69") and got.grade == "优"
    assert got.budget[0].rate == Decimal("66.86")


def test_weights_that_do_not_sum_to_the_template_total(sample):
    mutate(sample, "weight = 15\nscore = 15", "weight = 14\nscore = 14")
    found = problems(sample, "score-weights")
    assert len(found) == 1 and "99" in found[0].message and "100" in found[0].message
    assert found[0].file == CARD and found[0].line > 1
    assert problems(sample, "score-level-weight")  # 产出指标 no longer 50


def test_a_score_above_its_weight(sample):
    mutate(sample, "weight = 10\nscore = 10", "weight = 10\nscore = 11")
    found = problems(sample, "score-range")
    assert len(found) == 1 and "11" in found[0].message
    text = (sample / CARD).read_text("utf-8").splitlines()
    assert text[found[0].line - 1] == "score = 11"  # points at the cell


def test_a_negative_score(sample):
    mutate(sample, "weight = 10\nscore = 10", "weight = 10\nscore = -1")
    assert problems(sample, "score-range")


def test_a_score_the_completion_rule_does_not_give(sample):
    mutate(sample, 'actual = "300人"\nweight = 10\nscore = 10', 'actual = "240人"\nweight = 10\nscore = 10')
    found = problems(sample, "score-rule")
    assert len(found) == 1 and "8" in found[0].message  # 10 × 240/300
    assert problems(sample, "score-reason") == []  # typed as full marks: the rule, not the reason, is wrong


def test_below_full_marks_needs_a_reason(sample):
    mutate(sample, 'actual = "300人"\nweight = 10\nscore = 10', 'actual = "240人"\nweight = 10\nscore = 8')
    found = problems(sample, "score-reason")
    assert len(found) == 1 and found[0].severity == "warning"
    assert not problems(sample, "score-rule")


def test_a_qualitative_score_outside_its_band(sample):
    mutate(sample, 'rating = "好"\nweight = 8\nscore = 8', 'rating = "较好"\nweight = 8\nscore = 8')
    found = problems(sample, "score-band")
    assert len(found) == 1 and "4" in found[0].message and "6.4" in found[0].message  # 50–80 % of 8
    mutate(sample, 'rating = "较好"', 'rating = "极好"')
    assert "不在模板中" in problems(sample, "score-band")[0].message


def test_an_execution_rate_from_the_wrong_denominator(sample):
    mutate(sample, 'rate = "66.86%"', 'rate = "102.44%"')  # 153.99 / 150.32: the 年初预算数
    found = problems(sample, "score-exec-rate")
    assert len(found) == 1
    assert "66.86" in found[0].message and "年初预算数" in found[0].message


def test_an_execution_score_that_is_not_weight_times_rate(sample):
    mutate(sample, "score = 6.69", "score = 10")
    found = problems(sample, "score-exec-score")
    assert len(found) == 1 and "6.69" in found[0].message


def test_a_low_execution_rate_needs_the_templates_explanation(sample):
    text = (sample / CARD).read_text("utf-8")
    reason = next(line for line in text.splitlines() if line.startswith("reason = "))
    mutate(sample, reason + "\n", "")
    found = problems(sample, "score-exec-explain")
    assert len(found) == 1 and "90%" in found[0].message


def test_a_wrong_total(sample):
    mutate(sample, "total = 96.69", "total = 97.69")
    found = problems(sample, "score-total")
    assert len(found) == 1 and "96.69" in found[0].message
    assert found[0].line == 8


def test_a_wrong_grade(sample):
    mutate(sample, 'grade = "优"', 'grade = "良"')
    found = problems(sample, "score-grade")
    assert len(found) == 1 and "“优”" in found[0].message


def test_an_unknown_template_is_said(sample):
    mutate(sample, 'template = "hunan-department"', 'template = "nowhere"')
    found = problems(sample, "score-template")
    assert found and "central" in found[0].message and "hunan-department" in found[0].message


def test_a_third_template_from_a_file_scores_with_its_own_bands(sample, tmp_path, monkeypatch):
    shipped = templates.find("hunan-department").read_text("utf-8")
    mine = shipped.replace('name = "hunan-department"', 'name = "strict"').replace("min = 90", "min = 97")
    (tmp_path / "strict.toml").write_text(mine, "utf-8")
    monkeypatch.setenv(templates.ENV, str(tmp_path))
    assert templates.names()[0] == "strict" and {"central", "hunan-department"} <= set(templates.names())
    mutate(sample, 'template = "hunan-department"', 'template = "strict"')
    found = problems(sample, "score-grade")  # 96.69 is 良 under this region's bands
    assert len(found) == 1 and "“良”" in found[0].message


def test_a_broken_scorecard_file_is_a_problem_not_a_crash(sample):
    (sample / CARD).write_text('template = "central"\n[[indicators]\n', "utf-8")
    found = [p for p in checks.run(Store.open(sample).report) if p.file == CARD]
    assert found and found[0].severity == "error"


@pytest.mark.parametrize("text,expected", [
    ("≥20场次", (">=", Decimal(20), "场次")), ("≤5%", ("<=", Decimal(5), "%")), ("=100%", ("=", Decimal(100), "%")),
    ("二十场次", (">=", Decimal(20), "场次")), ("较好", (">=", None, "")),
])
def test_targets_are_read_as_typed(text, expected):
    got = quantity(text)
    assert (got.compare, got.number, got.unit) == expected


def test_chinese_numbers():
    assert chinese_number("三百五十") == 350 and chinese_number("一万二千") == 12000 and chinese_number("十") == 10
