"""Fuzzing the headless stages with hypothesis: random and mutated report
files through the loader, the checks and every renderer (txt, md, html).
Nothing may escape but the tool's own errors, and no case may take more
than a second. ``make test`` runs a bounded budget; ``make fuzz`` a long one
(the ``fuzz`` hypothesis profile, see conftest.py)."""

from __future__ import annotations

import os
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_report import checks
from tui_report.export.html import standalone
from tui_report.render.markdown import to_markdown
from tui_report.render.text import to_text
from tui_report.report.errors import TuiReportError
from tui_report.report.store import load

from .conftest import IGNORE_STATE, SAMPLE

FILES = ["report.toml", "sections/overview.toml", "sections/general-budget.toml"]
ALPHABET = st.sampled_from(list("其中占比上年同比增加减少增长下降合计小计总计万元元%％，。；：、,.;:()（）|*_[]`!{}\n 0123456789"
                                "\x1b\u202e\u200b\ufeff\x00\t'\"=#") + ["{{spend_total}}", "{{spend_total.rate}}",
                                                                     "{{year}}", "其中：", "比上年增加", "| 合计 |"])
PROSE = st.lists(ALPHABET, max_size=300).map("".join)
#: a bounded budget in ``make test``, thousands of cases in ``make fuzz``
EXAMPLES = 3000 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 40
LIMIT = settings(max_examples=EXAMPLES, deadline=1000,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _everything(root) -> None:
    try:
        report = load(root)
    except TuiReportError:
        return  # a file the loader explains is the right outcome
    checks.run(report)
    to_text(report)
    to_markdown(report)
    standalone(report)


@LIMIT
@given(body=PROSE, index=st.integers(min_value=0, max_value=30))
def test_any_prose_is_checked_and_rendered(tmp_path_factory, body, index):
    root = tmp_path_factory.mktemp("fuzz") / "r"
    shutil.copytree(SAMPLE, root, ignore=IGNORE_STATE)
    report = load(root)
    sections = [s for s, _ in report.walk() if not s.error]
    section = sections[index % len(sections)]
    section.body = body
    checks.run(report)
    to_text(report)
    to_markdown(report)
    standalone(report)


@LIMIT
@given(which=st.sampled_from(FILES), data=st.data())
def test_mutated_report_files_load_or_are_explained(tmp_path_factory, which, data):
    root = tmp_path_factory.mktemp("fuzz") / "r"
    shutil.copytree(SAMPLE, root, ignore=IGNORE_STATE)
    raw = bytearray((root / which).read_bytes())
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        at = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
        how = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        byte = data.draw(st.integers(min_value=0, max_value=255))
        if how == "flip":
            raw[at] = byte
        elif how == "delete":
            del raw[at]
        else:
            raw.insert(at, byte)
    (root / which).write_bytes(bytes(raw))
    _everything(root)
