"""Every reach into python-docx's private parts, in one place.

python-docx exposes paragraphs, sections and parts but not the XML behind
them, and the DOCX exporter must write XML it has no API for (the page grid,
PAGE fields in footers, our own styles, font table and numbering). Each
reach is a function here, named for what it gives; ``INTERNALS`` lists the
private names, and ``tests/test_compat_canaries.py`` fails naming the one
that a new python-docx renamed or removed.
"""

from __future__ import annotations

from typing import Any

#: the python-docx release these were read against (pinned in pyproject)
CHECKED_AGAINST = "1.2.0"

#: (class path, private attribute) of every reach below
INTERNALS = (
    ("docx.text.paragraph.Paragraph", "_p"),
    ("docx.table.Table", "_tbl"),
    ("docx.section.Section", "_sectPr"),
    ("docx.section._Header", "_element"),
    ("docx.section._Footer", "_element"),
    ("docx.parts.document.DocumentPart", "_styles_part"),
    ("docx.opc.part.XmlPart", "_element"),
    ("docx.opc.part.Part", "_blob"),
)


def element(obj: Any) -> Any:
    """The lxml element behind a paragraph, table, section, header or footer."""
    from docx.section import Section
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if isinstance(obj, Paragraph):
        return obj._p
    if isinstance(obj, Table):
        return obj._tbl
    if isinstance(obj, Section):
        return obj._sectPr
    return obj._element


def remove_paragraph(paragraph: Any) -> None:
    """python-docx can add a paragraph but not take one out."""
    p = element(paragraph)
    p.getparent().remove(p)


def styles_part(document_part: Any) -> Any:
    """The styles part, without python-docx adding its default one when absent."""
    return document_part._styles_part


def replace_xml(part: Any, root: Any) -> None:
    """Make ``root`` the whole XML of an XML part (styles, numbering)."""
    part._element = root


def replace_blob(part: Any, blob: bytes) -> None:
    """Make ``blob`` the content of a part python-docx keeps as bytes (the font table)."""
    part._blob = blob
