"""Figures added, renamed, re-united, made derived and deleted through the
store, on the real sample: report.toml changes only on the figure's line,
in the file's own style, and the model (values, spans, problems) follows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tui_report import checks
from tui_report.figures.editing import FormulaRefused, check_formula, set_formula
from tui_report.figures.naming import suggest_id, valid_id
from tui_report.figures.usage import figure_in_use
from tui_report.figures.values import resolve
from tui_report.report.figure_toml import EditRefused
from tui_report.report.history import History
from tui_report.report.store import Store, load


def lines(store: Store) -> list[str]:
    return store.text_of("report.toml").splitlines()


def changed(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    """Lines only in ``before``, lines only in ``after`` (order kept)."""
    import difflib

    gone, new = [], []
    for line in difflib.ndiff(before, after):
        if line.startswith("- "):
            gone.append(line[2:])
        elif line.startswith("+ "):
            new.append(line[2:])
    return gone, new


def test_add_figure_writes_one_aligned_line_after_the_last_figure(sample):
    store = Store.open(sample)
    before = lines(store)
    fig = store.add_figure("training", "培训费", value=Decimal("1.50"))
    after = lines(store)
    assert changed(before, after) == ([], ['training        = { label = "培训费", value = 1.50 }'])
    at = after.index('training        = { label = "培训费", value = 1.50 }')
    assert after[at - 1].startswith("balance_end ") and after[at + 1] == "" and after[at + 2] == "[[checks]]"
    # the model knows it, where it is, and the problems below moved with the file
    assert fig is store.report.figures["training"] and fig.value == Decimal("1.50") and fig.unit is None
    assert fig.span.line == at + 1 and fig.spans["value"].col == after[at].index("1.50") + 1
    balance = next(p for p in checks.run(store.report) if p.id == "check:balance")
    assert after[balance.line - 1].startswith("rule = ")
    assert "report.toml" in store.dirty_files()
    store.save()
    assert load(sample).figures["training"].value == Decimal("1.50")


def test_add_figure_unit_and_empty_value(sample):
    store = Store.open(sample)
    store.add_figure("fee", "会议费", unit="元")
    store.add_figure("fee_total", "会议费合计", unit="万元")  # the report's unit: no key
    text = store.text_of("report.toml")
    assert 'fee             = { label = "会议费", value = "", unit = "元" }' in text
    assert 'fee_total       = { label = "会议费合计", value = "" }' in text
    assert store.report.figures["fee"].value is None and store.report.figures["fee"].unit == "元"
    unfilled = {p.where for p in checks.run(store.report) if p.id == "figure-unfilled"}
    assert unfilled == {"fee", "fee_total"}


def test_a_long_id_is_not_padded_and_other_lines_are_left_alone(sample):
    store = Store.open(sample)
    before = lines(store)
    store.add_figure("a_rather_long_figure_identifier", "长编号")
    assert changed(before, lines(store)) == ([], ['a_rather_long_figure_identifier = { label = "长编号", value = "" }'])


@pytest.mark.parametrize(("fid", "label", "message"), [
    ("spend_total", "实际支出", "已存在"),
    ("1st", "第一", "只能含英文字母"),
    ("bad-id", "坏", "只能含英文字母"),
    ("ok", "  ", "名称不能为空"),
    ("ok", "两\n行", "只能写一行"),
])
def test_add_figure_refused_changes_nothing(sample, fid, label, message):
    store = Store.open(sample)
    before = store.text_of("report.toml")
    with pytest.raises(EditRefused, match=message):
        store.add_figure(fid, label)
    assert store.text_of("report.toml") == before and store.dirty_files() == []


def test_label_unit_and_delete_change_only_their_line(sample):
    store = Store.open(sample)
    before = lines(store)
    store.set_figure_label("spend_basic", "基本支出（含人员经费）")
    store.set_figure_unit("spend_project", "元")
    store.set_figure_unit("balance_start", None)
    store.set_figure_unit("balance_end", "万元")  # the report's unit: the key goes
    store.set_figure_unit("spend_total", "")  # none to remove: no change
    store.delete_figure("budget_approved")
    gone, new = changed(before, lines(store))
    assert gone == [
        'budget_approved = { label = "预算批复", value = 150.32 }',
        'spend_basic     = { label = "基本支出", value = 125.32 }',
        'spend_project   = { label = "项目支出", value = 28.67 }',
        'balance_start   = { label = "上年结余", value = 0, unit = "元" }',
        'balance_end     = { label = "本年结余", value = 0, unit = "元" }',
    ]
    assert new == [
        'spend_basic     = { label = "基本支出（含人员经费）", value = 125.32 }',
        'spend_project   = { label = "项目支出", value = 28.67, unit = "元" }',
        'balance_start   = { label = "上年结余", value = 0 }',
        'balance_end     = { label = "本年结余", value = 0 }',
    ]
    report = store.report
    assert report.figures["spend_basic"].label == "基本支出（含人员经费）"
    assert report.figures["spend_project"].unit == "元" and report.figures["balance_start"].unit is None
    assert "budget_approved" not in report.figures
    problems = checks.run(report)
    assert {p.where for p in problems if p.id == "unit-mix"} == {"spend_project"}
    # the placeholder that named the deleted figure is now an error the author sees
    assert any(p.id == "unknown-placeholder" and "budget_approved" in p.message for p in problems)
    store.save()
    assert load(sample).figures.keys() == report.figures.keys()


def test_unknown_figure_is_refused(sample):
    store = Store.open(sample)
    for edit in (lambda: store.set_figure_label("nope", "无"), lambda: store.set_figure_unit("nope", "元"),
                 lambda: store.delete_figure("nope"), lambda: store.set_figure_formula("nope", "1")):
        with pytest.raises(EditRefused, match="没有编号为“nope”的数字"):
            edit()
    assert store.dirty_files() == []


def test_formula_makes_a_derived_figure_and_back(sample):
    store = Store.open(sample)
    before = lines(store)
    set_formula(store, "balance_end", "balance_start + funds_received - spend_total")
    gone, new = changed(before, lines(store))
    assert new == ['balance_end     = { label = "本年结余", formula = "balance_start + funds_received - spend_total", '
                   'unit = "元" }']
    fig = store.report.figures["balance_end"]
    assert fig.derived and fig.value is None
    assert resolve(store.report).values["balance_end"] == Decimal("76.33")  # 万元, the report's unit
    assert not any(p.id == "check:balance" for p in checks.run(store.report))  # holds by construction now
    set_formula(store, "balance_end", None)
    assert 'balance_end     = { label = "本年结余", value = "", unit = "元" }' in lines(store)
    assert not store.report.figures["balance_end"].derived


@pytest.mark.parametrize(("formula", "message", "offset"), [
    ("spend_basic +", "第 14 个字符", 13),
    ("spend_basic + nosuch", "未知的数字编号“nosuch”", 14),
    ("spend_basic == spend_total", "不能是比较", 12),
    ("balance_end + 1", "循环引用", 0),
])
def test_a_formula_that_cannot_work_is_refused_before_writing(sample, formula, message, offset):
    store = Store.open(sample)
    before = store.text_of("report.toml")
    with pytest.raises(FormulaRefused) as info:
        set_formula(store, "balance_end", formula)
    assert message in info.value.message and info.value.offset == offset
    assert store.text_of("report.toml") == before and store.dirty_files() == []


def test_a_formula_that_fails_only_on_todays_numbers_is_accepted(sample):
    store = Store.open(sample)
    check_formula(store.report, "spend_total", "spend_basic / balance_start")  # balance_start is 0 today
    set_formula(store, "spend_total", "spend_basic / balance_start")
    assert any(p.id == "bad-formula" for p in checks.run(store.report))


def test_figures_written_as_tables_get_a_table(sample):
    path = sample / "report.toml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("[figures]"), text.index("[[checks]]")
    tables = "".join(f'[figures.{fid}]\nlabel = "{fig.label}"\nvalue = {fig.value}\n\n'
                     for fid, fig in load(sample).figures.items())
    path.write_text(text[:start] + tables + text[end:], encoding="utf-8")
    store = Store.open(sample)
    store.add_figure("training", "培训费", unit="元", value=Decimal(3))
    store.set_figure_unit("spend_total", "千元")
    out = store.text_of("report.toml")
    assert '[figures.training]\nlabel = "培训费"\nvalue = 3\nunit = "元"\n\n[[checks]]' in out
    assert '[figures.spend_total]\nlabel = "实际支出"\nvalue = 153.99\nunit = "千元"\n' in out
    assert store.report.figures["training"].value == Decimal(3)


def test_every_edit_is_one_undo_step_back_to_the_bytes_read(sample):
    store = Store.open(sample)
    read = store.text_of("report.toml")
    history = History(store)
    history.record("添加数字", lambda: store.add_figure("training", "培训费"))
    history.record("删除数字", lambda: store.delete_figure("spend_basic"))
    assert history.undo() == "删除数字" and "spend_basic" in store.report.figures
    assert history.undo() == "添加数字" and "training" not in store.report.figures
    assert store.text_of("report.toml") == read and store.dirty_files() == []


# --- ids -------------------------------------------------------------------------


def test_known_labels_get_the_ids_the_sample_uses(sample):
    report = load(sample)
    for fid, fig in report.figures.items():
        assert suggest_id(fig.label, set()) == fid
    assert suggest_id("实际支出", set(report.figures)) == "spend_total_2"
    assert suggest_id("实际支出", set(report.figures) | {"spend_total_2"}) == "spend_total_3"
    assert suggest_id("年初预算数", set()) == "budget_approved"  # an alias of 预算批复
    assert suggest_id("预算执行率", set()) == "exec_rate"  # as docs/format.md names it


def test_other_labels_get_a_readable_fallback_never_taken():
    assert suggest_id("培训费", set()) == "figure_1"
    assert suggest_id("培训费", {"figure_1", "figure_2"}) == "figure_3"
    assert suggest_id("Training fee", set()) == "training_fee"
    assert suggest_id("2022 total", set()) == "figure_1"  # would start with a digit
    assert suggest_id("year", set()) == "year_2"  # {{year}} is the report's
    for label in ("培训费", "Training fee", "year", "sum", "", "!!!", "实际支出"):
        assert valid_id(suggest_id(label, {"figure_1", "spend_total"})) is None


@pytest.mark.parametrize(("fid", "message"), [
    ("spend_total", None),
    ("_x1", None),
    ("", "不能为空"),
    ("1a", "不以数字开头"),
    ("a-b", "只能含英文字母"),
    ("实际支出", "只能含英文字母"),
    ("year", "报告字段 {{year}}"),
    ("department", "报告字段"),
    ("round", "公式函数"),
    ("x" * 41, "过长"),
])
def test_valid_id(fid, message):
    got = valid_id(fid)
    assert (got is None) if message is None else (message in got)


# --- usage -----------------------------------------------------------------------


def test_figure_in_use_names_prose_checks_formulas_settings_and_title(sample):
    report = load(sample)
    assert figure_in_use(report, "spend_total") == ["正文 一（二）", "校验 spend-sum", "校验 balance"]
    assert figure_in_use(report, "spend_basic") == ["正文 一（二）", "正文 二（一）", "校验 spend-sum"]
    store = Store.open(sample)
    store.add_figure("spare", "备用")
    assert figure_in_use(store.report, "spare") == []
    set_formula(store, "spare", "spend_total / 2")
    assert "派生数字 spare" in figure_in_use(store.report, "spend_total")
    text = store.text_of("report.toml").replace("[figures]", '[settings]\nbase = "spare"\n\n[figures]')
    text = text.replace('title = "{{department}}', 'title = "{{spare}}{{department}}')
    store.replace_text("report.toml", text)
    report = store.rebuild()
    assert figure_in_use(report, "spare") == ["设置 base", "标题"]
