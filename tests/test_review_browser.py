"""The review's HTML in a real browser (Debian's chromium through
chromium-driver and Selenium): it opens without console errors (a blocked
script or style under its Content-Security-Policy is one), sorts and filters,
and report text that carries HTML or script stays text."""

from __future__ import annotations

import json

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from .conftest import run_cli
from .review_support import Review, browser, corpus_review_once

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_review(tmp_path_factory) -> Review:
    return corpus_review_once(tmp_path_factory)


@pytest.fixture(scope="module")
def driver():
    d = browser()
    yield d
    d.quit()


def severe(d) -> list[dict]:
    return [e for e in d.get_log("browser") if e["level"] == "SEVERE"]


def visible_rows(d) -> list:
    return [r for r in d.find_elements(By.CSS_SELECTOR, "#reports tbody tr") if r.is_displayed()]


def column(d, n: int) -> list[str]:
    return [r.find_elements(By.TAG_NAME, "td")[n].text for r in visible_rows(d)]


def header(d, name: str):
    return d.find_element(By.XPATH, f"//th/button[normalize-space()='{name}']")


def test_the_index_sorts_and_filters_without_console_errors(corpus_review, driver):
    driver.get((corpus_review.out / "index.html").as_uri())
    assert severe(driver) == []
    reports = corpus_review.data["reports"]
    assert len(visible_rows(driver)) == len(reports)

    header(driver, "警告").click()  # ascending
    warnings = [int(x) for x in column(driver, 6)]
    assert warnings == sorted(warnings)
    header(driver, "警告").click()  # descending
    warnings = [int(x) for x in column(driver, 6)]
    assert warnings == sorted(warnings, reverse=True) and warnings[0] == max(r["warnings"] for r in reports)

    header(driver, "执行率").click()
    rates = [x for x in column(driver, 11)]
    stated = [float(x.rstrip("%")) for x in rates if x]
    assert stated == sorted(stated) and len(stated) >= 2
    assert all(x == "" for x in rates[len(stated):])  # reports without a rate sort last

    Select(driver.find_element(By.ID, "verdict")).select_by_value("有错误")
    assert len(visible_rows(driver)) == corpus_review.data["summary"]["with_errors"]
    assert set(column(driver, 4)) == {"有错误"}
    Select(driver.find_element(By.ID, "verdict")).select_by_value("")

    unit = next(r for r in reports if r["department"] == "北京市文物局")
    box = driver.find_element(By.ID, "q")
    box.send_keys("北京市文物局")
    assert column(driver, 2) == ["北京市文物局"]
    assert driver.find_element(By.ID, "shown").text == f"显示 1 / {len(reports)} 份"
    box.clear()
    box.send_keys(" ")  # an input event with an empty query shows every row again
    assert len(visible_rows(driver)) == len(reports)

    driver.find_element(By.LINK_TEXT, unit["source"]).click()
    assert driver.current_url.endswith(unit["page"])
    assert severe(driver) == []


def test_a_report_page_shows_the_sentence_and_opens_cleanly(corpus_review, driver):
    row = corpus_review.row("hunan-shaoyang-beita-cppcc-budget-2017.txt")
    driver.get((corpus_review.out / row["page"]).as_uri())
    assert severe(driver) == []
    marks = driver.find_elements(By.TAG_NAME, "mark")
    assert marks and any(m.text for m in marks)
    quote = driver.find_element(By.XPATH, "//blockquote[contains(., '226.7248')]")
    assert "177.2577" in quote.text


HOSTILE = """<script>alert(1)</script>关于某某局2023年度部门整体支出绩效自评报告
一、部门基本情况
<img src=x onerror=alert(2)>本单位年度预算数100.00万元，其中基本支出60.00万元，项目支出50.00万元。
二、存在的问题
详见<a href="javascript:alert(3)">这里</a>和 javascript:alert(4) 与 https://example.invalid/x 。
"""


def test_report_text_with_html_and_script_stays_text(tmp_path, driver):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "<img src=x onerror=alert(5)>坏名字.txt").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "out"
    res = run_cli("review", str(inputs), "-o", str(out), "--jobs", "1")
    assert res.returncode in (0, 1), res.stderr
    data = json.loads((out / "review.json").read_text(encoding="utf-8"))
    row = data["reports"][0]
    assert row["status"] == "ok" and any(f["id"] == "breakdown-sum" for f in row["findings"])  # 60 + 50 ≠ 100
    for page in (out / "index.html", out / "reports" / "0001.html"):
        driver.get(page.as_uri())
        with pytest.raises(NoAlertPresentException):
            driver.switch_to.alert.accept()
        assert severe(driver) == []
        scripts = driver.find_elements(By.TAG_NAME, "script")
        assert len(scripts) == (1 if page.name == "index.html" else 0)
        assert driver.find_elements(By.TAG_NAME, "img") == []
        hrefs = {a.get_attribute("href") for a in driver.find_elements(By.TAG_NAME, "a")}
        assert all(h.startswith("file://") and h.endswith(".html") for h in hrefs), hrefs
    driver.get((out / "index.html").as_uri())
    assert "<img src=x onerror=alert(5)>坏名字.txt" in driver.find_element(By.ID, "reports").text
