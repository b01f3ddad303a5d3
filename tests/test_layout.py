"""The package shows the pipeline: stage packages with a docstring that says
what they take, give and may use; at most four top-level modules; the
architecture page a newcomer reads first, linked from the README."""

from __future__ import annotations

import importlib

from .conftest import ROOT

PACKAGE = ROOT / "tui_report"
STAGES = ["report", "figures", "checks", "render", "export", "importer", "yearly", "versions", "review", "tui"]


def test_at_most_four_top_level_modules_beside_the_stage_packages():
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= 4, modules
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert packages == sorted(STAGES)


def test_every_stage_package_says_what_it_does_and_what_it_may_use():
    for stage in STAGES:
        doc = importlib.import_module(f"tui_report.{stage}").__doc__ or ""
        lines = [line for line in doc.strip().splitlines() if line.strip()]
        assert len(lines) >= 2, stage
        assert "Uses" in doc or "uses" in doc or "imports no other stage" in doc.lower(), stage


def test_the_architecture_page_exists_and_the_readme_links_it():
    page = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    for stage in STAGES:
        assert f"`{stage}/`" in page
    assert "docs/architecture.md" in (ROOT / "README.md").read_text("utf-8")
