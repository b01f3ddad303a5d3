"""The checks remember each text's problems between runs (a keystroke
re-checks one paragraph): after any kind of edit, a run with the memory
gives exactly what a cold run gives."""

from __future__ import annotations

from decimal import Decimal

from tui_report import checks
from tui_report.checks import engine
from tui_report.report.places import REPORT_FILE
from tui_report.report.store import Store


def _seen(problems):
    return [(p.id, p.severity, p.file, p.line, p.col, p.message, p.acknowledged, p.where) for p in problems]


def _same_as_cold(store: Store) -> list:
    warm = _seen(checks.run(store.report))
    engine.clear()
    cold = _seen(checks.run(store.report))
    assert warm == cold
    return warm


def test_memory_never_changes_what_is_found(sample):
    store = Store.open(sample)
    first = _same_as_cold(store)
    _same_as_cold(store)  # a second warm run, nothing changed
    section = next(s for s, _ in store.report.walk() if s.title == "基本支出")
    store.set_body(section, section.body + "其中：甲项1万元，乙项2万元，合计4万元。")
    after_text = _same_as_cold(store)
    assert after_text != first and any(p[0] == "breakdown-sum" for p in after_text)
    store.set_figure_value("spend_basic", Decimal("125.00"))  # a value: every text is judged anew
    _same_as_cold(store)
    store.set_figure_label("spend_project", "项目经费")  # a label: the model is rebuilt
    _same_as_cold(store)
    # report.toml two lines longer: every figure's position moves
    store.replace_text(REPORT_FILE, "# 说明\n# 第二行\n" + store.text_of(REPORT_FILE))
    store.rebuild()
    moved = _same_as_cold(store)
    assert any(p[2] == REPORT_FILE for p in moved)
    store.add_acknowledgement(next(p for p in checks.run(store.report) if p.id.startswith("punct")), "原文如此")
    _same_as_cold(store)


def test_a_text_moved_to_another_line_is_reported_at_its_new_line(sample):
    store = Store.open(sample)
    section = next(s for s, _ in store.report.walk() if s.title == "基本支出")
    store.set_body(section, section.body + "支出 {{spend_basic}}。")
    rel = section.file
    before = [p.line for p in checks.run(store.report) if p.id == "punct-space" and p.file == rel]
    store.replace_text(rel, "# 注释\n" + store.text_of(rel))
    store.rebuild()
    after = [p.line for p in checks.run(store.report) if p.id == "punct-space" and p.file == rel]
    assert before and after == [line + 1 for line in before]
