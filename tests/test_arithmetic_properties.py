"""Generated sentences of each arithmetic pattern real reports use, with
random amounts and the punctuation variants they are typed with: each is
recognised and holds; changed by one digit, it is caught."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tui_report.checks import arithmetic
from tui_report.figures.values import resolve
from tui_report.report.model import Report

NAMES = ["工资福利支出", "商品和服务支出", "对个人和家庭的补助", "财政拨款收入", "事业收入", "培训经费",
         "信息化运维经费", "基本支出", "项目支出", "其他收入"]
TOTALS = ["本年支出", "本年收入合计", "支出合计", "总支出", "全年实际支出", "收入总计"]
COLON = st.sampled_from(["：", ":", "，", ",", ""])
SEP = st.sampled_from(["，", ",", "；", ";", "、"])
END = st.sampled_from(["。", "。", "；其他情况良好。"])
CENTS = st.integers(min_value=1, max_value=99_999_99)


def values_for(report: Report | None = None) -> arithmetic.Values:
    report = report or Report(root=None, title="t", department="d", year=2023, unit="万元")
    return arithmetic.Values(report, resolve(report))


def yuan(cents: int) -> str:
    """Two decimals always, as reports type amounts in 万元."""
    return format((Decimal(cents) / 100).quantize(Decimal("0.01")), "f")


def ids(text: str) -> list[str]:
    arithmetic.clear()
    return [f.id for f in arithmetic.check(text, values_for())]


def perturb(text: str, start: int, end: int, which: int, digit: int) -> str | None:
    """``text`` with one digit inside [start, end) replaced by another."""
    spots = [i for i in range(start, end) if text[i].isdigit()]
    if not spots:
        return None
    i = spots[which % len(spots)]
    new = str(digit)
    if new == text[i]:
        new = str((digit + 1) % 10)
    return text[:i] + new + text[i + 1:]


@st.composite
def breakdowns(draw):
    n = draw(st.integers(min_value=2, max_value=5))
    parts = draw(st.lists(CENTS, min_size=n, max_size=n))
    names = draw(st.permutations(NAMES))[:n]
    total_name = draw(st.sampled_from(TOTALS))
    after_total = draw(st.sampled_from(["。", "，", ","]))
    colon = draw(COLON)
    sep = draw(SEP)
    body = sep.join(f"{name}{yuan(c)}万元" for name, c in zip(names, parts, strict=True))
    text = f"{total_name}{yuan(sum(parts))}万元{after_total}其中{colon}{body}{draw(END)}"
    return text, [yuan(c) + "万元" for c in parts]


@settings(max_examples=150, deadline=None)
@given(case=breakdowns())
def test_a_breakdown_that_adds_up_is_recognised_and_holds(case):
    text, _ = case
    claims = arithmetic.recognise(text)
    assert len(claims.breakdowns) == 1 and claims.breakdowns[0].complete, text
    assert ids(text) == [], text


@settings(max_examples=150, deadline=None)
@given(case=breakdowns(), pick=st.integers(min_value=0), which=st.integers(min_value=0),
       digit=st.integers(min_value=0, max_value=9))
def test_a_breakdown_changed_by_one_digit_is_caught(case, pick, which, digit):
    text, amounts = case
    spans = [(text.index(a), text.index(a) + len(a)) for a in dict.fromkeys(amounts)]
    start, end = spans[pick % len(spans)]
    changed = perturb(text, start, end, which, digit)
    assume(changed is not None)
    assert "breakdown-sum" in ids(changed), changed


@settings(max_examples=100, deadline=None)
@given(case=breakdowns(), marker=st.sampled_from(["主要", "等"]), digit=st.integers(min_value=0, max_value=9))
def test_a_partial_list_is_not_summed(case, marker, digit):
    text, amounts = case
    if marker == "主要":
        partial = text.replace("其中", "其中主要", 1)
    else:
        last = amounts[-1]
        at = text.rindex(last) + len(last)
        partial = text[:at] + "等" + text[at:]
    claims = arithmetic.recognise(partial)
    assert claims.breakdowns and all(not b.complete for b in claims.breakdowns)
    start = partial.index(amounts[0])
    changed = perturb(partial, start, start + len(amounts[0]), 0, digit)
    assert "breakdown-sum" not in ids(changed), changed


@st.composite
def shares(draw):
    parts = draw(st.lists(st.integers(min_value=100, max_value=99_999_99), min_size=2, max_size=4))
    total = sum(parts)
    names = draw(st.permutations(NAMES))[:len(parts)]
    pct_sign = draw(st.sampled_from(["%", "％"]))
    comma = draw(st.sampled_from(["，", ","]))
    sep = draw(st.sampled_from(["；", ";"]))
    places = draw(st.sampled_from([1, 2]))
    q = Decimal(1).scaleb(-places)
    items = []
    for name, c in zip(names, parts, strict=True):
        share = (Decimal(c) * 100 / total).quantize(q, ROUND_HALF_UP)
        items.append(f"{name}{yuan(c)}万元{comma}占{share}{pct_sign}")
    text = f"{draw(st.sampled_from(TOTALS))}{yuan(total)}万元。其中{draw(COLON)}{sep.join(items)}。"
    return text


@settings(max_examples=150, deadline=None)
@given(text=shares())
def test_shares_are_recognised_and_hold(text):
    claims = arithmetic.recognise(text)
    assert len(claims.shares) >= 2, text
    assert ids(text) == [], text


@settings(max_examples=150, deadline=None)
@given(text=shares(), which=st.integers(min_value=0), digit=st.integers(min_value=0, max_value=9))
def test_a_share_changed_by_one_digit_is_caught(text, which, digit):
    pcts = [i for i, c in enumerate(text) if c in "%％"]
    end = pcts[which % len(pcts)]
    start = text.rindex("占", 0, end) + 1
    changed = perturb(text, start, end, which, digit)
    assume(changed is not None)
    assert "share" in ids(changed), changed


@st.composite
def changes(draw):
    prev = draw(st.integers(min_value=100_00, max_value=2000_00))
    value = draw(st.integers(min_value=100_00, max_value=2000_00).filter(lambda v: v != prev))
    delta = abs(value - prev)
    up = value > prev
    rate = (Decimal(delta) * 100 / prev).quantize(Decimal("0.01"), ROUND_HALF_UP)
    phrase = draw(st.sampled_from(["比上年", "较上年", "同比", "比上年度", "较上年度", "与上年相比，"]))
    word = draw(st.sampled_from(["增加", "增长"] if up else ["减少", "下降"]))
    rate_word = draw(st.sampled_from(["增长", "增幅", "上升"] if up else ["下降", "减幅", "降幅"]))
    comma = draw(st.sampled_from(["，", ","]))
    pct = draw(st.sampled_from(["%", "％"]))
    name = draw(st.sampled_from(TOTALS))
    text = f"{name}{yuan(value)}万元{comma}{phrase}{word}{yuan(delta)}万元{comma}{rate_word}{rate}{pct}。"
    return text, yuan(delta) + "万元", f"{rate}{pct}"


@settings(max_examples=150, deadline=None)
@given(case=changes())
def test_a_year_on_year_change_is_recognised_and_holds(case):
    text, _, _ = case
    claims = arithmetic.recognise(text)
    assert len(claims.changes) == 1 and claims.changes[0].delta is not None and claims.changes[0].rate is not None
    assert ids(text) == [], text


@settings(max_examples=150, deadline=None)
@given(case=changes(), which=st.integers(min_value=0), digit=st.integers(min_value=0, max_value=9))
def test_a_year_on_year_rate_changed_by_one_digit_is_caught(case, which, digit):
    text, _, rate = case
    start = text.rindex(rate)
    changed = perturb(text, start, start + len(rate) - 1, which, digit)
    assume(changed is not None)
    assert "yoy-rate" in ids(changed), changed


@settings(max_examples=150, deadline=None)
@given(case=changes(), which=st.integers(min_value=0), digit=st.integers(min_value=0, max_value=9))
def test_a_year_on_year_change_amount_changed_in_its_whole_digits_is_caught(case, which, digit):
    """A changed amount of change moves the implied previous value; it is
    caught whenever the rate it implies no longer rounds to the typed one
    (with a small value beside a large change the sentence cannot tell)."""
    text, delta, rate = case
    whole = delta.split(".")[0]
    start = text.index(delta, text.index("万元") + 2)  # the amount of change, after this year's value
    changed = perturb(text, start, start + len(whole), which, digit)
    assume(changed is not None)
    new_delta = Decimal(changed[start:changed.index("万元", start)])
    old_value = Decimal(re.search(r"(\d+\.\d+)万元", text).group(1))
    up = "增加" in text[:start] or "增长" in text[:start]
    implied = old_value - new_delta if up else old_value + new_delta
    typed_rate = Decimal(rate.rstrip("%％"))
    assume(implied <= 0 or (new_delta * 100 / implied).quantize(Decimal("0.01"), ROUND_HALF_UP) != typed_rate)
    assert {"yoy-rate", "yoy-change"} & set(ids(changed)), changed


@settings(max_examples=100, deadline=None)
@given(case=changes())
def test_a_direction_word_against_the_rate_is_an_error(case):
    text, _, _ = case
    flipped = text
    for a, b in (("增长", "下降"), ("增幅", "减幅"), ("上升", "下降"), ("下降", "增长"), ("减幅", "增幅"), ("降幅", "增幅")):
        i = flipped.rfind(a)
        if i > flipped.find("万元，") and i > 0:
            flipped = flipped[:i] + b + flipped[i + len(a):]
            break
    assume(flipped != text)
    assert "yoy-direction" in ids(flipped), flipped


@st.composite
def tables(draw):
    n = draw(st.integers(min_value=2, max_value=6))
    rows = draw(st.lists(CENTS, min_size=n, max_size=n))
    lines = ["| 项目 | 金额（万元） |", "|---|---|"]
    lines += [f"| {NAMES[i]} | {yuan(c)} |" for i, c in enumerate(rows)]
    lines.append(f"| {draw(st.sampled_from(['合计', '总计', '合 计']))} | {yuan(sum(rows))} |")
    return "\n".join(lines)


@settings(max_examples=100, deadline=None)
@given(text=tables())
def test_a_table_total_row_is_recognised_and_holds(text):
    assert arithmetic.recognise(text).tables
    assert ids(text) == [], text


@settings(max_examples=100, deadline=None)
@given(text=tables(), which=st.integers(min_value=0), digit=st.integers(min_value=0, max_value=9))
def test_a_table_cell_changed_by_one_digit_is_caught(text, which, digit):
    start = text.index("\n|", text.index("|---|")) + 1
    changed = perturb(text, start, len(text), which, digit)
    assume(changed is not None)
    assert "table-total" in ids(changed), changed


# --- the kinds found from what the numbers do ---------------------------------------

def rate_of(spent: int, budget: int) -> Decimal:
    return (Decimal(spent) * 100 / budget).quantize(Decimal("0.01"), ROUND_HALF_UP)


@st.composite
def execution_rates(draw):
    """批复1824.15万元，实际执行1711.15万元，执行率93.81%: budget and spent in
    either order, full- or half-width marks."""
    budget = draw(st.integers(min_value=100_00, max_value=9999_99))
    spent = draw(st.integers(min_value=1_00, max_value=budget))
    comma = draw(st.sampled_from(["，", ","]))
    pct = draw(st.sampled_from(["%", "％"]))
    first = f"{draw(st.sampled_from(['批复预算', '全年预算', '年初预算安排', '调整后预算']))}{yuan(budget)}万元"
    second = f"{draw(st.sampled_from(['实际执行', '实际支出', '已使用', '支付']))}{yuan(spent)}万元"
    parts = [first, second] if draw(st.booleans()) else [second, first]
    word = draw(st.sampled_from(["预算执行率为", "执行率", "资金执行率达到"]))
    rate = rate_of(spent, budget)
    return f"{parts[0]}{comma}{parts[1]}{comma}{word}{rate}{pct}。", f"{rate}{pct}"


@settings(max_examples=150, deadline=None)
@given(case=execution_rates())
def test_an_execution_rate_with_its_amounts_is_recognised_and_holds(case):
    text, _ = case
    rates = arithmetic.recognise(text).rates
    assert len(rates) == 1 and rates[0].numerator is not None and rates[0].denominator is not None, text
    assert ids(text) == [], text


@settings(max_examples=150, deadline=None)
@given(case=execution_rates(), which=st.integers(min_value=0), digit=st.integers(min_value=0, max_value=9))
def test_an_execution_rate_changed_by_one_digit_is_caught(case, which, digit):
    text, rate = case
    start = text.rindex(rate)
    changed = perturb(text, start, start + len(rate) - 1, which, digit)
    assume(changed is not None)
    assert "execution-rate" in ids(changed), changed


@st.composite
def remainders(draw):
    budget = draw(st.integers(min_value=100, max_value=9999_99))
    used = draw(st.integers(min_value=0, max_value=budget))
    comma = draw(st.sampled_from(["，", ","]))
    left = draw(st.sampled_from(["剩余", "结余", "余额"]))
    text = f"预算{yuan(budget)}万元{comma}已使用{yuan(used)}万元{comma}{left}{yuan(budget - used)}万元。"
    return text, yuan(budget - used) + "万元"


@settings(max_examples=150, deadline=None)
@given(case=remainders())
def test_what_is_left_is_recognised_and_holds(case):
    text, _ = case
    assert len(arithmetic.recognise(text).remainders) == 1, text
    assert ids(text) == [], text


@settings(max_examples=150, deadline=None)
@given(case=remainders(), which=st.integers(min_value=0), digit=st.integers(min_value=0, max_value=9))
def test_what_is_left_changed_by_one_digit_is_caught(case, which, digit):
    text, rest = case
    start = text.rindex(rest)
    changed = perturb(text, start, start + len(rest) - 2, which, digit)
    assume(changed is not None)
    assert "remainder" in ids(changed), changed


@st.composite
def sums_after(draw):
    """一批…3374.3万元，二批…2069.51万元，合计6222.4万元 (the total after its
    parts), or 年初预算14818万元（基本支出9896万元、项目支出4922万元） (the
    parts in brackets after the total)."""
    n = draw(st.integers(min_value=2, max_value=4))
    parts = draw(st.lists(CENTS, min_size=n, max_size=n))
    names = draw(st.permutations(NAMES))[:n]
    sep = draw(st.sampled_from(["，", ","]))
    if draw(st.booleans()):
        body = sep.join(f"{name}{yuan(c)}万元" for name, c in zip(names, parts, strict=True))
        text = f"{body}{sep}{draw(st.sampled_from(['合计', '共计', '总计']))}{yuan(sum(parts))}万元。"
    else:
        inner = draw(st.sampled_from(["、", "，", ","])).join(
            f"{name}{yuan(c)}万元" for name, c in zip(names, parts, strict=True))
        o, c = draw(st.sampled_from([("（", "）"), ("(", ")")]))
        text = f"{draw(st.sampled_from(TOTALS))}{yuan(sum(parts))}万元{o}{inner}{c}。"
    return text, [yuan(c) + "万元" for c in parts]


@settings(max_examples=150, deadline=None)
@given(case=sums_after())
def test_a_total_after_its_parts_or_parts_in_brackets_are_recognised_and_hold(case):
    text, _ = case
    claims = arithmetic.recognise(text)
    assert any(b.complete and len(b.parts) >= 2 for b in claims.breakdowns), text
    assert ids(text) == [], text


@settings(max_examples=150, deadline=None)
@given(case=sums_after(), pick=st.integers(min_value=0), which=st.integers(min_value=0),
       digit=st.integers(min_value=0, max_value=9))
def test_a_total_after_its_parts_changed_by_one_digit_is_caught(case, pick, which, digit):
    text, amounts = case
    spans = [(text.index(a), text.index(a) + len(a) - 2) for a in dict.fromkeys(amounts)]
    start, end = spans[pick % len(spans)]
    changed = perturb(text, start, end, which, digit)
    assume(changed is not None)
    assert "breakdown-sum" in ids(changed), changed


@st.composite
def counts(draw):
    """资助学生2400名（其中城区900人，农村1500人）: people and units counted."""
    parts = draw(st.lists(st.integers(min_value=0, max_value=5000), min_size=2, max_size=4))
    counter, other = draw(st.sampled_from([("人", "名"), ("名", "人"), ("个", "家"), ("辆", "辆")]))
    names = draw(st.permutations(["城区", "农村", "在职人员", "退休人员", "行政编制", "事业编制"]))[:len(parts)]
    sep = draw(st.sampled_from(["，", ",", "、"]))
    body = sep.join(f"{name}{c}{counter}" for name, c in zip(names, parts, strict=True))
    if draw(st.booleans()):
        text = f"共有{sum(parts)}{other}，其中{draw(COLON)}{body}。"
    else:
        text = f"共有{sum(parts)}{other}（其中{body}）。"
    return text, [f"{c}{counter}" for c in parts]


@settings(max_examples=150, deadline=None)
@given(case=counts())
def test_counts_in_a_list_are_recognised_and_hold(case):
    text, _ = case
    claims = arithmetic.recognise(text)
    assert any(b.complete and b.total.kind == "count" for b in claims.breakdowns), text
    assert ids(text) == [], text


@settings(max_examples=150, deadline=None)
@given(case=counts(), which=st.integers(min_value=0), digit=st.integers(min_value=0, max_value=9))
def test_counts_changed_by_one_digit_are_caught(case, which, digit):
    text, _ = case
    m = re.search(r"共有(\d+)", text)
    changed = perturb(text, m.start(1), m.end(1), which, digit)
    assume(changed is not None)
    assert "breakdown-sum" in ids(changed), changed
