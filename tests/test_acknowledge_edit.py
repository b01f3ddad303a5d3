"""Accepting a problem from the editor: one ``[[acknowledged]]`` entry
appended to report.toml, narrowed to where the problem is, after which
`check` shows it acknowledged and no longer fails."""

from __future__ import annotations

import pytest

from tui_report import checks
from tui_report.report.figure_toml import EditRefused
from tui_report.report.store import Store

from .conftest import run_cli

REASON = "与已公开的原报告一致，差额已向财政局书面说明"


def problem(store: Store, pid: str, where: str | None = None):
    return next(p for p in checks.run(store.report) if p.id == pid and (where is None or p.where == where))


def test_acknowledged_problem_survives_save_and_reload_and_the_file_only_grows(sample):
    before = (sample / "report.toml").read_bytes()
    store = Store.open(sample)
    balance = problem(store, "check:balance")
    assert balance.severity == "error" and not balance.acknowledged
    ack = store.add_acknowledgement(balance, REASON)
    assert (ack.problem, ack.where, ack.reason) == ("check:balance", "balance", REASON)
    assert problem(store, "check:balance").acknowledged  # at once, in the rebuilt model
    store.save()

    after = (sample / "report.toml").read_bytes()
    appended = ('\n[[acknowledged]]\nproblem = "check:balance"\nwhere = "balance"\n'
                f'reason = "{REASON}"\n').encode()
    assert after == before + appended

    again = Store.open(sample)
    found = problem(again, "check:balance")
    assert found.acknowledged and found.reason == REASON
    assert not [p for p in checks.run(again.report) if p.id in ("ack-unused", "ack-no-reason")]
    assert again.report.acknowledged[0].span.line == before.count(b"\n") + 3
    res = run_cli("check", str(sample))
    assert res.returncode == 0, res.stdout  # warnings only now
    assert "acknowledged" in res.stdout and "[check:balance]" in res.stdout


def test_a_prose_problem_is_acknowledged_in_its_section_only(sample):
    store = Store.open(sample)
    punct = [p for p in checks.run(store.report) if p.id == "punct-halfwidth"]
    first = punct[0]
    elsewhere = [p for p in punct if not (p.where == first.where or p.where.startswith(first.where + "/"))]
    assert elsewhere
    store.add_acknowledgement(first, "原文照录")
    now = [p for p in checks.run(store.report) if p.id == "punct-halfwidth"]
    assert [p.acknowledged for p in now if p.where == first.where] and all(
        p.acknowledged for p in now if p.where == first.where)
    assert not any(p.acknowledged for p in now
                   if not (p.where == first.where or p.where.startswith(first.where + "/")))


def test_a_figure_problem_is_acknowledged_for_that_figure(sample):
    store = Store.open(sample)
    store.add_acknowledgement(problem(store, "unit-mix", "balance_start"), "结余按元填报，与财政口径一致")
    mix = {p.where: p.acknowledged for p in checks.run(store.report) if p.id == "unit-mix"}
    assert mix == {"balance_start": True, "balance_end": False}
    store.add_acknowledgement(problem(store, "unit-mix", "balance_end"), "同上")
    assert all(p.acknowledged for p in checks.run(store.report) if p.id == "unit-mix")
    text = store.text_of("report.toml")
    assert text.count("[[acknowledged]]") == 2 and text.endswith('reason = "同上"\n')


def test_entries_go_after_existing_ones_wherever_they_are(sample):
    path = sample / "report.toml"
    text = path.read_text(encoding="utf-8")
    first_ack = '[[acknowledged]]\nproblem = "punct-*"\nwhere = "overview"\nreason = "原文照录"\n\n'
    path.write_text(text.replace("[[checks]]", first_ack + "[[checks]]", 1), encoding="utf-8")
    store = Store.open(sample)
    store.add_acknowledgement(problem(store, "check:balance"), REASON)
    out = store.text_of("report.toml")
    assert out.index('problem = "check:balance"') < out.index("[[checks]]")
    assert f'reason = "{REASON}"\n\n[[checks]]' in out
    assert [a.problem for a in store.report.acknowledged] == ["punct-*", "check:balance"]
    assert problem(store, "check:balance").acknowledged


def test_a_reason_is_required_and_an_acknowledged_problem_is_not_acknowledged_twice(sample):
    store = Store.open(sample)
    balance = problem(store, "check:balance")
    for reason in ("", "   "):
        with pytest.raises(EditRefused, match="说明不能为空"):
            store.add_acknowledgement(balance, reason)
    assert store.dirty_files() == []
    store.add_acknowledgement(balance, REASON)
    with pytest.raises(EditRefused, match="已确认"):
        store.add_acknowledgement(problem(store, "check:balance"), "再说一遍")


def test_a_reason_with_quotes_and_backslashes_is_kept_as_typed(sample):
    store = Store.open(sample)
    reason = '按“元”填报 \\ 见 "附件1"'
    store.add_acknowledgement(problem(store, "check:balance"), reason)
    store.save()
    assert Store.open(sample).report.acknowledged[0].reason == reason
