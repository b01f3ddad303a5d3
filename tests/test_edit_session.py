"""The editor's session without a terminal: every kind of edit, the
read-only refusal, undo, and the order problems are listed in."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from tui_report.checks.schedule import CheckSchedule
from tui_report.report import structure
from tui_report.tui.session import EditSession, FigureChanges


class Recorder:
    """The callbacks a front end would connect, counted."""

    def __init__(self, session: EditSession) -> None:
        self.notices: list[tuple[str, str]] = []
        self.calls: list[str] = []
        session.notice = lambda message, severity: self.notices.append((message, severity))
        session.flush = lambda: self.calls.append("flush")
        session.on_edited = lambda: self.calls.append("edited")
        session.on_replaced = lambda: self.calls.append("replaced")
        session.on_reload = lambda: self.calls.append("reload")
        session.on_problems = lambda: self.calls.append("problems")
        session.on_read_only = lambda value: self.calls.append(f"read_only={value}")


def checked(session: EditSession) -> EditSession:
    schedule = CheckSchedule()
    session.accept_checks(schedule.run(session.report, schedule.edited()))
    return session


@pytest.fixture
def session(sample) -> EditSession:
    return checked(EditSession.open(sample))


def find(session: EditSession, title: str):
    return next(s for s, _ in session.report.walk() if s.title == title)


def test_the_session_module_does_not_load_textual():
    code = "import sys, tui_report.tui.session; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_typing_edits_body_and_title_without_flushing_or_an_undo_step(session):
    seen = Recorder(session)
    section = find(session, "基本支出")
    session.edit_body(section, "新的正文")
    session.edit_title(section, "基本经费")
    assert section.body == "新的正文" and section.title == "基本经费"
    assert seen.calls == ["edited", "edited"]  # the flush calls these: no flush inside
    assert session.dirty and session.dirty_files() == [section.file]


def test_a_figure_edit_is_one_undoable_step_and_hands_typing_in_first(session):
    seen = Recorder(session)
    assert session.figure_edit("改数字", lambda: session.store.set_figure_value("spend_basic", Decimal("125.00")))
    assert seen.calls[0] == "flush" and "edited" in seen.calls
    assert session.report.figures["spend_basic"].value == Decimal("125.00")
    assert session.undo() == "改数字"
    assert session.report.figures["spend_basic"].value == Decimal("125.32")
    assert session.undo(redo=True) == "改数字"
    assert session.report.figures["spend_basic"].value == Decimal("125.00")
    assert "replaced" in seen.calls  # undo rebuilt the model: views must show the new one


def test_a_refused_edit_is_said_not_raised(session):
    seen = Recorder(session)
    assert not session.figure_edit("坏", lambda: session.store.set_figure_label("no_such", "x"))
    assert seen.notices and seen.notices[-1][1] == "warning"
    assert not session.dirty


def test_structure_edit_returns_the_new_section_and_undo_removes_it(session):
    seen = Recorder(session)
    before = [s.title for s, _ in session.report.walk()]
    new = session.structure_edit(structure.add_section, find(session, "基本支出"))
    assert new is not False and new.title == structure.NEW_TITLE
    assert len(list(session.report.walk())) == len(before) + 1
    assert "replaced" in seen.calls or "edited" in seen.calls
    session.undo()
    assert [s.title for s, _ in session.report.walk()] == before


def test_a_fix_is_applied_and_the_open_text_reloaded(session):
    seen = Recorder(session)
    problem = next(p for p in session.problems if p.fix is not None and p.id.startswith("punct"))
    assert session.apply_fix(problem.fix)
    assert "reload" in seen.calls and session.dirty
    assert session.undo() is not None and not session.dirty


def test_a_new_figure_from_a_typed_amount_puts_its_placeholder_in_the_text(session):
    section = find(session, "基本支出")
    session.edit_body(section, "基本支出125.32万元，主要用于人员经费。")
    checked(session)
    problem = next(p for p in session.problems if p.id == "typed-amount" and "125.32" in p.message)
    found = session.typed_amount(problem)
    assert found is not None
    place_section, field, offset, typed, label = found
    assert typed.startswith("125.32") and label == "基本支出"
    changes = FigureChanges("basic_again", label, None, value=Decimal("125.32"))
    assert session.change_figure(None, changes, typed, (place_section, field, offset))
    assert "{{basic_again}}" in find(session, "基本支出").body
    assert session.report.figures["basic_again"].value == Decimal("125.32")


def test_a_figure_in_use_is_not_deleted(session):
    seen = Recorder(session)
    assert not session.delete_figure("spend_basic")
    assert "spend_basic" in session.report.figures
    assert "仍被引用" in seen.notices[-1][0]


def test_read_only_refuses_every_edit_once_in_words(session):
    seen = Recorder(session)
    session.read_only = True
    assert seen.calls[:2] == ["flush", "read_only=True"]  # typed text is kept before the lock
    section = find(session, "基本支出")
    body = section.body
    session.edit_body(section, "不应写入")
    assert section.body == body
    assert not session.figure_edit("x", lambda: session.store.set_figure_value("spend_basic", Decimal(1)))
    assert session.structure_edit(structure.add_section, section) is False
    problem = next(p for p in session.problems if p.fix is not None)
    assert not session.apply_fix(problem.fix)
    assert session.acknowledge(problem, "理由") is None
    assert not session.scorecard_edit("indicators", 0, "score", Decimal(1))
    assert session.scorecard_rows("indicators", "remove", 0) is None
    assert session.undo() is None
    assert session.save() is None
    assert not session.dirty
    refusals = [m for m, sev in seen.notices if sev == "warning"]
    assert len(refusals) == 8 and all("只读" in m for m in refusals)


def test_acknowledging_one_carried_over_paragraph_covers_that_paragraph_only(sample, tmp_path):
    from tui_report.yearly.new_year import new_report

    dest = tmp_path / "2023"
    new_report(sample, dest)
    session = checked(EditSession.open(dest))
    seen = Recorder(session)
    carried = [p for p in session.problems if p.id == "carried-over" and not p.acknowledged]
    # a section with several carried-over paragraphs
    by_where: dict[str, list] = {}
    for p in carried:
        by_where.setdefault(p.where, []).append(p)
    where, paragraphs = max(by_where.items(), key=lambda kv: len(kv[1]))
    assert len(paragraphs) > 1
    count = session.acknowledge(paragraphs[0], "每年相同")
    assert count == 1
    assert "1 个问题" in seen.notices[-1][0]
    checked(session)
    still = [p for p in session.problems if p.id == "carried-over" and not p.acknowledged]
    assert len(still) == len(carried) - 1


def test_scorecard_cells_and_rows_are_undoable(session):
    card = session.report.scorecard
    assert card is not None
    rows = len(card.indicators)
    assert session.scorecard_edit("indicators", 0, "actual", "25场次")
    assert session.report.scorecard.indicators[0].actual == "25场次"
    at = session.scorecard_rows("indicators", "add", 0, {"level1": "产出指标", "name": "新指标"})
    assert at is not None and len(session.report.scorecard.indicators) == rows + 1
    session.undo()
    session.undo()
    assert len(session.report.scorecard.indicators) == rows
    assert session.report.scorecard.indicators[0].actual != "25场次"


def test_problems_are_ordered_errors_first_then_as_a_reader_meets_them(session):
    ordered = session.ordered()
    rank = {"error": 0, "warning": 1, "info": 2}
    open_ = [p for p in ordered if not p.acknowledged]
    assert [rank[p.severity] for p in open_] == sorted(rank[p.severity] for p in open_)
    assert open_[0].severity == "error"
    key = session.report_order()
    warnings = [p for p in open_ if p.severity == "warning"]
    assert [key(p) for p in warnings] == sorted(key(p) for p in warnings)
    errors = session.ordered(only_errors=True)
    assert errors and all(p.severity == "error" for p in errors)


def test_where_names_sections_as_a_reader_does(session):
    labels = session.labels()
    problem = next(p for p in session.problems if p.target and p.target[1] == "sections/overview.toml"
                   and tuple(p.target[2]) == (0,))
    assert session.where(problem, labels) == "一（一）"


def test_section_marks_are_places_that_survive_a_rebuilt_model(session):
    session.edit_body(find(session, "基本支出"), "本年结余{{no_such_figure}}。")
    checked(session)
    marked, _ = session.section_marks()
    place = find(session, "基本支出").place
    assert place in marked
    session.figure_edit("重建", lambda: session.store.set_figure_label("spend_basic", "基本支出合计"))
    assert find(session, "基本支出").place == place  # a new object, the same place
