"""A PDF or HTML is the file handed in: a report with errors or figures to
fill is refused (listing them) unless exported with ``--draft``, which marks
every page 草稿; a clean report exports unmarked."""

from __future__ import annotations

import pypdf
import pytest

from tui_report import checks
from tui_report.export.guard import blocking
from tui_report.export.run import run
from tui_report.report.store import Store, load

from .conftest import run_cli

pytestmark = pytest.mark.xdist_group("pdf-guard")

MARK = "草稿"


def acknowledge_balance(root) -> None:
    """The sample's one error (the published report's wrong balance)
    accepted, as an author would from the editor: then nothing blocks."""
    store = Store.open(root)
    balance = next(p for p in checks.run(store.report) if p.id == "check:balance")
    store.add_acknowledgement(balance, "与已公开的原报告一致")
    store.save()


def page_texts(path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def test_what_blocks_the_sample_is_its_one_error(sample):
    report = load(sample)
    found = blocking(report)
    assert [(p.id, p.severity) for p in found] == [("check:balance", "error")]
    assert blocking(report, checks.run(report)) == found  # the editor passes the problems it has
    acknowledge_balance(sample)
    assert blocking(load(sample)) == []  # warnings (punctuation, unit-mix) never block


def test_unfilled_figures_block_even_when_acknowledged(tmp_path, sample):
    dest = tmp_path / "next"
    assert run_cli("new", str(dest), "--from", str(sample)).returncode == 0
    found = blocking(load(dest))
    assert {p.id for p in found} == {"figure-unfilled"} and len(found) == 6
    with (dest / "report.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[acknowledged]]\nproblem = "figure-unfilled"\nreason = "稍后填写"\n')
    problems = checks.run(load(dest))
    assert not checks.failing(problems)  # `check` passes: the author accepted them
    assert len(blocking(load(dest), problems)) == 6  # but the page would still print 【待填】


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_export_refuses_listing_the_problems_with_their_positions(sample, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    res = run_cli("export", str(sample), "--format", fmt, "-o", str(out))
    assert res.returncode == 1, res.stderr
    balance = next(p for p in checks.run(load(sample)) if p.id == "check:balance")
    assert balance.format() in res.stderr.splitlines()
    assert res.stderr.startswith("report.toml:40:9: error: ")
    assert f"未导出 {fmt.upper()}：报告还有 1 个问题" in res.stderr and "--draft" in res.stderr
    assert not out.exists() and res.stdout == ""


def test_a_fresh_report_is_refused_for_each_figure_to_fill(tmp_path, sample):
    dest = tmp_path / "next"
    assert run_cli("new", str(dest), "--from", str(sample)).returncode == 0
    res = run_cli("export", str(dest), "--format", "pdf", "-o", str(tmp_path / "next.pdf"))
    assert res.returncode == 1
    assert sum(line.endswith("[figure-unfilled]") for line in res.stderr.splitlines()) == 6
    assert "报告还有 6 个问题" in res.stderr


def test_text_exports_are_working_copies_and_never_refused(sample):
    for fmt in ("md", "txt"):
        res = run_cli("export", str(sample), "--format", fmt)
        assert res.returncode == 0 and "部门概况" in res.stdout and MARK not in res.stdout, res.stderr


def test_draft_pdf_carries_the_mark_on_every_page(sample, tmp_path):
    out = tmp_path / "draft.pdf"
    res = run_cli("export", str(sample), "--format", "pdf", "--draft", "-o", str(out))
    assert res.returncode == 0, res.stderr
    texts = page_texts(out)
    assert len(texts) >= 5
    assert all(MARK in text for text in texts), [MARK in t for t in texts]
    assert all(text.count(MARK) == 1 for text in texts)  # the sample's prose never says 草稿


def test_a_clean_report_exports_without_draft_and_without_the_mark(sample, tmp_path):
    acknowledge_balance(sample)
    out = tmp_path / "final.pdf"
    res = run_cli("export", str(sample), "--format", "pdf", "-o", str(out))
    assert res.returncode == 0, res.stderr
    texts = page_texts(out)
    assert len(texts) >= 5 and not any(MARK in text for text in texts)
    assert "部门概况" in texts[0]
    page = tmp_path / "final.html"
    assert run_cli("export", str(sample), "--format", "html", "-o", str(page)).returncode == 0
    assert "draft-mark" not in page.read_text(encoding="utf-8")


def test_draft_html_marks_the_window_and_the_printed_pages(sample, tmp_path):
    page = tmp_path / "draft.html"
    res = run_cli("export", str(sample), "--format", "html", "--draft", "-o", str(page))
    assert res.returncode == 0, res.stderr
    html = page.read_text(encoding="utf-8")
    assert f'<body>\n<p class="draft-mark" role="note">{MARK}</p>' in html
    assert ".draft-mark {" in html and f'content: "{MARK}"' in html
    # the same through the function the editor calls
    result = run(load(sample), "html", None, draft=True)
    assert result.data is not None and b'class="draft-mark"' in result.data
    assert b"draft-mark" not in (run(load(sample), "html", None).data or b"")


def test_a_refused_target_is_said_before_the_report_problems(sample):
    res = run_cli("export", str(sample), "--format", "pdf", "-o", str(sample / "report.toml"))
    assert res.returncode == 2 and "报告自身的文件" in res.stderr and "未导出" not in res.stderr
