"""Import reads published PDFs through their text layer and old Word files
through LibreOffice, and Word's hidden text is not imported: real
round trips of the sample through the product's own exports."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tui_report.importer.pipeline import SourceError, import_file

from .conftest import ROOT, SAMPLE
from .lo_support import soffice


def _export(fmt: str, dest: Path, *extra: str) -> Path:
    out = dest / f"sample.{fmt}"
    subprocess.run([sys.executable, "-m", "tui_report", "export", str(SAMPLE), "--format", fmt, "-o", str(out), *extra],
                   check=True, capture_output=True, cwd=ROOT)
    return out


def _outline(imp) -> list[tuple[int, str]]:
    return [(n.level, n.title) for n in imp.outline.walk()]


def _bodies(imp) -> list[str]:
    # spaces are not compared: a PDF keeps no space a line's layout squeezed out
    return [re.sub(r"\s", "", b) for n in imp.outline.walk() for b in n.body]


@pytest.mark.slow
def test_the_samples_pdf_imports_back_to_its_outline_and_text(tmp_path):
    pytest.importorskip("weasyprint")
    from tui_report.export.pdf_engine import pdf_available

    if not pdf_available():
        pytest.skip("PDF export needs Pango")
    pdf = _export("pdf", tmp_path, "--draft")
    text = _export("txt", tmp_path)
    from_pdf, from_text = import_file(pdf), import_file(text)
    assert from_pdf.kind == "PDF"
    assert _outline(from_pdf) == _outline(from_text)
    assert _bodies(from_pdf) == _bodies(from_text)
    assert (from_pdf.report.department, from_pdf.report.year) == ("长沙市芙蓉区科学技术协会", 2022)
    said = [n.message for n in from_pdf.notes]
    assert any("附件" in m for m in said)  # the 自评表 after the body is named, not imported as text
    assert not any("连成一片" in m for m in said)  # nothing claimed that was not done
    assert not any("草稿" in b for b in _bodies(from_pdf))  # the draft mark of every page is not text


@pytest.mark.slow
def test_a_doc_made_by_libreoffice_imports_to_the_same_as_its_docx(tmp_path):
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    docx = _export("docx", tmp_path)
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(docx)],
                   check=True, capture_output=True, timeout=180)
    doc = tmp_path / "doc" / "sample.doc"
    from_doc, from_docx = import_file(doc), import_file(docx)
    assert "LibreOffice" in from_doc.kind
    assert _outline(from_doc) == _outline(from_docx)
    assert _bodies(from_doc) == _bodies(from_docx)
    assert not list(tmp_path.glob("doc/*.docx"))  # nothing left beside the source


def test_a_pdf_without_a_text_layer_is_refused_with_what_to_do(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    scan = tmp_path / "scan.pdf"
    with scan.open("wb") as f:
        writer.write(f)
    with pytest.raises(SourceError) as info:
        import_file(scan)
    assert "没有文字层" in str(info.value) and "OCR" in str(info.value)


def test_a_damaged_pdf_is_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    with pytest.raises(SourceError) as info:
        import_file(bad)
    assert "PDF" in str(info.value)


def test_words_hidden_text_is_not_imported_and_an_embedded_document_is_named(tmp_path):
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document()
    doc.add_paragraph("一、部门概况")
    para = doc.add_paragraph("本单位内设科室3个。")
    hidden = para.add_run("（内部备注：此句不公开）")
    hidden.font.hidden = True
    doc.add_paragraph("二、支出情况")
    doc.element.body.append(parse_xml(
        '<w:altChunk xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rIdX"/>'))
    doc.add_paragraph("全年支出10.00万元。")
    path = tmp_path / "r.docx"
    doc.save(str(path))
    imp = import_file(path)
    bodies = [b for n in imp.outline.walk() for b in n.body]
    assert bodies[0] == "本单位内设科室3个。"
    assert not any("内部备注" in b for b in bodies)
    assert any("altChunk" in n.message and not n.placed for n in imp.notes)
