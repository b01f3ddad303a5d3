"""Canaries for the private parts of Textual, Rich, python-docx and WeasyPrint we use.

Each library's reaches live in one compat module, which lists them in
``INTERNALS``. These tests find every listed name on the installed release,
on the class, the module or a real instance, and fail naming the one that a
new release renamed or removed; and they fail when the installed release is
not the one the module was read against, so an upgrade (`make lock`) comes
with a reading of what changed (docs/architecture.md#dependencies)."""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import re
from pathlib import Path

import pytest

from tui_report.export import docx_compat, weasyprint_compat
from tui_report.tui import rich_compat, textual_compat

from .conftest import ROOT

MODULES = {"textual": textual_compat, "rich": rich_compat, "python-docx": docx_compat,
           "weasyprint": weasyprint_compat}


def resolve(path: str) -> object:
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(path)


def instances(cls: type) -> list[object]:
    """Real objects of ``cls``, for attributes set in ``__init__``."""
    from docx import Document as DocxDocument
    from docx.opc.part import Part, XmlPart
    from docx.section import Section, _Footer, _Header
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from textual.app import App
    from textual.command import CommandPalette
    from textual.widgets import OptionList
    from textual.widgets.text_area import Document, WrappedDocument
    from weasyprint.text.fonts import FontConfiguration

    doc = DocxDocument()
    made: dict[type, object] = {
        WrappedDocument: WrappedDocument(Document("甲乙 丙丁"), 3),
        App: App(),
        CommandPalette: CommandPalette(),
        OptionList: OptionList(),
        Paragraph: doc.add_paragraph("x"),
        Table: doc.add_table(1, 1),
        Section: doc.sections[0],
        _Header: doc.sections[0].header,
        _Footer: doc.sections[0].footer,
        XmlPart: doc.part.numbering_part,
        Part: doc.part,
    }
    if cls is FontConfiguration:
        made[FontConfiguration] = FontConfiguration()
    return [made[cls]] if cls in made else []


CASES = [(library, owner, name) for library, module in MODULES.items() for owner, name in module.INTERNALS]


@pytest.mark.parametrize(("library", "owner", "name"), CASES, ids=[f"{o}.{n}" for _, o, n in CASES])
def test_every_private_name_we_use_is_still_there(library, owner, name):
    try:
        obj = resolve(owner)
    except (ImportError, AttributeError):
        pytest.fail(f"{library}: {owner} no longer exists (needed for {name}; see {MODULES[library].__name__})")
    found = hasattr(obj, name) or (inspect.isclass(obj) and any(hasattr(i, name) for i in instances(obj)))
    if not found:
        pytest.fail(f"{library}: {owner}.{name} no longer exists; {MODULES[library].__name__} must be mended")


@pytest.mark.parametrize("library", list(MODULES))
def test_the_installed_release_is_the_one_the_compat_module_was_read_against(library):
    module = MODULES[library]
    installed = importlib.metadata.version(library)
    assert installed == module.CHECKED_AGAINST, (
        f"{library} {installed} is installed, {module.__name__} was read against {module.CHECKED_AGAINST}: "
        f"re-read each name in its INTERNALS against the new release, then update CHECKED_AGAINST")


def test_no_private_name_of_a_library_outside_the_compat_modules():
    """ruff's SLF001 catches ``obj._name``; imports of private modules and
    subclasses overriding private methods it does not, so those are looked
    for here."""
    compat = {Path(m.__file__).resolve() for m in MODULES.values()}
    private_import = re.compile(r"^\s*(from|import)\s+(textual|rich|docx|weasyprint)(\.\w+)*\._\w+", re.M)
    offenders = []
    for path in (ROOT / "tui_report").rglob("*.py"):
        if path.resolve() in compat:
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {m.group(0).strip()}" for m in private_import.finditer(text)]
        for cls, base_private in _private_overrides(text):
            offenders.append(f"{path.relative_to(ROOT)}: {cls} overrides {base_private}")
    assert not offenders, offenders


def _private_overrides(text: str) -> list[tuple[str, str]]:
    """(class, method) for each ``def _name`` that a library class defines
    too, in classes that subclass a Textual widget, screen or app."""
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

    found = []
    for m in re.finditer(r"^class (\w+)\(([^)]*)\):\n((?:    .*\n|\n)*)", text, re.M):
        body = m.group(3)
        for name in re.findall(r"^    (?:async )?def (_[a-z]\w*)\(", body, re.M):
            if any(hasattr(base, name) for base in (App, Screen, Widget)):
                found.append((m.group(1), name))
    return found


def test_the_canary_fails_naming_a_missing_internal(monkeypatch):
    """The check above is real: a name a release removed is reported by name."""
    monkeypatch.setattr(rich_compat, "INTERNALS", (("rich.cells", "_gone_in_a_new_release"),))
    with pytest.raises(pytest.fail.Exception, match="rich.cells._gone_in_a_new_release"):
        test_every_private_name_we_use_is_still_there("rich", "rich.cells", "_gone_in_a_new_release")
