"""Next year's report: last year's unchanged paragraphs, and the numbers and
dates typed in them, are a to-do list until edited or acknowledged."""

from __future__ import annotations

import shutil

import pytest

from tui_report import checks
from tui_report.checks import carried_over
from tui_report.checks.carried_over import paragraphs, typed_numbers
from tui_report.report import structure
from tui_report.report.store import Store
from tui_report.yearly.new_year import new_report


@pytest.fixture
def years(tmp_path, sample):
    old = tmp_path / "2022"
    shutil.copytree(sample, old)
    new = tmp_path / "2023"
    result = new_report(old, new)
    return old, new, result


def carried(root):
    return [p for p in checks.run(Store.open(root).report) if p.id.startswith("carried-over") and not p.acknowledged]


def test_every_paragraph_of_last_years_prose_is_listed_with_its_numbers_and_dates(years):
    _, new, result = years
    report = Store.open(new).report
    listed = [p for p in carried(new) if p.id == "carried-over"]
    assert len(listed) == len(list(paragraphs(report)))  # all of it, nothing edited yet
    assert result.review_paragraphs == len(listed)
    numbers = {p.extra["typed"] for p in carried(new) if p.id == "carried-over-number"}
    assert {"二十场次", "300多人", "1万余份", "5000余人"} <= numbers
    assert "9月15日至30日" in numbers  # a date
    assert "二十大" not in " ".join(numbers)  # a name, not a count
    one = next(p for p in listed if "300多人" in p.message)
    assert one.severity == "warning" and "上年的数字，请核对" in one.message
    number = next(p for p in carried(new) if p.extra.get("typed") == "300多人")
    section = report.section_at(number.target.file, tuple(number.target.path))
    assert section.body[number.offset:].startswith("300多人")  # points at the number itself


def test_an_edited_paragraph_is_no_longer_listed(years):
    _, new, _ = years
    store = Store.open(new)
    section = next(s for s, _ in store.report.walk() if "300多人" in s.body)
    store.set_body(section, section.body.replace("300多人", "350多人"))
    store.save()
    texts = [p.message for p in carried(new)]
    assert not any("300多人" in t or "350多人" in t for t in texts)
    assert any("5000余人" in t for t in texts)  # the others stay


def test_an_acknowledged_paragraph_and_its_numbers_are_not_listed(years):
    _, new, _ = years
    store = Store.open(new)
    problem = next(p for p in carried(new) if p.id == "carried-over" and "300多人" in p.message)
    store.add_acknowledgement(problem, "每年相同")
    store.save()
    left = carried(new)
    assert not [p for p in left if p.extra.get("text") == problem.extra["text"]]
    assert len([p for p in left if p.id == "carried-over"]) == len(list(paragraphs(Store.open(new).report))) - 1


def test_moving_a_section_neither_doubles_nor_hides_its_paragraphs(years):
    _, new, _ = years
    before = sorted(p.extra["text"] for p in carried(new) if p.id == "carried-over")
    store = Store.open(new)
    structure.move(store, store.report.sections[2], 1)
    store.save()
    structure.rename(store, store.report.sections[3], "moved-here")
    store.save()
    after = sorted(p.extra["text"] for p in carried(new) if p.id == "carried-over")
    assert after == before


def test_a_report_without_previous_report_has_none_of_these(sample):
    assert not [p for p in checks.run(Store.open(sample).report) if p.id.startswith("carried-over")]


def test_an_unreadable_last_year_is_not_a_crash(years):
    old, new, _ = years
    (old / "report.toml").write_text("not = [toml", "utf-8")
    carried_over.forget()  # as a new `check` process finds it (the editor re-reads within seconds)
    problems = checks.run(Store.open(new).report)
    assert not [p for p in problems if p.id in ("carried-over", "check-failed")]


def test_typed_numbers_skip_placeholders_and_list_markers():
    assert typed_numbers("1.负责{{year}}年的全省300多人") == [(16, "300多人")]
    assert [t for _, t in typed_numbers("共开展二十场次，发放资料1万余份。")] == ["二十场次", "1万余份"]
