"""`tui-report review` over the whole corpus (tests/corpus/, ≥ 40 real
published reports and the 自评表 texts beside them): every file is a row,
the JSON validates against docs/review.schema.json, the workbook opens in
openpyxl with the same rows, each row's page exists and shows its problems
in context, and nothing is written beside the inputs."""

from __future__ import annotations

import json
from decimal import Decimal

import openpyxl
import pytest
from jsonschema import Draft202012Validator

from .review_support import CORPUS, SCHEMA, Review, corpus_files, corpus_review_once


@pytest.fixture(scope="module")
def corpus_review(tmp_path_factory) -> Review:
    return corpus_review_once(tmp_path_factory)


def test_every_corpus_file_is_one_row(corpus_review):
    files = corpus_files()
    assert len(files) >= 40
    sources = [r["source"] for r in corpus_review.data["reports"]]
    assert sorted(sources) == sorted(str(p) for p in files)
    assert [r["index"] for r in corpus_review.data["reports"]] == list(range(1, len(files) + 1))
    assert corpus_review.data["summary"]["reports"] == len(files)


def test_the_json_validates_against_the_schema_in_docs(corpus_review):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema).iter_errors(corpus_review.data))
    assert not errors, [e.message for e in errors[:5]]


def test_the_exit_status_is_1_exactly_when_a_report_has_errors(corpus_review):
    summary = corpus_review.data["summary"]
    assert summary["with_errors"] >= 1  # the corpus has real ones (a 自评表 total typed over the sum)
    assert corpus_review.status == 1, corpus_review.stderr[-2000:]
    assert "审阅共" in corpus_review.stdout and "index.html" in corpus_review.stdout


def test_nothing_is_written_beside_the_inputs(corpus_review):
    assert corpus_review.after == corpus_review.before


def test_the_workbook_opens_with_the_same_rows(corpus_review):
    book = openpyxl.load_workbook(corpus_review.out / "review.xlsx")
    assert book.sheetnames == ["报告", "问题"]
    sheet = book["报告"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    data = corpus_review.data["reports"]
    assert [r[1] for r in rows] == [r["source"] for r in data]
    assert [r[7] for r in rows] == [r["errors"] for r in data]  # counts are numbers, not text
    findings = book["问题"]
    assert findings.max_row - 1 == sum(len(r["findings"]) for r in data)


def test_a_scorecard_whose_typed_total_is_not_the_sum_does_not_hold(corpus_review):
    row = corpus_review.row("scorecards/pipe-cells.txt")
    card = row["scorecard"]
    assert card["typed_total"] == "99" and card["computed_total"] != "99"
    assert card["holds"] is False and row["verdict"] == "有错误"
    assert any(f["id"] == "score-total" for f in row["findings"])


def test_the_execution_rate_comes_from_the_scorecard_or_the_text(corpus_review):
    hebei = corpus_review.row("hebei-langfang-food-school-hvac-2019.txt")
    assert (hebei["execution_rate"], hebei["execution_rate_from"]) == ("86", "自评表")
    shandong = corpus_review.row("shandong-cppcc-general-office-2023.txt")
    assert shandong["execution_rate_from"] == "正文"
    assert Decimal(shandong["execution_rate"]) == Decimal("97.66")


def test_a_published_sum_that_does_not_add_up_is_shown_in_its_sentence(corpus_review):
    """hunan-shaoyang-beita-cppcc-budget-2017: 226.7248 万元, 其中 177.2577 + 23.7080."""
    row = corpus_review.row("hunan-shaoyang-beita-cppcc-budget-2017.txt")
    found = next(f for f in row["findings"] if f["id"] == "breakdown-sum")
    sentence = "".join(found["sentence"].values())
    assert "226.7248" in sentence and "177.2577" in sentence
    assert "{{" not in sentence  # placeholders printed as the published text has them
    assert found["place"].startswith(("一、", "二、", "三、", "四、", "五、", "六、", "七、"))
    page = (corpus_review.out / row["page"]).read_text(encoding="utf-8")
    assert "<mark>" in page and "226.7248" in page and "../index.html" in page


def test_every_row_links_to_its_page(corpus_review):
    index = (corpus_review.out / "index.html").read_text(encoding="utf-8")
    for row in corpus_review.data["reports"]:
        assert (corpus_review.out / row["page"]).is_file()
        assert f'href="{row["page"]}"' in index
    assert CORPUS.name not in {p.name for p in corpus_review.out.iterdir()}
