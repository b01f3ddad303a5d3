"""One `tui-report review` over the corpus, shared by the review tests.

The corpus review takes a few seconds: it runs once per test session (with
``--jobs 2``, as a user would on this 2-core machine, through real worker
processes) and every test reads the same output folder. The corpus folder's
listing is taken before and after, so a test can assert nothing was written
beside the inputs.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli

CORPUS = ROOT / "tests" / "corpus"
SCHEMA = ROOT / "docs" / "review.schema.json"
SUFFIXES = (".txt", ".md")


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time."""
    out = {}
    for path in sorted(folder.rglob("*")):
        st = path.stat()
        out[str(path.relative_to(folder))] = (st.st_size, st.st_mtime_ns)
    return out


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in SUFFIXES and not p.name.startswith("."))


@dataclass
class Review:
    out: Path
    status: int
    stdout: str
    stderr: str
    data: dict
    before: dict[str, tuple[int, int]]
    after: dict[str, tuple[int, int]]

    def row(self, name: str) -> dict:
        return next(r for r in self.data["reports"] if r["source"].endswith(name))


_done: list[Review] = []


def corpus_review_once(tmp_path_factory) -> Review:
    """The corpus reviewed once per test process; each test module's own
    fixture returns this one result."""
    if _done:
        return _done[0]
    out = tmp_path_factory.mktemp("review") / "out"
    before = listing(CORPUS)
    res = run_cli("review", str(CORPUS), "-o", str(out), "--jobs", "2")
    after = listing(CORPUS)
    data = json.loads((out / "review.json").read_text(encoding="utf-8")) if (out / "review.json").exists() else {}
    _done.append(Review(out, res.returncode, res.stdout, res.stderr, data, before, after))
    return _done[0]


CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def browser():
    """Debian's chromium through its chromium-driver, headless, with the
    console log kept. Missing, it fails the test saying what to install
    (CI installs both through scripts/setup-system.sh): a skipped browser
    test would let a broken page through unnoticed."""
    chromium = shutil.which("chromium") or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    driver = shutil.which("chromedriver") or (CHROMEDRIVER if os.path.exists(CHROMEDRIVER) else None)
    if chromium is None or driver is None:
        pytest.fail("浏览器测试需要 Debian 的 chromium 与 chromium-driver：运行 scripts/setup-system.sh，"
                    "或 apt-get install chromium chromium-driver", pytrace=False)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # the driver named explicitly: Selenium Manager would otherwise try to download one
    return webdriver.Chrome(service=Service(driver), options=options)
